import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Calibrator, fitIsotonic, fitPlatt, interpolate, sigmoid } from '../../src/rank/calibration.js';

const close = (actual: number, expected: number, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

test('Platt scaling on two score levels reproduces each level’s rate (the saturated maximum-likelihood fit)', () => {
  // Score 0: 1 positive of 4 → σ(b) = 1/4, b = ln(1/3). Score 1: 3 of 4 → σ(a + b) = 3/4, a = ln 3 - ln(1/3) = 2 ln 3.
  const scores = [0, 0, 0, 0, 1, 1, 1, 1];
  const labels = [1, 0, 0, 0, 1, 1, 1, 0];
  const { a, b } = fitPlatt(scores, labels);
  close(b, Math.log(1 / 3), 1e-4);
  close(a, 2 * Math.log(3), 1e-4);
  const c = Calibrator.fit('platt', scores, labels);
  close(c.apply(0), 0.25);
  close(c.apply(1), 0.75);
});

test('Platt scaling undoes a known distortion of the logit', () => {
  // Labels drawn exactly at rates σ(2z - 1) for z in a grid, many copies: the fit recovers a = 2, b = -1.
  const scores: number[] = [];
  const labels: number[] = [];
  for (let z = -2; z <= 2; z += 0.5) {
    const p = sigmoid(2 * z - 1);
    const positives = Math.round(p * 1000);
    for (let i = 0; i < 1000; i++) {
      scores.push(z);
      labels.push(i < positives ? 1 : 0);
    }
  }
  const { a, b } = fitPlatt(scores, labels);
  close(a, 2, 0.01);
  close(b, -1, 0.01);
});

test('Platt scaling stays finite on separable data', () => {
  const { a, b } = fitPlatt([-1, -0.5, 0.5, 1], [0, 0, 1, 1]);
  assert.ok(Number.isFinite(a) && Number.isFinite(b) && a > 0);
});

test('isotonic calibration pools adjacent violators (hand-computed)', () => {
  // Sorted scores 1..5 with labels 1,0,0,1,1: the first three pool to 1/3; 4 and 5 stay at 1.
  const fit = fitIsotonic([3, 1, 5, 2, 4], [0, 1, 1, 0, 1]);
  assert.deepEqual(fit.x, [1, 3, 4, 5]);
  fit.y.slice(0, 2).forEach((y) => close(y, 1 / 3, 1e-12));
  assert.deepEqual(fit.y.slice(2), [1, 1]);
  const c = Calibrator.fit('isotonic', [3, 1, 5, 2, 4], [0, 1, 1, 0, 1]);
  close(c.apply(2), 1 / 3, 1e-12);
  close(c.apply(3.5), 2 / 3, 1e-12); // halfway between (3, 1/3) and (4, 1)
  close(c.apply(-10), 1 / 3, 1e-12); // clamped below
  close(c.apply(99), 1, 1e-12); // clamped above
});

test('isotonic calibration averages tied scores and is non-decreasing', () => {
  const fit = fitIsotonic([1, 1, 1, 1, 2, 2, 3], [1, 0, 0, 0, 1, 0, 1]);
  assert.deepEqual(fit.x, [1, 2, 3]);
  assert.deepEqual(fit.y, [0.25, 0.5, 1]);
  const scores = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 3);
  const labels = scores.map((s, i) => (s + Math.cos(i * 7) > 0 ? 1 : 0));
  const { y } = fitIsotonic(scores, labels);
  for (let i = 1; i < y.length; i++) assert.ok(y[i]! >= y[i - 1]!, 'monotone');
});

test('interpolate is linear between points and flat beyond them', () => {
  assert.equal(interpolate([0, 2], [0, 1], 1), 0.5);
  assert.equal(interpolate([0, 2], [0, 1], -1), 0);
  assert.equal(interpolate([0, 2, 4], [0, 1, 3], 3), 2);
});

test('calibrators save and load; none is the sigmoid; bad input is named', () => {
  for (const method of ['platt', 'isotonic', 'none'] as const) {
    const c = Calibrator.fit(method, [-1, 0, 1, 2], [0, 1, 0, 1]);
    const loaded = Calibrator.load(JSON.parse(JSON.stringify(c.save())));
    for (const z of [-3, -0.2, 0.7, 5]) assert.equal(loaded.apply(z), c.apply(z));
  }
  assert.equal(Calibrator.identity().apply(0), 0.5);
  assert.throws(() => Calibrator.fit('platt', [1, 2], [1]), /2 scores but 1 labels/);
  assert.throws(() => Calibrator.fit('isotonic', [], []), /at least one validation example/);
  assert.throws(() => Calibrator.load({ method: 'platt', a: 1 }), /malformed/);
});
