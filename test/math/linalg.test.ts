import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDiagonal,
  addWeightedGram,
  axpy,
  cgScratch,
  choleskyFactor,
  choleskySolve,
  conjugateGradient,
  dot,
  gram,
  matVec,
  NotPositiveDefiniteError,
  solveSpd,
  syr,
  type ImplicitRow,
} from '../../src/math/linalg.js';
import { Random } from '../../src/math/random.js';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what = '') => {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
};

test('dot, axpy, syr and matVec on slices', () => {
  const a = Float32Array.of(9, 1, 2, 3);
  const b = Float64Array.of(4, 5, 6);
  assert.equal(dot(3, a, 1, b, 0), 1 * 4 + 2 * 5 + 3 * 6);
  const y = Float64Array.of(1, 1, 1);
  axpy(3, 2, a, 1, y, 0);
  assert.deepEqual([...y], [3, 5, 7]);
  const m = new Float64Array(4);
  syr(2, 3, Float64Array.of(1, 2), 0, m);
  assert.deepEqual([...m], [3, 6, 6, 12]);
  const lower = new Float64Array(4);
  syr(2, 3, Float64Array.of(1, 2), 0, lower, true);
  assert.deepEqual([...lower], [3, 0, 6, 12]);
  const out = new Float64Array(2);
  matVec(2, Float64Array.of(1, 2, 3, 4), Float64Array.of(1, -1), 0, out, 0);
  assert.deepEqual([...out], [-1, -1]);
});

test('a weighted Gram update of selected rows equals one rank-1 update per row', () => {
  const r = new Random(7);
  const dim = 5;
  const rows = Float32Array.from({ length: 12 * dim }, () => r.normal());
  const indices = [3, 0, 7, 7, 11, 2, 9]; // seven rows: a block of four and three single ones
  const weights = indices.map(() => r.range(0.1, 3));
  const expected = new Float64Array(dim * dim).fill(1);
  indices.forEach((i, k) => syr(dim, weights[k]!, rows, i * dim, expected, true));
  const actual = new Float64Array(dim * dim).fill(1);
  addWeightedGram(dim, actual, rows, indices, weights);
  close(actual, expected, 1e-9, 'A');
  assert.equal(actual[1], 1, 'the upper triangle is left alone');
});

test('the Gram matrix is YᵀY', () => {
  // Y = [[1, 2], [3, 4], [0, 1]]: YᵀY = [[10, 14], [14, 21]]
  assert.deepEqual([...gram(Float32Array.of(1, 2, 3, 4, 0, 1), 2)], [10, 14, 14, 21]);
  assert.deepEqual([...addDiagonal(2, gram(Float32Array.of(1, 2, 3, 4), 2, 1), 0.5)], [1.5, 2, 2, 4.5]);
});

test('Cholesky factors and solves a hand-computed system', () => {
  const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
  const l = choleskyFactor(3, Float64Array.from(a));
  // The textbook factor: L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
  close([l[0]!, l[3]!, l[4]!, l[6]!, l[7]!, l[8]!], [2, 6, 1, -8, 5, 3], 1e-12, 'L');
  // A · (1, 2, 3) = (-20, -43, 192)
  close(choleskySolve(3, l, Float64Array.of(-20, -43, 192)), [1, 2, 3], 1e-9, 'x');
  close(solveSpd(3, a, Float64Array.of(-20, -43, 192)), [1, 2, 3], 1e-9, 'solveSpd');
  assert.throws(() => choleskyFactor(2, Float64Array.of(1, 2, 2, 1)), NotPositiveDefiniteError);
});

/** A random implicit-ALS row problem and its direct solution. */
function problem(seed: number, dim: number, items: number, entries: number) {
  const r = new Random(seed);
  const factors = Float32Array.from({ length: items * dim }, () => r.normal(0, 0.5));
  const indices = Int32Array.from(r.sample(items, entries));
  const signedConfidence = Float32Array.from({ length: entries }, (_, k) => (k % 4 === 3 ? -r.range(0.5, 2) : r.range(0.5, 8)));
  const row: ImplicitRow = { factors, indices, signedConfidence, from: 0, to: entries };
  const a = addDiagonal(dim, gram(factors, dim), 0.1);
  const full = Float64Array.from(a);
  const b = new Float64Array(dim);
  for (let k = 0; k < entries; k++) {
    const s = signedConfidence[k]!;
    syr(dim, Math.abs(s), factors, indices[k]! * dim, full);
    if (s > 0) axpy(dim, 1 + s, factors, indices[k]! * dim, b, 0);
  }
  return { row, a, direct: solveSpd(dim, full, b) };
}

test('conjugate gradient reaches the direct Cholesky solution', () => {
  const dim = 6;
  const { row, a, direct } = problem(1, dim, 40, 9);
  const x = new Float64Array(dim);
  conjugateGradient(dim, a, row, x, 0, 30);
  close(x, direct, 1e-8, 'x');
});

test('a few warm-started CG steps move towards the solution, as in implicit', () => {
  const dim = 16;
  const { row, a, direct } = problem(2, dim, 200, 25);
  const distance = (x: ArrayLike<number>) => Math.hypot(...Array.from(direct, (d, j) => d - x[j]!));
  const x = new Float32Array(dim + 3); // at an offset inside a larger array, like a factor matrix row
  const scratch = cgScratch(dim);
  let before = distance(x.subarray(3));
  for (let round = 0; round < 4; round++) {
    conjugateGradient(dim, a, row, x, 3, 3, scratch);
    const after = distance(x.subarray(3));
    assert.ok(after < before, `round ${round}: ${after} < ${before}`);
    before = after;
  }
  assert.ok(before < 1e-4, `after 12 steps ${before}`);
  assert.deepEqual([...x.subarray(0, 3)], [0, 0, 0], 'nothing outside the row is touched');
});

test('a row without entries gets zero factors', () => {
  const dim = 4;
  const { row, a } = problem(3, dim, 10, 3);
  const x = Float32Array.of(1, 2, 3, 4);
  conjugateGradient(dim, a, { ...row, from: 2, to: 2 }, x, 0);
  assert.deepEqual([...x], [0, 0, 0, 0]);
});
