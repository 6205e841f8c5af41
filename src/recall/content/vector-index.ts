/**
 * Pin vectors (CSR rows) with an inverted index term → (pin, weight) for
 * cosine search: a query touches only the postings of its own terms. Pins
 * added or re-vectorised after the build go to a small delta (their base
 * postings are skipped from then on), so the index never rebuilds online;
 * `toRows` folds everything back for saving.
 */
import type { SparseVector } from './sparse-vector.js';
import { topK } from './top-k.js';

export interface VectorRows {
  indptr: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
}

interface Postings {
  indptr: Int32Array;
  rows: Int32Array;
  weights: Float32Array;
}

export interface Hit {
  row: number;
  score: number;
}

/** Term → rows by counting sort; rows come out ascending within each term. */
function invert(rows: VectorRows, terms: number): Postings {
  const indptr = new Int32Array(terms + 1);
  for (const t of rows.terms) indptr[t + 1]!++;
  for (let t = 0; t < terms; t++) indptr[t + 1]! += indptr[t]!;
  const fill = indptr.slice(0, terms);
  const out = new Int32Array(rows.terms.length);
  const weights = new Float32Array(rows.terms.length);
  for (let r = 0; r + 1 < rows.indptr.length; r++) {
    for (let k = rows.indptr[r]!; k < rows.indptr[r + 1]!; k++) {
      const at = fill[rows.terms[k]!]!++;
      out[at] = r;
      weights[at] = rows.weights[k]!;
    }
  }
  return { indptr, rows: out, weights };
}

export class VectorIndex {
  private readonly rowOf: Map<string, number>;
  private readonly baseRows: number;
  private readonly postings: Postings;
  /** Rows added after the build, and base rows re-vectorised since. */
  private readonly delta = new Map<number, SparseVector>();
  private readonly deltaPostings = new Map<number, { rows: number[]; weights: number[] }>();
  /** Base rows whose base postings are stale (the row is in the delta). */
  private readonly stale: Uint8Array;
  private scores = new Float32Array(0);
  private seen = new Uint8Array(0);
  private touched = new Int32Array(0);
  private candidates = new Int32Array(0);

  constructor(
    private readonly ids: string[],
    private readonly base: VectorRows,
    readonly vocabularySize: number,
  ) {
    if (base.indptr.length !== ids.length + 1) throw new RangeError(`${ids.length} ids but ${base.indptr.length - 1} rows`);
    this.rowOf = new Map(ids.map((id, r) => [id, r]));
    this.baseRows = ids.length;
    this.postings = invert(base, vocabularySize);
    this.stale = new Uint8Array(ids.length);
  }

  get size(): number {
    return this.ids.length;
  }

  row(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  id(row: number): string {
    return this.ids[row]!;
  }

  vector(row: number): SparseVector {
    const d = this.delta.get(row);
    if (d) return d;
    const from = this.base.indptr[row]!;
    const to = this.base.indptr[row + 1]!;
    return { terms: this.base.terms.subarray(from, to), weights: this.base.weights.subarray(from, to) };
  }

  /** Adds the pin, or replaces its vector when it is already indexed; returns its row. */
  put(id: string, vector: SparseVector): number {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(id);
      this.rowOf.set(id, row);
    } else if (row < this.baseRows) {
      this.stale[row] = 1;
    }
    const old = this.delta.get(row);
    if (old) {
      for (const t of old.terms) {
        const p = this.deltaPostings.get(t)!;
        const at = p.rows.indexOf(row);
        p.rows.splice(at, 1);
        p.weights.splice(at, 1);
      }
    }
    this.delta.set(row, vector);
    for (let k = 0; k < vector.terms.length; k++) {
      const t = vector.terms[k]!;
      let p = this.deltaPostings.get(t);
      if (!p) this.deltaPostings.set(t, (p = { rows: [], weights: [] }));
      p.rows.push(row);
      p.weights.push(vector.weights[k]!);
    }
    return row;
  }

  /** The `n` rows with the highest dot product with `query` (cosine, rows being unit length), skipping `skip`. */
  search(query: SparseVector, n: number, skip: (row: number) => boolean): Hit[] {
    this.ensureScratch();
    const { scores, seen, touched } = this;
    const { indptr, rows, weights } = this.postings;
    let count = 0;
    for (let q = 0; q < query.terms.length; q++) {
      const t = query.terms[q]!;
      const w = query.weights[q]!;
      for (let k = indptr[t]!; k < indptr[t + 1]!; k++) {
        const r = rows[k]!;
        if (this.stale[r] === 1) continue;
        if (seen[r] === 0) {
          seen[r] = 1;
          touched[count++] = r;
        }
        scores[r]! += w * weights[k]!;
      }
      const extra = this.deltaPostings.get(t);
      if (!extra) continue;
      for (let k = 0; k < extra.rows.length; k++) {
        const r = extra.rows[k]!;
        if (seen[r] === 0) {
          seen[r] = 1;
          touched[count++] = r;
        }
        scores[r]! += w * extra.weights[k]!;
      }
    }
    const { candidates } = this;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const r = touched[k]!;
      if (!skip(r)) candidates[kept++] = r;
    }
    const best = topK(candidates, kept, scores, n).map((row) => ({ row, score: scores[row]! }));
    for (let k = 0; k < count; k++) {
      scores[touched[k]!] = 0;
      seen[touched[k]!] = 0;
    }
    return best;
  }

  /** Every row's vector as CSR, delta folded in. */
  toRows(): VectorRows {
    if (this.delta.size === 0) return this.base;
    const indptr = new Int32Array(this.ids.length + 1);
    const terms: number[] = [];
    const weights: number[] = [];
    for (let r = 0; r < this.ids.length; r++) {
      const v = this.vector(r);
      for (let k = 0; k < v.terms.length; k++) {
        terms.push(v.terms[k]!);
        weights.push(v.weights[k]!);
      }
      indptr[r + 1] = terms.length;
    }
    return { indptr, terms: Int32Array.from(terms), weights: Float32Array.from(weights) };
  }

  get pinIds(): readonly string[] {
    return this.ids;
  }

  private ensureScratch(): void {
    if (this.scores.length >= this.ids.length) return;
    const size = Math.max(this.ids.length, Math.ceil(this.scores.length * 1.5));
    this.scores = new Float32Array(size);
    this.seen = new Uint8Array(size);
    this.touched = new Int32Array(size);
    this.candidates = new Int32Array(size);
  }
}
