/** Sparse vectors over term ids: ids ascending, weights aligned, no zeros. */

export interface SparseVector {
  terms: Int32Array;
  weights: Float32Array;
}

export const EMPTY_VECTOR: SparseVector = { terms: new Int32Array(0), weights: new Float32Array(0) };

/** The vector of a term → weight map, scaled to unit length (all-zero maps give the empty vector). */
export function unitVector(entries: ReadonlyMap<number, number>): SparseVector {
  const terms = Int32Array.from([...entries.keys()].filter((t) => entries.get(t) !== 0)).sort();
  let norm = 0;
  for (const t of terms) norm += entries.get(t)! ** 2;
  if (norm === 0) return EMPTY_VECTOR;
  const scale = 1 / Math.sqrt(norm);
  return { terms, weights: Float32Array.from(terms, (t) => entries.get(t)! * scale) };
}

/** Dot product by merging the two sorted term lists. */
export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const ta = a.terms[i]!;
    const tb = b.terms[j]!;
    if (ta === tb) sum += a.weights[i++]! * b.weights[j++]!;
    else if (ta < tb) i++;
    else j++;
  }
  return sum;
}

/** The `k` heaviest entries (by absolute weight), weights unchanged, terms ascending. */
export function heaviest(v: SparseVector, k: number): SparseVector {
  if (v.terms.length <= k) return v;
  const order = Array.from(v.terms.keys())
    .sort((a, b) => Math.abs(v.weights[b]!) - Math.abs(v.weights[a]!) || a - b)
    .slice(0, k)
    .sort((a, b) => a - b);
  return { terms: Int32Array.from(order, (i) => v.terms[i]!), weights: Float32Array.from(order, (i) => v.weights[i]!) };
}
