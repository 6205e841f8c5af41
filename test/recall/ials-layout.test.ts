import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { csrFromTriples, transpose } from '../../src/math/sparse.js';
import { busiestFirst, reordered } from '../../src/recall/ials/row-order.js';
import { balancedChunks } from '../../src/recall/ials/tasks.js';

// 5 users × 4 items; entry counts per user: 1, 3, 0, 3, 2; per item: 3, 1, 3, 2.
const byUser = csrFromTriples(5, 4, [0, 1, 1, 1, 3, 3, 3, 4, 4], [2, 0, 2, 3, 0, 1, 3, 0, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const byItem = transpose(byUser);

test('busiest rows come first, ties in original order', () => {
  const users = busiestFirst(byUser);
  assert.deepEqual([...users.original], [1, 3, 4, 0, 2]);
  assert.deepEqual([...users.position], [3, 0, 4, 1, 2]);
  assert.deepEqual([...busiestFirst(byItem).original], [0, 2, 3, 1]);
});

test('the reordered matrix holds the same entries and values, rows in order, long rows ascending', () => {
  // 20,000 columns; a row of 200 entries (sorted through the bitmap), one of 70 (sorted natively), short ones (left as they are).
  const r = new Random(9);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const [row, n] of [[0, 5], [1, 200], [2, 70], [3, 0], [4, 30]] as const) {
    for (const c of r.sample(20_000, n)) {
      rows.push(row);
      cols.push(c);
      vals.push(row === 1 ? 1 : 1 + r.int(5));
    }
  }
  const m = csrFromTriples(5, 20_000, rows, cols, vals);
  const rowOrder = busiestFirst(m);
  const colOrder = busiestFirst(transpose(m));
  const out = reordered(m, rowOrder, colOrder);
  assert.deepEqual([...rowOrder.original], [1, 2, 4, 0, 3]);
  for (let p = 0; p < out.rows; p++) {
    const u = rowOrder.original[p]!;
    const expected = new Map<number, number>();
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) expected.set(colOrder.position[m.indices[k]!]!, m.values[k]!);
    const row = [...out.indices.subarray(out.indptr[p]!, out.indptr[p + 1]!)];
    assert.deepEqual([...row].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), `row ${p} (was ${u}): columns`);
    if (row.length > 64) assert.deepEqual(row, [...row].sort((a, b) => a - b), `row ${p}: ascending`);
    row.forEach((q, k) => assert.equal(out.values[out.indptr[p]! + k], expected.get(q), `row ${p}, column ${q}: value`));
  }
});

test('chunks cover every row once and hold about equal work', () => {
  // 3 rows of 10,000 entries, then 20,000 rows of 1.
  const rows = 20_003;
  const indptr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) indptr[r + 1] = indptr[r]! + (r < 3 ? 10_000 : 1);
  const starts = balancedChunks(indptr, 1);
  assert.equal(starts[0], 0);
  assert.equal(starts.at(-1), rows);
  for (let c = 1; c < starts.length; c++) assert.ok(starts[c]! > starts[c - 1]!, 'chunks are not empty');
  assert.deepEqual([...starts.subarray(0, 4)], [0, 1, 2, 3], 'each long row is a chunk of its own');
  const work = (c: number) => indptr[starts[c + 1]!]! - indptr[starts[c]!]! + (starts[c + 1]! - starts[c]!);
  const short = Array.from({ length: starts.length - 4 }, (_, k) => work(k + 3));
  assert.ok(Math.max(...short.slice(0, -1)) <= 4096 + 2, `short chunks hold at most the minimum work: ${Math.max(...short)}`);
  assert.deepEqual([...balancedChunks(new Int32Array([0]), 1)], [0], 'no rows, no chunks');
});
