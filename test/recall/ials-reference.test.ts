import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { csrFromTriples, transpose } from '../../src/math/sparse.js';
import { trainIalsReference, type ReferenceOptions } from '../../src/recall/ials/reference.js';
import { trainIals, type ImplicitMatrix } from '../../src/recall/ials/train.js';

/**
 * Skewed like real data and like the benchmark's matrix: Zipf-like item
 * popularity (a few items in most rows, so rows of every length), users from
 * empty to long; some dislikes (negative weights) and impressions (weight 0).
 */
function skewedMatrix(seed: number, users: number, items: number): ImplicitMatrix {
  const r = new Random(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < users; u++) {
    const n = u % 17 === 5 ? 0 : Math.floor(r.float() ** 2 * 90);
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const item = Math.min(items - 1, Math.floor(Math.exp(r.float() * Math.log(items + 1))) - 1);
      if (seen.has(item)) continue;
      seen.add(item);
      rows.push(u);
      cols.push(item);
      values.push(r.bernoulli(0.05) ? 0 : r.bernoulli(0.1) ? -1 : 1 + r.int(4));
    }
  }
  const byUser = csrFromTriples(users, items, rows, cols, values);
  return { users, items, byUser, byItem: transpose(byUser) };
}

function maxRelativeDifference(actual: Float32Array, expected: Float32Array): number {
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]!));
    diff = Math.max(diff, Math.abs(actual[k]! - expected[k]!));
  }
  return diff / scale;
}

const base: ReferenceOptions = { factors: 64, iterations: 3, alpha: 5, regularization: 0.1, regularizationExponent: 0, cgSteps: 3, seed: 7 };

// 10 factors: padded to a stride of 12; 64 and 128: the benchmark's sizes.
for (const [factors, exponent] of [
  [10, 0],
  [64, 0],
  [64, 0.5],
  [128, 0],
] as const) {
  test(`trainIals gives the reference solver's factors (${factors} factors, ν = ${exponent}, 1 and 2 threads)`, async () => {
    const matrix = skewedMatrix(factors + 1, 400, 150);
    const options = { ...base, factors, regularizationExponent: exponent };
    const expected = trainIalsReference(matrix, options);
    for (const threads of [1, 2]) {
      const actual = await trainIals(matrix, { ...options, threads, computeLoss: false });
      // Float32 kernel against float64 work vectors, three iterations deep: rounding
      // differences stay below 1e-3; a wrong row, entry or step count gives 1e-2 and more.
      const users = maxRelativeDifference(actual.userFactors, expected.userFactors);
      const items = maxRelativeDifference(actual.itemFactors, expected.itemFactors);
      assert.ok(users < 1e-3 && items < 1e-3, `${threads} threads: users differ by ${users}, items by ${items} (relative to the largest factor)`);
    }
  });
}

test('the reference solver reduces the training error from the random start', () => {
  const matrix = skewedMatrix(3, 200, 80);
  const scoreOfLiked = ({ userFactors, itemFactors }: { userFactors: Float32Array; itemFactors: Float32Array }, f: number) => {
    let sum = 0;
    let n = 0;
    for (let u = 0; u < matrix.users; u++) {
      for (let k = matrix.byUser.indptr[u]!; k < matrix.byUser.indptr[u + 1]!; k++) {
        if (matrix.byUser.values[k]! <= 0) continue;
        const i = matrix.byUser.indices[k]!;
        let s = 0;
        for (let j = 0; j < f; j++) s += userFactors[u * f + j]! * itemFactors[i * f + j]!;
        sum += (1 - s) ** 2;
        n++;
      }
    }
    return sum / n;
  };
  const before = scoreOfLiked(trainIalsReference(matrix, { ...base, factors: 16, iterations: 0 }), 16);
  const after = scoreOfLiked(trainIalsReference(matrix, { ...base, factors: 16, iterations: 4 }), 16);
  assert.ok(after < 0.5 * before, `squared error on liked pairs ${before} → ${after}`);
});
