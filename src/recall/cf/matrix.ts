/**
 * The positive user x item matrix the CF channels start from: interactions
 * with a positive summed weight, turned into a value, each user's most recent
 * `maxUserItems` kept. Rows stay sorted by item index, as in Interactions.
 */
import { Type, type Static } from 'typebox';
import type { Csr } from '../../math/sparse.js';
import type { Interactions } from '../interactions.js';

export const InteractionValue = Type.Enum(['binary', 'weight', 'log1p'], {
  description: 'What a positive (user, pin) pair counts: 1, its summed event weight, or log(1 + weight).',
});
export type InteractionValue = Static<typeof InteractionValue>;

export function interactionValue(weight: number, kind: InteractionValue): number {
  if (kind === 'binary') return 1;
  return kind === 'weight' ? weight : Math.log1p(weight);
}

export interface PositiveMatrix {
  /** Users x items; values are interaction values. */
  byUser: Csr;
  /** The latest interaction time of each entry, aligned with byUser.indices. */
  lastTime: Float64Array;
}

export function positiveMatrix(data: Interactions, value: InteractionValue, maxUserItems: number): PositiveMatrix {
  const { indptr, indices, values } = data.byUser;
  const outPtr = new Int32Array(data.userCount + 1);
  const keep: number[] = [];
  const row: number[] = [];
  for (let u = 0; u < data.userCount; u++) {
    row.length = 0;
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) if (values[k]! > 0) row.push(k);
    if (row.length > maxUserItems) {
      row.sort((a, b) => data.lastTime[b]! - data.lastTime[a]! || a - b);
      row.length = maxUserItems;
      row.sort((a, b) => a - b);
    }
    for (const k of row) keep.push(k);
    outPtr[u + 1] = keep.length;
  }
  const outIdx = new Int32Array(keep.length);
  const outVal = new Float32Array(keep.length);
  const lastTime = new Float64Array(keep.length);
  for (let p = 0; p < keep.length; p++) {
    const k = keep[p]!;
    outIdx[p] = indices[k]!;
    outVal[p] = interactionValue(values[k]!, value);
    lastTime[p] = data.lastTime[k]!;
  }
  return { byUser: { rows: data.userCount, cols: data.itemCount, indptr: outPtr, indices: outIdx, values: outVal }, lastTime };
}

/** The transpose as positions: column c's entries are `pos[indptr[c]..indptr[c + 1])`, indices into the matrix's arrays, in row order. */
export interface ColumnIndex {
  indptr: Int32Array;
  /** The row of each entry. */
  rows: Int32Array;
  /** The entry's position in the row-major arrays (indices, values). */
  pos: Int32Array;
}

export function columnIndex(m: Csr): ColumnIndex {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < nnz; k++) indptr[m.indices[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c]!;
  const fill = indptr.slice(0, m.cols);
  const rows = new Int32Array(nnz);
  const pos = new Int32Array(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const at = fill[m.indices[k]!]!++;
      rows[at] = r;
      pos[at] = k;
    }
  }
  return { indptr, rows, pos };
}
