/**
 * FTRL-Proximal logistic regression (McMahan et al., "Ad Click Prediction:
 * a View from the Trenches", KDD 2013, Algorithm 1), per coordinate:
 *
 *   w_i = 0                                                  if |z_i| ≤ λ1
 *   w_i = -(z_i - sgn(z_i)·λ1) / ((β + √n_i)/α + λ2)         otherwise
 *   p = σ(Σ x_i·w_i);  g_i = (p - y)·x_i
 *   σ_i = (√(n_i + g_i²) - √n_i)/α;  z_i += g_i - σ_i·w_i;  n_i += g_i²
 *
 * Examples are sparse (coordinate indices and values), so an update touches
 * only the coordinates present; weights are computed lazily from z and n.
 * L1 (λ1) sets weights exactly to zero, which keeps hashed models sparse.
 */
import { Type, type Static } from 'typebox';
import { sigmoid } from './calibration.js';

export const FtrlParameters = Type.Object(
  {
    alpha: Type.Number({ exclusiveMinimum: 0, description: 'α: per-coordinate learning-rate scale.' }),
    beta: Type.Number({ minimum: 0, description: 'β: smooths the early per-coordinate learning rate (1 is typical).' }),
    l1: Type.Number({ minimum: 0, description: 'λ1: L1 penalty; weights with |z| ≤ λ1 are exactly zero.' }),
    l2: Type.Number({ minimum: 0, description: 'λ2: L2 penalty.' }),
  },
  { additionalProperties: false },
);
export type FtrlParameters = Static<typeof FtrlParameters>;

/** Coordinate indices and their values; indices may repeat (their values add). */
export interface SparseRow {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface FtrlState {
  size: number;
  parameters: FtrlParameters;
  /** Coordinates with any update, and their z and n. */
  touched: Uint32Array;
  z: Float64Array;
  n: Float64Array;
}

export class FtrlLogistic {
  private readonly z: Float64Array;
  private readonly n: Float64Array;

  constructor(
    readonly size: number,
    readonly parameters: FtrlParameters,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FTRL: size must be a positive integer, got ${size}`);
    this.z = new Float64Array(size);
    this.n = new Float64Array(size);
  }

  /** The current weight of coordinate `i`. */
  weight(i: number): number {
    const z = this.z[i]!;
    const { alpha, beta, l1, l2 } = this.parameters;
    if (Math.abs(z) <= l1) return 0;
    return -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(this.n[i]!)) / alpha + l2);
  }

  private check(row: SparseRow): void {
    if (row.indices.length !== row.values.length) throw new RangeError(`FTRL: ${row.indices.length} indices but ${row.values.length} values`);
  }

  logit(row: SparseRow): number {
    this.check(row);
    let t = 0;
    for (let k = 0; k < row.indices.length; k++) {
      const i = row.indices[k]!;
      if (i < 0 || i >= this.size) throw new RangeError(`FTRL: coordinate ${i} is outside 0..${this.size - 1}`);
      t += this.weight(i) * row.values[k]!;
    }
    return t;
  }

  predict(row: SparseRow): number {
    return sigmoid(this.logit(row));
  }

  /** One online step on (row, label ∈ {0, 1}); returns the prediction made before the step. */
  update(row: SparseRow, label: number): number {
    const p = this.predict(row);
    const { alpha } = this.parameters;
    for (let k = 0; k < row.indices.length; k++) {
      const i = row.indices[k]!;
      const g = (p - label) * row.values[k]!;
      if (g === 0) continue;
      const w = this.weight(i);
      const n = this.n[i]!;
      const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / alpha;
      this.z[i]! += g - sigma * w;
      this.n[i] = n + g * g;
    }
    return p;
  }

  /** Coordinates with a non-zero weight. */
  nonZeroWeights(): number {
    let count = 0;
    for (let i = 0; i < this.size; i++) if (this.n[i]! > 0 && this.weight(i) !== 0) count++;
    return count;
  }

  save(): FtrlState {
    const touched: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.n[i]! > 0) touched.push(i);
    return {
      size: this.size,
      parameters: this.parameters,
      touched: Uint32Array.from(touched),
      z: Float64Array.from(touched, (i) => this.z[i]!),
      n: Float64Array.from(touched, (i) => this.n[i]!),
    };
  }

  static load(state: unknown): FtrlLogistic {
    const s = state as Partial<FtrlState> | null;
    const ok =
      s &&
      Number.isInteger(s.size) &&
      s.parameters &&
      s.touched instanceof Uint32Array &&
      s.z instanceof Float64Array &&
      s.n instanceof Float64Array &&
      s.z.length === s.touched.length &&
      s.n.length === s.touched.length;
    if (!ok) throw new TypeError('FTRL: saved state is malformed');
    const model = new FtrlLogistic(s.size!, s.parameters!);
    s.touched!.forEach((i, k) => {
      if (i >= model.size) throw new TypeError(`FTRL: saved coordinate ${i} is outside the model (${model.size})`);
      model.z[i] = s.z![k]!;
      model.n[i] = s.n![k]!;
    });
    return model;
  }
}
