/**
 * The three multi-task networks, built with the TensorFlow.js layers API.
 * Every model maps a transformed feature row to one output per head, in
 * HEADS order (batch × 5): a logit for each binary task and a linear dwell
 * estimate. Towers, experts and gates run as grouped layers (layers.ts).
 *
 * - shared-bottom: one MLP shared by every task, then a small tower per task.
 * - mmoe (Ma et al., KDD 2018): E expert MLPs on the input; each task mixes
 *   them with its own softmax gate over the input, then its tower.
 * - ple (Tang et al., RecSys 2020): customised gate control (CGC) levels.
 *   Each level has k experts per task and s shared experts; a task's gate
 *   mixes its own and the shared experts, and below the top level a shared
 *   gate mixes all experts to feed the next level's shared experts.
 */
import { Experts, GateMix, PleMix } from './layers.js';
import { HEADS, type Task } from './heads.js';
import type { MultiTaskOptions } from './multitask-options.js';
import { tf } from './tf.js';

type Sym = tf.SymbolicTensor;
const T = HEADS.length;

/** Builds layers with seeded initialisers: the n-th layer gets its own seed. */
class LayerFactory {
  private count = 0;
  constructor(private readonly o: MultiTaskOptions) {}

  private seed(): number {
    return this.o.seed * 1009 + this.count++;
  }

  private dropout(x: Sym, name: string): Sym {
    return this.o.dropout > 0 ? (tf.layers.dropout({ rate: this.o.dropout, name: `${name}_dropout` }).apply(x) as Sym) : x;
  }

  /** A plain dense ReLU layer (batch × in → batch × units), then dropout. */
  dense(x: Sym, units: number, name: string): Sym {
    const out = tf.layers
      .dense({
        units,
        activation: 'relu',
        name,
        kernelInitializer: tf.initializers.glorotUniform({ seed: this.seed() }),
        kernelRegularizer: this.o.l2 > 0 ? tf.regularizers.l2({ l2: this.o.l2 }) : undefined,
      })
      .apply(x) as Sym;
    return this.dropout(out, name);
  }

  /** `experts` parallel layers per input group (see Experts); ReLU layers get dropout. */
  experts(x: Sym, experts: number, units: number, name: string, activation: 'relu' | 'linear' | 'softmax' = 'relu', biasInit?: number[]): Sym {
    const out = new Experts({ name, experts, units, activation, l2: this.o.l2, seed: this.seed(), biasInit }).apply(x) as Sym;
    return activation === 'relu' ? this.dropout(out, name) : out;
  }

  /** Expert MLPs: the first layer makes `count` experts per group of `x`, deeper layers continue each expert on its own. */
  expertMlp(x: Sym, count: number, name: string): Sym {
    return this.o.expertUnits.reduce((h, units, i) => this.experts(h, i === 0 ? count : 1, units, `${name}_${i}`), x);
  }
}

/**
 * Per-task towers and heads. `x` is either one representation shared by
 * every head (batch × D) or one per head (batch × T × D).
 */
function towersAndHeads(f: LayerFactory, o: MultiTaskOptions, x: Sym, priors: Record<Task, number>): Sym {
  const perHead = x.shape.length === 3 ? 1 : T;
  let h = x;
  if (o.towerUnits > 0) h = f.experts(h, perHead, o.towerUnits, 'towers');
  const bias = HEADS.map((head) => (head === 'dwell' ? 0 : Math.log(priors[head] / (1 - priors[head]))));
  const out = f.experts(h, h.shape.length === 3 ? 1 : T, 1, 'heads', 'linear', bias);
  return tf.layers.reshape({ targetShape: [T], name: 'outputs' }).apply(out) as Sym;
}

function sharedBottom(f: LayerFactory, o: MultiTaskOptions, input: Sym, priors: Record<Task, number>): Sym {
  const shared = o.bottomUnits.reduce((x, units, i) => f.dense(x, units, `bottom_${i}`), input);
  return towersAndHeads(f, o, shared, priors);
}

function mmoe(f: LayerFactory, o: MultiTaskOptions, input: Sym, priors: Record<Task, number>): Sym {
  const experts = f.expertMlp(input, o.experts, 'experts'); // batch × E × D
  const gates = f.experts(input, T, o.experts, 'gates', 'softmax'); // batch × T × E
  const mixed = new GateMix({ name: 'mixture' }).apply([gates, experts]) as Sym; // batch × T × D
  return towersAndHeads(f, o, mixed, priors);
}

function ple(f: LayerFactory, o: MultiTaskOptions, input: Sym, priors: Record<Task, number>): Sym {
  const k = o.taskExperts;
  const s = o.sharedExperts;
  let taskInput = input; // batch × in at level 0, then batch × T × D
  let sharedInput = input;
  for (let level = 0; level < o.levels; level++) {
    // At level 0 every task reads the input: T·k experts on one group; later, k experts on each task's own group.
    const own = f.expertMlp(taskInput, level === 0 ? T * k : k, `l${level}_task_experts`); // batch × T·k × D
    const shared = f.expertMlp(sharedInput, s, `l${level}_shared_experts`); // batch × s × D
    const gates = f.experts(taskInput, level === 0 ? T : 1, k + s, `l${level}_task_gates`, 'softmax'); // batch × T × (k+s)
    const mixed = new PleMix({ name: `l${level}_task_mixture`, perTask: k }).apply([gates, own, shared]) as Sym;
    if (level < o.levels - 1) {
      const all = tf.layers.concatenate({ axis: 1, name: `l${level}_all_experts` }).apply([own, shared]) as Sym;
      const sharedGate = f.experts(sharedInput, 1, T * k + s, `l${level}_shared_gate`, 'softmax'); // batch × 1 × (T·k+s)
      const sharedMixed = new GateMix({ name: `l${level}_shared_mixture` }).apply([sharedGate, all]) as Sym;
      sharedInput = tf.layers.reshape({ targetShape: [o.expertUnits[o.expertUnits.length - 1]!], name: `l${level}_shared_out` }).apply(sharedMixed) as Sym;
    }
    taskInput = mixed;
  }
  return towersAndHeads(f, o, taskInput, priors);
}

/**
 * The network for `options.architecture` over `inputWidth` transformed
 * features. `priors` (training base rates) start each binary head's bias at
 * the logit of its rate, so early epochs are not spent learning it.
 */
export function buildNetwork(options: MultiTaskOptions, inputWidth: number, priors: Record<Task, number>): tf.LayersModel {
  const clamp = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));
  const safe = Object.fromEntries(Object.entries(priors).map(([key, v]) => [key, clamp(v)])) as Record<Task, number>;
  const f = new LayerFactory(options);
  const input = tf.input({ shape: [inputWidth], name: 'features' });
  const build = { 'shared-bottom': sharedBottom, mmoe, ple }[options.architecture];
  return tf.model({ inputs: input, outputs: build(f, options, input, safe), name: options.architecture.replace('-', '_') });
}
