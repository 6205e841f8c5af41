import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BENCH_CHECKSUMS,
  BENCH_MATRIX,
  checksumMismatches,
  generateSyntheticPairs,
  syntheticChecksums,
  syntheticMatrix,
} from '../../src/eval/synthetic.js';
import { mulberry32 } from '../../src/math/random.js';

/** The benchmark README's definition, written as plainly as possible. */
function reference(users: number, items: number, pairs: number, seed: number): { keys: number[]; candidates: number } {
  const next = mulberry32(seed);
  const seen = new Set<number>();
  const keys: number[] = [];
  let candidates = 0;
  while (keys.length < pairs) {
    const ua = next();
    const ub = next();
    candidates++;
    const rankI = Math.min(Math.floor(Math.exp(ua * Math.log(items + 1))) - 1, items - 1);
    const rankU = Math.floor(ub * ub * users);
    const key = ((rankU * 48271) % users) * items + ((rankI * 48271) % items);
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push(key);
  }
  return { keys, candidates };
}

test('the first 200,000 pairs of the benchmark matrix match the reference definition', () => {
  const n = 200_000;
  const { users, items } = BENCH_MATRIX;
  const expected = reference(users, items, n, BENCH_MATRIX.seed);
  const actual = generateSyntheticPairs({ ...BENCH_MATRIX, pairs: n });
  assert.equal(actual.candidates, expected.candidates);
  for (let k = 0; k < n; k++) {
    const key = actual.users[k]! * items + actual.items[k]!;
    if (key !== expected.keys[k]) assert.fail(`pair ${k}: ${key} vs ${expected.keys[k]}`);
  }
  // The first key is one of the documented checksums of the full matrix (items = 100,000).
  assert.equal(syntheticChecksums(actual).firstKey, BENCH_CHECKSUMS.firstKey);
  assert.ok(actual.candidates > n, 'some candidates were duplicates');
});

test('the matrix holds every kept pair once, in both orientations', () => {
  const spec = { users: 60, items: 40, pairs: 500, seed: 7 };
  const m = syntheticMatrix(spec);
  const pairs = generateSyntheticPairs(spec);
  assert.equal(m.byUser.indices.length, 500);
  assert.ok(m.byUser.values.every((v) => v === 1));
  const fromCsr = new Set<number>();
  for (let u = 0; u < spec.users; u++) {
    for (let k = m.byUser.indptr[u]!; k < m.byUser.indptr[u + 1]!; k++) {
      if (k > m.byUser.indptr[u]!) assert.ok(m.byUser.indices[k - 1]! < m.byUser.indices[k]!, 'sorted, distinct');
      fromCsr.add(u * spec.items + m.byUser.indices[k]!);
    }
  }
  assert.deepEqual(fromCsr, new Set(Array.from(pairs.users, (u, k) => u * spec.items + pairs.items[k]!)));
  const fromTranspose = new Set<number>();
  for (let i = 0; i < spec.items; i++) {
    for (let k = m.byItem.indptr[i]!; k < m.byItem.indptr[i + 1]!; k++) fromTranspose.add(m.byItem.indices[k]! * spec.items + i);
  }
  assert.deepEqual(fromTranspose, fromCsr);
  assert.deepEqual(m.checksums, syntheticChecksums(pairs));
});

test('checksums name what differs; impossible specs are refused', () => {
  assert.deepEqual(checksumMismatches(BENCH_CHECKSUMS), []);
  assert.deepEqual(checksumMismatches({ ...BENCH_CHECKSUMS, lastKey: 1, candidates: 2 }), ['candidates', 'lastKey']);
  assert.throws(() => generateSyntheticPairs({ users: 10, items: 10, pairs: 51, seed: 1 }), /pairs: at most half/);
  assert.throws(() => generateSyntheticPairs({ users: 0, items: 10, pairs: 5, seed: 1 }), /users: must be a positive integer/);
});

test('progress is reported every million pairs and at the end', () => {
  const calls: [number, number][] = [];
  generateSyntheticPairs({ users: 3000, items: 2000, pairs: 2_500_000, seed: 3 }, (kept, pairs) => calls.push([kept, pairs]));
  assert.deepEqual(calls, [
    [1_000_000, 2_500_000],
    [2_000_000, 2_500_000],
    [2_500_000, 2_500_000],
  ]);
});
