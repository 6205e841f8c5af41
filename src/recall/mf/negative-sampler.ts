/**
 * Negative pins for pairwise training: uniform over the catalogue, or in
 * proportion to popularity^exponent through Walker's alias table (O(1) per
 * draw, one random number).
 */
import type { Random } from '../../math/random.js';

export interface NegativeSampler {
  /** A pin index in [0, items). */
  draw(random: Random): number;
}

export function uniformSampler(items: number): NegativeSampler {
  return { draw: (random) => Math.floor(random.float() * items) };
}

export class AliasSampler implements NegativeSampler {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  /** Draws i with probability weights[i] / Σ weights; weights must be non-negative with a positive sum. */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} is ${w}; weights must be finite and non-negative`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('weights must have a positive sum');
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = Float64Array.from({ length: n }, (_, i) => (weights[i]! * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i]! < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large[large.length - 1]!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) small.push(large.pop()!);
    }
    // What is left is 1 up to rounding.
    for (const i of [...small, ...large]) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  draw(random: Random): number {
    const u = random.float() * this.probability.length;
    const i = Math.floor(u);
    return u - i < this.probability[i]! ? i : this.alias[i]!;
  }
}

/** Pins drawn in proportion to count^exponent; exponent 0 is uniform over pins with any count. */
export function popularitySampler(counts: ArrayLike<number>, exponent: number): NegativeSampler {
  return new AliasSampler(Float64Array.from({ length: counts.length }, (_, i) => (counts[i]! > 0 ? counts[i]! ** exponent : 0)));
}
