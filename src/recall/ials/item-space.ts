/**
 * What a trained iALS model knows at recall time: the item factors, and how
 * to place a user among them from their interactions alone (implicit's
 * recalculate_user): an exact solve of the user's least-squares problem
 * against the fixed item factors, so new users and fresh history work.
 */
import { addDiagonal, addWeightedGram, axpy, choleskyFactor, choleskySolve, dot, gram } from '../../math/linalg.js';

export interface WeightingParameters {
  alpha: number;
  regularization: number;
  regularizationExponent: number;
}

/** One interaction of the user with item `index`; weight 0 is ignored, negative is a dislike. */
export interface FoldInEntry {
  index: number;
  weight: number;
}

export class ItemSpace {
  private gramCache: Float64Array | undefined;
  private unitCache: Float32Array | undefined;

  constructor(
    readonly factors: number,
    /** items × factors, row-major. */
    readonly itemFactors: Float32Array,
    readonly weighting: WeightingParameters,
  ) {}

  get itemCount(): number {
    return this.factors === 0 ? 0 : this.itemFactors.length / this.factors;
  }

  /** YᵀY, computed once. */
  private get gram(): Float64Array {
    this.gramCache ??= gram(this.itemFactors, this.factors);
    return this.gramCache;
  }

  /**
   * The user's factors: the solution of
   * (YᵀY + λ_u I + Σ |s| yᵢyᵢᵀ) x = Σ_{s > 0} (1 + s) yᵢ with s = α · weight,
   * or undefined without a positive entry.
   */
  foldIn(entries: readonly FoldInEntry[]): Float32Array | undefined {
    const f = this.factors;
    const { alpha, regularization, regularizationExponent } = this.weighting;
    const a = new Float64Array(this.gram);
    const b = new Float64Array(f);
    const indices: number[] = [];
    const weights: number[] = [];
    let positives = 0;
    let rowConfidence = this.itemCount;
    for (const { index, weight } of entries) {
      if (weight === 0) continue;
      const s = alpha * weight;
      indices.push(index);
      weights.push(Math.abs(s));
      rowConfidence += Math.abs(s);
      if (s > 0) {
        axpy(f, 1 + s, this.itemFactors, index * f, b, 0);
        positives++;
      }
    }
    if (positives === 0) return undefined;
    addWeightedGram(f, a, this.itemFactors, indices, weights);
    addDiagonal(f, a, regularization * (regularizationExponent === 0 ? 1 : Math.pow(rowConfidence, regularizationExponent)));
    choleskySolve(f, choleskyFactor(f, a), b);
    return Float32Array.from(b);
  }

  /** x · yᵢ for every item. */
  scores(x: Float32Array): Float32Array {
    const n = this.itemCount;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = dot(this.factors, this.itemFactors, i * this.factors, x, 0);
    return out;
  }

  /** Cosine similarity of item i with every item. */
  cosines(i: number): Float32Array {
    const unit = this.unitVectors();
    const f = this.factors;
    const n = this.itemCount;
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) out[j] = dot(f, unit, j * f, unit, i * f);
    return out;
  }

  private unitVectors(): Float32Array {
    if (!this.unitCache) {
      const f = this.factors;
      const unit = Float32Array.from(this.itemFactors);
      for (let i = 0; i < this.itemCount; i++) {
        const norm = Math.sqrt(dot(f, unit, i * f, unit, i * f));
        if (norm > 0) for (let j = 0; j < f; j++) unit[i * f + j]! /= norm;
      }
      this.unitCache = unit;
    }
    return this.unitCache;
  }
}
