/** A small synthetic multi-task problem: tasks share latent factors of the features, as engagement types do. */
import { Random } from '../../src/math/random.js';
import type { LabelledExamples } from '../../src/rank/data.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function multiTaskProblem(n: number, seed: number, startTime = 0): LabelledExamples {
  const random = new Random(seed);
  const width = 6;
  const rows = new Float32Array(n * width);
  const labels = { closeup: new Uint8Array(n), click: new Uint8Array(n), save: new Uint8Array(n), hide: new Uint8Array(n) };
  const dwell = new Float32Array(n);
  const userIds: string[] = [];
  const pinIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: width }, () => random.normal());
    const interest = x[0]! + 0.7 * x[1]!;
    const quality = x[2]! - 0.5 * x[3]!;
    labels.closeup[i] = random.bernoulli(sigmoid(1.5 * interest - 1.5)) ? 1 : 0;
    labels.click[i] = random.bernoulli(sigmoid(interest + quality - 2.5)) ? 1 : 0;
    labels.save[i] = random.bernoulli(sigmoid(1.5 * quality + 0.5 * interest * interest - 3)) ? 1 : 0;
    labels.hide[i] = random.bernoulli(sigmoid(-1.5 * interest - 3)) ? 1 : 0;
    if (labels.closeup[i]) dwell[i] = Math.max(0.1, 1.5 + 0.8 * quality + 0.2 * random.normal());
    if (random.bernoulli(0.1)) x[4] = Number.NaN; // some unknown values, imputed with a missing flag
    rows.set(x, i * width);
    userIds.push(`u${random.int(50)}`);
    pinIds.push(`p${random.int(300)}`);
  }
  return {
    names: ['a', 'b', 'c', 'd', 'e', 'f'],
    rows,
    labels,
    dwell,
    userIds,
    pinIds,
    timestamps: Float64Array.from({ length: n }, (_, i) => startTime + i * 1000),
  };
}
