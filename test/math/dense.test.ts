import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotPositiveDefiniteError, cholesky, invertSpd } from '../../src/math/dense.js';
import { Random } from '../../src/math/random.js';

const close = (actual: number, expected: number, tolerance = 1e-10) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

/** The textbook example: A = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]. */
const A3 = [4, 12, -16, 12, 37, -43, -16, -43, 98];

/** XᵀX + I for a random n-wide X with n + 5 rows: symmetric positive definite, not diagonally dominant. */
function randomSpd(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  const rows = n + 5;
  const x = Float64Array.from({ length: rows * n }, () => r.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < rows; k++) s += x[k * n + i]! * x[k * n + j]!;
      a[i * n + j] = s;
    }
  }
  return a;
}

function product(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
}

test('Cholesky of the 3×3 textbook matrix', () => {
  const a = Float64Array.from(A3);
  cholesky(a, 3);
  assert.deepEqual([...a], [2, 0, 0, 6, 1, 0, -8, 5, 3]);
});

test('the inverse of the 3×3 textbook matrix, as computed by hand (adjugate / det 36)', () => {
  const a = Float64Array.from(A3);
  invertSpd(a, 3);
  const expected = [1777 / 36, -122 / 9, 19 / 9, -122 / 9, 34 / 9, -5 / 9, 19 / 9, -5 / 9, 1 / 9];
  expected.forEach((e, k) => close(a[k]!, e, 1e-9));
});

test('only the lower triangle is read', () => {
  const a = Float64Array.from([4, 999, -999, 12, 37, 5, -16, -43, 98]);
  invertSpd(a, 3);
  close(a[0]!, 1777 / 36, 1e-9);
  close(a[2]!, a[6]!, 0);
});

test('random SPD matrices across block boundaries: A·A⁻¹ = I and L·Lᵀ = A', () => {
  for (const n of [1, 2, 5, 63, 64, 65, 150]) {
    const a = randomSpd(n, n);
    const inverse = a.slice();
    invertSpd(inverse, n);
    const identity = product(a, inverse, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) close(identity[i * n + j]!, i === j ? 1 : 0, 1e-8);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(inverse[i * n + j], inverse[j * n + i], 'symmetric');

    const l = a.slice();
    cholesky(l, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j > i) assert.equal(l[i * n + j], 0, 'upper triangle zeroed');
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
        close(s, a[i * n + j]!, 1e-9 * Math.max(1, Math.abs(a[i * n + j]!)));
      }
    }
  }
});

test('a matrix that is not positive definite is refused, naming the pivot', () => {
  const a = Float64Array.from([1, 2, 2, 1]);
  assert.throws(() => invertSpd(a, 2), (e: unknown) => e instanceof NotPositiveDefiniteError && e.row === 1);
  assert.throws(() => cholesky(new Float64Array(3), 2), /expected an 2×2 matrix/);
});

test('progress is reported for every block of every pass', () => {
  const n = 130;
  const calls: number[] = [];
  invertSpd(randomSpd(n, 9), n, (done, total) => {
    assert.equal(total, 9);
    calls.push(done);
  });
  assert.deepEqual(calls, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
