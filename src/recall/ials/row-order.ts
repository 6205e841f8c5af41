/**
 * The order of factor rows in the kernel's memory: most entries first.
 *
 * Solving a row reads the other side's factor rows of its entries, four
 * times (residual and three CG steps). With ids in arbitrary order those
 * reads scatter over the whole factor matrix (128 MB for 500,000 users at 64
 * factors) and mostly miss the caches. With the busiest rows first, the rows
 * most entries point to are packed together at the front, where they stay
 * cached, and a long row's entries, sorted by position, walk memory mostly
 * forwards. Each row's solve is the same; only where rows live changes (and
 * the order of floating-point sums over a row's entries, which are sorted by
 * position).
 */
import type { Csr } from '../../math/sparse.js';

export interface RowOrder {
  /** original row → its row in the kernel's memory. */
  position: Int32Array;
  /** row in the kernel's memory → original row. */
  original: Int32Array;
}

/** Rows by descending entry count, ties by original index (a counting sort). */
export function busiestFirst(m: Csr): RowOrder {
  let most = 0;
  for (let r = 0; r < m.rows; r++) most = Math.max(most, m.indptr[r + 1]! - m.indptr[r]!);
  // starts[d]: the first position of rows with d entries, counting down from `most`.
  const starts = new Int32Array(most + 2);
  for (let r = 0; r < m.rows; r++) starts[most - (m.indptr[r + 1]! - m.indptr[r]!) + 1]!++;
  for (let d = 1; d <= most + 1; d++) starts[d]! += starts[d - 1]!;
  const position = new Int32Array(m.rows);
  const original = new Int32Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    const at = starts[most - (m.indptr[r + 1]! - m.indptr[r]!)]!++;
    position[r] = at;
    original[at] = r;
  }
  return { position, original };
}

/**
 * Rows up to this long are left in their original column order: their
 * factor rows (64 × 256 bytes at 64 factors) stay in the L1 cache from the
 * first of the four passes, so the order of reads does not matter, and
 * sorting them would cost more than it saves.
 */
const UNSORTED_MAX = 64;

/**
 * Sorts keys[start, end) (distinct, below `bitmap.length` × 32) ascending,
 * unless the row is short: natively or, when the keys are dense enough that
 * a sweep of the bitmap costs less, by marking them in the bitmap.
 */
function sortLongRow(all: Int32Array, start: number, end: number, bitmap: Int32Array): void {
  if (end - start <= UNSORTED_MAX) return;
  const keys = all.subarray(start, end);
  if (keys.length * 8 < bitmap.length) {
    keys.sort();
    return;
  }
  bitmap.fill(0);
  for (let k = 0; k < keys.length; k++) bitmap[keys[k]! >>> 5]! |= 1 << (keys[k]! & 31);
  let out = 0;
  for (let w = 0; w < bitmap.length; w++) {
    let bits = bitmap[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      keys[out++] = (w << 5) + 31 - Math.clz32(low);
      bits ^= low;
    }
  }
}

/**
 * The matrix with its rows in `rows` order and its columns renumbered to
 * their `cols` positions, ascending within each row longer than
 * UNSORTED_MAX. Each row is copied whole (reads and writes stay sequential)
 * and sorted in place; values follow
 * their columns through a dense per-column scratch, unless all of a row's
 * values are equal (as with 0/1 data).
 */
export function reordered(m: Csr, rows: RowOrder, cols: RowOrder): Csr {
  const indptr = new Int32Array(m.rows + 1);
  for (let p = 0; p < m.rows; p++) {
    const r = rows.original[p]!;
    indptr[p + 1] = indptr[p]! + m.indptr[r + 1]! - m.indptr[r]!;
  }
  const indices = new Int32Array(m.indices.length);
  const values = new Float32Array(m.indices.length);
  const valueOf = new Float32Array(m.cols);
  const bitmap = new Int32Array(Math.ceil(m.cols / 32));
  for (let p = 0; p < m.rows; p++) {
    const r = rows.original[p]!;
    const from = m.indptr[r]!;
    const to = m.indptr[r + 1]!;
    const start = indptr[p]!;
    let uniform = true;
    for (let k = from; k < to; k++) {
      indices[start + k - from] = cols.position[m.indices[k]!]!;
      if (m.values[k] !== m.values[from]) uniform = false;
    }
    const end = start + to - from;
    if (!uniform) for (let k = from; k < to; k++) valueOf[cols.position[m.indices[k]!]!] = m.values[k]!;
    sortLongRow(indices, start, end, bitmap);
    if (uniform) values.fill(m.values[from] ?? 0, start, end);
    else for (let k = start; k < end; k++) values[k] = valueOf[indices[k]!]!;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, values };
}
