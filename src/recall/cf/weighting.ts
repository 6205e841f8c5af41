/**
 * IDF and BM25 weighting of the positive matrix, seen as documents made of
 * terms. For item-CF the documents are items and the terms their users, so a
 * heavy user (a frequent term) counts less; for user-CF the documents are
 * users and the terms their items, so a popular item counts less.
 *
 * - idf(t) = ln(1 + documents / df(t)), df(t) = documents containing t: always
 *   positive, so no term is ignored outright.
 * - bm25(d, t) = v (k1 + 1) / (k1 (1 - b + b len(d) / avglen) + v) * idf(t),
 *   len(d) the sum of d's values: saturates large values and damps long
 *   documents (popular items for item-CF, heavy users for user-CF).
 */
import { Type, type Static } from 'typebox';
import type { Csr } from '../../math/sparse.js';

export const Weighting = Type.Enum(['none', 'idf', 'bm25'], { description: 'How entries are weighted before similarities: as they are, by IDF, or by BM25.' });
export type Weighting = Static<typeof Weighting>;

export interface WeightingParams {
  weighting: Weighting;
  bm25K1: number;
  bm25B: number;
}

/** Which side of the user x item matrix holds the terms. */
export type TermSide = 'users' | 'items';

/** One BM25-weighted entry: value `v` of a term with inverse frequency `idf` in a document of `length` (average `average`). */
export function bm25(v: number, length: number, average: number, idf: number, { bm25K1: k1, bm25B: b }: WeightingParams): number {
  return ((v * (k1 + 1)) / (k1 * (1 - b + (b * length) / average) + v)) * idf;
}

/** The mean length of the non-empty documents (1 when all are empty). */
export function averageLength(lengths: Float64Array): number {
  let total = 0;
  let nonEmpty = 0;
  for (let d = 0; d < lengths.length; d++) {
    if (lengths[d]! > 0) {
      total += lengths[d]!;
      nonEmpty++;
    }
  }
  return nonEmpty > 0 ? total / nonEmpty : 1;
}

/** The length (sum of values) of every document. */
export function documentLengths(m: Csr, terms: TermSide): Float64Array {
  const length = new Float64Array(terms === 'users' ? m.cols : m.rows);
  for (let u = 0; u < m.rows; u++) {
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) length[terms === 'users' ? m.indices[k]! : u]! += m.values[k]!;
  }
  return length;
}

/** IDF of each term: ln(1 + documents / df). */
export function inverseFrequencies(m: Csr, terms: TermSide): Float64Array {
  const termCount = terms === 'users' ? m.rows : m.cols;
  const documents = terms === 'users' ? m.cols : m.rows;
  const df = new Float64Array(termCount);
  if (terms === 'users') for (let u = 0; u < m.rows; u++) df[u] = m.indptr[u + 1]! - m.indptr[u]!;
  else for (let k = 0; k < m.indices.length; k++) df[m.indices[k]!]!++;
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) idf[t] = df[t]! > 0 ? Math.log(1 + documents / df[t]!) : 0;
  return idf;
}

/** The weighted values, aligned with `m.values`. */
export function weighValues(m: Csr, terms: TermSide, params: WeightingParams): Float32Array {
  const out = Float32Array.from(m.values);
  if (params.weighting === 'none') return out;
  const idf = inverseFrequencies(m, terms);
  const termOf = (u: number, k: number) => (terms === 'users' ? u : m.indices[k]!);
  if (params.weighting === 'idf') {
    for (let u = 0; u < m.rows; u++) for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) out[k]! *= idf[termOf(u, k)]!;
    return out;
  }
  const length = documentLengths(m, terms);
  const average = averageLength(length);
  for (let u = 0; u < m.rows; u++) {
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) {
      out[k] = bm25(m.values[k]!, length[terms === 'users' ? m.indices[k]! : u]!, average, idf[termOf(u, k)]!, params);
    }
  }
  return out;
}
