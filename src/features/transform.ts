/**
 * From raw feature rows (NaN = unknown) to model input: each missing value is
 * imputed with the column's mean, median or mode from training rows, a
 * column that was ever missing gets a 0/1 "missing" flag beside it, and every
 * value is standardised with the training mean and deviation. Fitted once on
 * training rows, saved with the model, applied alike at serving.
 */
export type Imputation = 'mean' | 'median' | 'mode';

export interface FeatureTransformState {
  names: string[];
  imputation: Imputation[];
  fill: number[];
  mean: number[];
  std: number[];
  /** Columns that get a missing flag (in output order after the values). */
  flagged: number[];
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  let best = values[0]!;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > counts.get(best)! || (c === counts.get(best)! && v < best)) best = v;
  }
  return best;
}

function fillValue(values: number[], how: Imputation): number {
  if (values.length === 0) return 0;
  if (how === 'median') return median(values);
  if (how === 'mode') return mode(values);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export class FeatureTransform {
  private constructor(private readonly s: FeatureTransformState) {}

  /**
   * Fits on `rows` (row-major, `names.length` wide). `imputation` gives the
   * strategy per feature name (default mean).
   */
  static fit(rows: Float32Array, names: readonly string[], imputation: Readonly<Record<string, Imputation>> = {}): FeatureTransform {
    const width = names.length;
    if (width === 0 || rows.length % width !== 0) throw new Error(`feature rows: ${rows.length} values is not a whole number of rows of ${width}`);
    for (const name of Object.keys(imputation)) {
      if (!names.includes(name)) throw new Error(`imputation names unknown feature "${name}"`);
    }
    const n = rows.length / width;
    const s: FeatureTransformState = { names: [...names], imputation: [], fill: [], mean: [], std: [], flagged: [] };
    for (let j = 0; j < width; j++) {
      const known: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = rows[i * width + j]!;
        if (!Number.isNaN(v)) known.push(v);
      }
      const how = imputation[names[j]!] ?? 'mean';
      const fill = fillValue(known, how);
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const v = Number.isNaN(rows[i * width + j]!) ? fill : rows[i * width + j]!;
        sum += v;
        sq += v * v;
      }
      const mean = n > 0 ? sum / n : 0;
      const variance = n > 0 ? Math.max(0, sq / n - mean * mean) : 0;
      s.imputation.push(how);
      s.fill.push(fill);
      s.mean.push(mean);
      s.std.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
      if (known.length < n) s.flagged.push(j);
    }
    return new FeatureTransform(s);
  }

  static load(state: FeatureTransformState): FeatureTransform {
    const w = state.names?.length;
    if (!w || [state.fill, state.mean, state.std, state.imputation].some((a) => a?.length !== w) || !Array.isArray(state.flagged)) {
      throw new TypeError('feature transform: saved state is malformed');
    }
    return new FeatureTransform(state);
  }

  save(): FeatureTransformState {
    return this.s;
  }

  /** Width of a transformed row: every feature plus one flag per flagged feature. */
  get outputWidth(): number {
    return this.s.names.length + this.s.flagged.length;
  }

  get outputNames(): string[] {
    return [...this.s.names, ...this.s.flagged.map((j) => `${this.s.names[j]}_missing`)];
  }

  /** Transforms row-major raw rows into row-major model input. */
  apply(rows: Float32Array): Float32Array {
    const { names, fill, mean, std, flagged } = this.s;
    const width = names.length;
    if (rows.length % width !== 0) throw new Error(`feature rows: ${rows.length} values is not a whole number of rows of ${width}`);
    const n = rows.length / width;
    const outWidth = this.outputWidth;
    const out = new Float32Array(n * outWidth);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) {
        const raw = rows[i * width + j]!;
        out[i * outWidth + j] = ((Number.isNaN(raw) ? fill[j]! : raw) - mean[j]!) / std[j]!;
      }
      for (let f = 0; f < flagged.length; f++) out[i * outWidth + width + f] = Number.isNaN(rows[i * width + flagged[f]!]!) ? 1 : 0;
    }
    return out;
  }
}
