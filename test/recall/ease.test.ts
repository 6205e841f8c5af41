import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EASE_DEFAULTS, EaseChannel } from '../../src/recall/ease.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import type { RecallContext } from '../../src/recall/types.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} ≠ ${expected}`);

function interactions(rows: Record<string, string[]>): Interactions {
  return Interactions.fromRecords(
    Object.entries(rows).flatMap(([userId, pins]) => pins.map((pinId, k) => ({ userId, pinId, weight: 1, timestamp: k }))),
  );
}

function context(userId: string, pins: string[], exclude: string[] = []): RecallContext {
  return {
    userId,
    now: 0,
    history: pins.map((pinId) => ({ pinId, weight: 1, timestamp: 0 })),
    exclude: new Set([...pins, ...exclude]),
  };
}

/**
 * X = [[1, 1, 0], [0, 1, 1], [1, 1, 1]] over pins a, b, c and λ = 1:
 * XᵀX + I = [[3, 2, 1], [2, 4, 2], [1, 2, 3]], whose inverse is
 * P = [[1/2, −1/4, 0], [−1/4, 1/2, −1/4], [0, −1/4, 1/2]] (adjugate / det 16),
 * so B = −P_ij / P_jj off the diagonal: a↔b and b↔c weigh 1/2, a↔c 0.
 */
const TINY = { u1: ['a', 'b'], u2: ['b', 'c'], u3: ['a', 'b', 'c'] };
const TINY_B: Record<string, Record<string, number>> = {
  a: { a: 0, b: 0.5, c: 0 },
  b: { a: 0.5, b: 0, c: 0.5 },
  c: { a: 0, b: 0.5, c: 0 },
};

test('EASE on a tiny matrix gives the hand-computed B, with a zero diagonal', () => {
  const ease = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1 });
  ease.fit(interactions(TINY), { now: 0 });
  const { pins, weights } = ease.save();
  assert.deepEqual(pins, ['b', 'a', 'c'], 'most engaged first');
  for (const [h, from] of pins.entries()) {
    for (const [j, to] of pins.entries()) close(weights[h * pins.length + j]!, TINY_B[from]![to]!);
  }
  assert.deepEqual(ease.coverage, { pins: 3, of: 3 });
});

test('dropout adds a popularity-proportional penalty (EDLAE), checked by hand', () => {
  // dropout 1/2: each diagonal entry doubles, then + λ = 1: [[5, 2, 1], [2, 7, 2], [1, 2, 5]],
  // whose inverse is [[31, −8, −3], [−8, 24, −8], [−3, −8, 31]] / 136.
  const ease = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1, dropout: 0.5 });
  ease.fit(interactions(TINY), { now: 0 });
  const { pins, weights } = ease.save();
  const expected: Record<string, Record<string, number>> = {
    a: { a: 0, b: 1 / 3, c: 3 / 31 },
    b: { a: 8 / 31, b: 0, c: 8 / 31 },
    c: { a: 3 / 31, b: 1 / 3, c: 0 },
  };
  for (const [h, from] of pins.entries()) {
    for (const [j, to] of pins.entries()) close(weights[h * pins.length + j]!, expected[from]![to]!);
  }
});

test('recall scores x_u·B over the history, names the seed, and leaves out history and exclusions', () => {
  const ease = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1 });
  ease.fit(interactions(TINY), { now: 0 });
  assert.deepEqual(ease.recall(context('new', ['a']), 10), [
    { pinId: 'b', score: 0.5, seedPinId: 'a' },
    { pinId: 'c', score: 0, seedPinId: 'a' },
  ]);
  const both = ease.recall(context('new', ['a', 'c']), 10);
  assert.deepEqual(both.map((c) => c.pinId), ['b']);
  close(both[0]!.score, 1);
  assert.deepEqual(ease.recall(context('new', ['a'], ['b']), 10).map((c) => c.pinId), ['c']);
  assert.deepEqual(ease.recall(context('new', ['a']), 1).map((c) => c.pinId), ['b']);
  assert.deepEqual(ease.recall(context('new', ['unknown-pin']), 10), [], 'no modelled history, nothing to say');
  const similar = ease.similarItems('a', 5);
  assert.deepEqual(similar.map((c) => c.pinId), ['b', 'c']);
  close(similar[0]!.score, 0.5);
  close(similar[1]!.score, 0);
  assert.deepEqual(ease.similarItems('nope', 5), []);
});

test('values "weight" makes X carry the weights, "binary" does not; dislikes never count', () => {
  const data = Interactions.fromRecords([
    { userId: 'u1', pinId: 'a', weight: 3, timestamp: 0 },
    { userId: 'u1', pinId: 'b', weight: 1, timestamp: 0 },
    { userId: 'u2', pinId: 'b', weight: 2, timestamp: 0 },
    { userId: 'u2', pinId: 'c', weight: -1, timestamp: 0 },
  ]);
  const binary = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1 });
  binary.fit(data, { now: 0 });
  assert.deepEqual(binary.coverage, { pins: 2, of: 3 }, 'c has no positive interaction');
  const weighted = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1, values: 'weight' });
  weighted.fit(data, { now: 0 });
  const score = (e: EaseChannel) => e.recall(context('x', ['a']), 5)[0]!.score;
  // Over (b, a): binary XᵀX + I = [[3, 1], [1, 2]], so B_ab = −P_ab / P_bb = 1/2;
  // weighted [[6, 3], [3, 10]], so B_ab = 3/10. The context's history weighs 1.
  close(score(binary), 1 / 2);
  close(score(weighted), 3 / 10);
});

test('maxItems keeps only the most engaged pins', () => {
  const ease = new EaseChannel({ ...EASE_DEFAULTS, lambda: 1, maxItems: 2 });
  ease.fit(interactions({ ...TINY, u4: ['c'] }), { now: 0 });
  assert.deepEqual(ease.coverage, { pins: 2, of: 3 });
  assert.deepEqual(ease.save().pins, ['b', 'c']);
  assert.deepEqual(ease.recall(context('new', ['a']), 10), [], 'a is outside the model');
  assert.deepEqual(ease.recall(context('new', ['c']), 10).map((c) => c.pinId), ['b']);
});

test('save and load through persist give identical recall', () => {
  const rows: Record<string, string[]> = {};
  for (let u = 0; u < 40; u++) rows[`u${u}`] = Array.from({ length: 6 }, (_, k) => `p${(u * 7 + k * k * 3) % 50}`);
  const ease = new EaseChannel(EASE_DEFAULTS);
  ease.fit(interactions(rows), { now: 0 });
  const loaded = new EaseChannel(EASE_DEFAULTS);
  loaded.load(decodeState(encodeState(ease.save())));
  for (const userId of ['u1', 'u17', 'u33']) {
    const c = context(userId, rows[userId]!);
    assert.deepEqual(loaded.recall(c, 20), ease.recall(c, 20));
  }
  assert.deepEqual(loaded.similarItems('p3', 5), ease.similarItems('p3', 5));
  assert.deepEqual(loaded.coverage, ease.coverage);
  assert.throws(() => loaded.load({ pins: ['a'], totalPins: 1, weights: new Float32Array(2) }), /inconsistent/);
});
