/**
 * Item-item similarities over a weighted user x item matrix, top K per item.
 *
 * Each item i walks its users and, in each user's row (sorted by item), only
 * the items after i: every co-occurring pair (i, j > i) is counted once, in
 * dense per-item accumulators, and offered to the heaps of both i and j.
 * The pair work is half of sum over users of |items(u)|^2.
 *
 * Similarities (a, b: the two items' values of a user who has both):
 * - cosine: sum ab / (|i| |j|), norms over all of each item's users;
 * - jaccard: sum min(a, b) / (sum_i + sum_j - sum min(a, b)), the weighted
 *   (Ruzicka) form, which is |U_i ∩ U_j| / |U_i ∪ U_j| on 0/1 values;
 * - adjusted-cosine: values centred by their user's mean, then
 *   sum a'b' / sqrt(sum a'^2 sum b'^2) over co-engaging users (Sarwar et al.);
 * - pearson: the same, centred by the item's mean.
 * The centred ones are zero when every value of a user (or item) is equal,
 * e.g. on binary data: they are for graded values (value = weight or log1p).
 * Then sim * c / (c + shrinkage), c the number of co-engaging users, and
 * only positive similarities are kept.
 */
import { Type, type Static } from 'typebox';
import type { Csr } from '../../math/sparse.js';
import { columnIndex } from './matrix.js';
import { TopKRows } from './top-k.js';

export const ItemSimilarity = Type.Enum(['cosine', 'jaccard', 'adjusted-cosine', 'pearson'], {
  description: 'How two items compare over the users who engaged with them.',
});
export type ItemSimilarity = Static<typeof ItemSimilarity>;

export interface ItemNeighbourParams {
  similarity: ItemSimilarity;
  neighbours: number;
  shrinkage: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Neighbours {
  /** Item i's neighbours are at [indptr[i], indptr[i + 1]), most similar first. */
  indptr: Int32Array;
  indices: Int32Array;
  sims: Float32Array;
}

function centredValues(m: Csr, by: 'user' | 'item'): Float32Array {
  const out = Float32Array.from(m.values);
  if (by === 'user') {
    for (let u = 0; u < m.rows; u++) {
      const start = m.indptr[u]!;
      const end = m.indptr[u + 1]!;
      let sum = 0;
      for (let k = start; k < end; k++) sum += m.values[k]!;
      const mean = sum / Math.max(1, end - start);
      for (let k = start; k < end; k++) out[k] = m.values[k]! - mean;
    }
    return out;
  }
  const sum = new Float64Array(m.cols);
  const n = new Float64Array(m.cols);
  for (let k = 0; k < m.indices.length; k++) {
    sum[m.indices[k]!]! += m.values[k]!;
    n[m.indices[k]!]!++;
  }
  for (let k = 0; k < m.indices.length; k++) out[k] = m.values[k]! - sum[m.indices[k]!]! / n[m.indices[k]!]!;
  return out;
}

type Kernel = 'count' | 'product' | 'min' | 'centred';

function kernelOf(similarity: ItemSimilarity, values: Float32Array): Kernel {
  if (similarity === 'adjusted-cosine' || similarity === 'pearson') return 'centred';
  // On 0/1 values both the product and the minimum are the co-occurrence count.
  if (values.every((v) => v === 1)) return 'count';
  return similarity === 'cosine' ? 'product' : 'min';
}

/** Dense per-item accumulators for the pairs (i, j) of the item i in hand. */
interface Accumulators {
  count: Int32Array;
  acc: Float64Array;
  accA: Float64Array;
  accB: Float64Array;
  touched: Int32Array;
}

// One small function per kernel, called once per (item, user): V8 optimises
// these tight loops well, and a branch on the kernel inside them would cost
// more than the repetition. Each returns the new number of touched items.

function countSparse(indices: Int32Array, from: number, end: number, s: Accumulators, nTouched: number): number {
  const { count, touched } = s;
  for (let p = from; p < end; p++) {
    const j = indices[p]!;
    if (count[j]!++ === 0) touched[nTouched++] = j;
  }
  return nTouched;
}

function countDense(indices: Int32Array, from: number, end: number, count: Int32Array): void {
  for (let p = from; p < end; p++) count[indices[p]!]!++;
}

function productSparse(indices: Int32Array, values: Float32Array, a: number, from: number, end: number, s: Accumulators, nTouched: number): number {
  const { count, acc, touched } = s;
  for (let p = from; p < end; p++) {
    const j = indices[p]!;
    if (count[j]!++ === 0) touched[nTouched++] = j;
    acc[j]! += a * values[p]!;
  }
  return nTouched;
}

function minSparse(indices: Int32Array, values: Float32Array, a: number, from: number, end: number, s: Accumulators, nTouched: number): number {
  const { count, acc, touched } = s;
  for (let p = from; p < end; p++) {
    const j = indices[p]!;
    if (count[j]!++ === 0) touched[nTouched++] = j;
    const b = values[p]!;
    acc[j]! += a < b ? a : b;
  }
  return nTouched;
}

function centredSparse(indices: Int32Array, values: Float32Array, a: number, from: number, end: number, s: Accumulators, nTouched: number): number {
  const { count, acc, accA, accB, touched } = s;
  for (let p = from; p < end; p++) {
    const j = indices[p]!;
    if (count[j]!++ === 0) touched[nTouched++] = j;
    const b = values[p]!;
    acc[j]! += a * b;
    accA[j]! += a * a;
    accB[j]! += b * b;
  }
  return nTouched;
}

export function itemNeighbours(m: Csr, params: ItemNeighbourParams): Neighbours {
  const { similarity, shrinkage, onProgress } = params;
  const nItems = m.cols;
  const { indptr, indices } = m;
  const values =
    similarity === 'adjusted-cosine' ? centredValues(m, 'user') : similarity === 'pearson' ? centredValues(m, 'item') : m.values;
  const kernel = kernelOf(similarity, values);
  const cols = columnIndex(m);

  const norm = new Float64Array(nItems);
  const total = new Float64Array(nItems);
  for (let k = 0; k < indices.length; k++) {
    const v = values[k]!;
    norm[indices[k]!]! += v * v;
    total[indices[k]!]! += v;
  }
  for (let i = 0; i < nItems; i++) norm[i] = Math.sqrt(norm[i]!);

  const heaps = new TopKRows(nItems, params.neighbours);
  const s: Accumulators = {
    count: new Int32Array(nItems),
    acc: new Float64Array(kernel === 'count' ? 0 : nItems),
    accA: new Float64Array(kernel === 'centred' ? nItems : 0),
    accB: new Float64Array(kernel === 'centred' ? nItems : 0),
    touched: new Int32Array(nItems),
  };
  const { count, acc, accA, accB, touched } = s;

  for (let i = 0; i < nItems; i++) {
    const first = cols.indptr[i]!;
    const last = cols.indptr[i + 1]!;
    let nTouched = 0;
    if (kernel === 'count') {
      let work = 0;
      for (let c = first; c < last; c++) work += indptr[cols.rows[c]! + 1]! - cols.pos[c]! - 1;
      // When the pairs outnumber the items after i, count without tracking and scan those items instead.
      if (work > nItems - i) {
        for (let c = first; c < last; c++) countDense(indices, cols.pos[c]! + 1, indptr[cols.rows[c]! + 1]!, count);
        for (let j = i + 1; j < nItems; j++) if (count[j] !== 0) touched[nTouched++] = j;
      } else {
        for (let c = first; c < last; c++) nTouched = countSparse(indices, cols.pos[c]! + 1, indptr[cols.rows[c]! + 1]!, s, nTouched);
      }
    } else {
      for (let c = first; c < last; c++) {
        const at = cols.pos[c]!;
        const end = indptr[cols.rows[c]! + 1]!;
        const a = values[at]!;
        if (kernel === 'product') nTouched = productSparse(indices, values, a, at + 1, end, s, nTouched);
        else if (kernel === 'min') nTouched = minSparse(indices, values, a, at + 1, end, s, nTouched);
        else nTouched = centredSparse(indices, values, a, at + 1, end, s, nTouched);
      }
    }
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const co = count[j]!;
      let sim: number;
      if (kernel === 'count') sim = similarity === 'cosine' ? co / (norm[i]! * norm[j]!) : co / (total[i]! + total[j]! - co);
      else if (kernel === 'product') sim = acc[j]! / (norm[i]! * norm[j]!);
      else if (kernel === 'min') sim = acc[j]! / (total[i]! + total[j]! - acc[j]!);
      else {
        const d = Math.sqrt(accA[j]! * accB[j]!);
        sim = d > 0 ? acc[j]! / d : 0;
        accA[j] = 0;
        accB[j] = 0;
      }
      count[j] = 0;
      if (kernel !== 'count') acc[j] = 0;
      if (!(sim > 0)) continue;
      if (shrinkage > 0) sim *= co / (co + shrinkage);
      heaps.offer(i, j, sim);
      heaps.offer(j, i, sim);
    }
    if (onProgress && (i % 500 === 499 || i === nItems - 1)) onProgress(i + 1, nItems);
  }
  const { indptr: outPtr, indices: outIdx, scores } = heaps.toCsr();
  return { indptr: outPtr, indices: outIdx, sims: scores };
}

/** The neighbour lists turned around: item j lists every item that has j among its neighbours, with the same similarity. */
export function reverseNeighbours(n: Neighbours): Neighbours {
  const items = n.indptr.length - 1;
  const indptr = new Int32Array(items + 1);
  for (let k = 0; k < n.indices.length; k++) indptr[n.indices[k]! + 1]!++;
  for (let i = 0; i < items; i++) indptr[i + 1]! += indptr[i]!;
  const fill = indptr.slice(0, items);
  const indices = new Int32Array(n.indices.length);
  const sims = new Float32Array(n.indices.length);
  for (let i = 0; i < items; i++) {
    for (let k = n.indptr[i]!; k < n.indptr[i + 1]!; k++) {
      const at = fill[n.indices[k]!]!++;
      indices[at] = i;
      sims[at] = n.sims[k]!;
    }
  }
  return { indptr, indices, sims };
}
