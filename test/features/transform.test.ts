import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FeatureTransform } from '../../src/features/transform.js';

const N = Number.NaN;
// Three rows of [a, b]: a = 1, 2, 6; b = 5, missing, 5.
const rows = Float32Array.from([1, 5, 2, N, 6, 5]);

test('missing values are imputed by mean, median or mode, flagged, and all standardised', () => {
  for (const [how, fill] of [['mean', 5], ['median', 5], ['mode', 5]] as const) {
    const t = FeatureTransform.fit(rows, ['a', 'b'], { b: how });
    assert.deepEqual(t.outputNames, ['a', 'b', 'b_missing']);
    const out = t.apply(Float32Array.from([3, N]));
    // a: mean 3, sd sqrt(14/3); b after filling: all 5, so sd 0 → divided by 1.
    assert.ok(Math.abs(out[0]!) < 1e-6);
    assert.ok(Math.abs(out[1]! - (fill - 5)) < 1e-6);
    assert.equal(out[2], 1);
  }
  const median = FeatureTransform.fit(Float32Array.from([1, 2, 10, N]), ['a'], { a: 'median' });
  assert.equal(median.save().fill[0], 2);
  const mode = FeatureTransform.fit(Float32Array.from([3, 1, 3, 2]), ['a'], { a: 'mode' });
  assert.equal(mode.save().fill[0], 3);
});

test('standardised training columns have mean 0 and deviation 1; a column never missing has no flag', () => {
  const t = FeatureTransform.fit(rows, ['a', 'b']);
  const out = t.apply(rows);
  const a = [out[0]!, out[3]!, out[6]!];
  assert.ok(Math.abs(a.reduce((s, v) => s + v, 0)) < 1e-6);
  assert.ok(Math.abs(a.reduce((s, v) => s + v * v, 0) / 3 - 1) < 1e-5);
  assert.equal(t.outputWidth, 3);
});

test('state survives save and load; bad shapes and names are refused', () => {
  const t = FeatureTransform.fit(rows, ['a', 'b']);
  const copy = FeatureTransform.load(JSON.parse(JSON.stringify(t.save())));
  assert.deepEqual(copy.apply(rows), t.apply(rows));
  assert.throws(() => FeatureTransform.fit(Float32Array.from([1, 2, 3]), ['a', 'b']), /not a whole number of rows of 2/);
  assert.throws(() => FeatureTransform.fit(rows, ['a', 'b'], { c: 'mean' }), /unknown feature "c"/);
  assert.throws(() => t.apply(Float32Array.from([1])), /not a whole number/);
  assert.throws(() => FeatureTransform.load({ ...t.save(), mean: [] }), /malformed/);
});
