/** Compressed sparse rows over typed arrays. */

export interface Csr {
  rows: number;
  cols: number;
  /** Row r's entries are at [indptr[r], indptr[r + 1]). */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Builds CSR from coordinate triples; duplicate (row, col) pairs are summed.
 * Columns within a row come out sorted ascending.
 */
export function csrFromTriples(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  vals: ArrayLike<number>,
): Csr {
  const n = rowIdx.length;
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) counts[rowIdx[k]! + 1]!++;
  for (let r = 0; r < rows; r++) counts[r + 1]! += counts[r]!;
  const fill = counts.slice(0, rows);
  const tmpCols = new Int32Array(n);
  const tmpVals = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const at = fill[rowIdx[k]!]!++;
    tmpCols[at] = colIdx[k]!;
    tmpVals[at] = vals[k]!;
  }
  // Sort each row by column and merge duplicates.
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  let out = 0;
  const order: number[] = [];
  for (let r = 0; r < rows; r++) {
    indptr[r] = out;
    const start = counts[r]!;
    const end = counts[r + 1]!;
    order.length = 0;
    for (let k = start; k < end; k++) order.push(k);
    order.sort((a, b) => tmpCols[a]! - tmpCols[b]!);
    for (const k of order) {
      if (out > indptr[r]! && indices[out - 1] === tmpCols[k]) values[out - 1]! += tmpVals[k]!;
      else {
        indices[out] = tmpCols[k]!;
        values[out] = tmpVals[k]!;
        out++;
      }
    }
  }
  indptr[rows] = out;
  return { rows, cols, indptr, indices: indices.slice(0, out), values: values.slice(0, out) };
}

/** The transpose (CSC of the same matrix, seen as CSR of its transpose). */
export function transpose(m: Csr): Csr {
  const nnz = m.indices.length;
  const rowIdx = new Int32Array(nnz);
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) rowIdx[k] = r;
  return csrFromTriples(m.cols, m.rows, m.indices, rowIdx, m.values);
}
