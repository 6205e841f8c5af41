import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import type { RecallContext } from '../../src/recall/types.js';
import { USER_CF_DEFAULTS, UserCfChannel, type UserCfOptions } from '../../src/recall/user-cf.js';
import { beatsPopular } from './item-cf-ml100k.js';

const NOW = 1_000_000;

/**
 * q engaged A, B, C; v1 A, B, D; v2 A, E; v3 C, F, D. Shared with q: v1 A
 * and B, v2 A, v3 C. `times` gives each pin's users in order of recency,
 * most recent first (default: the order below).
 */
const USERS: Record<string, string[]> = { q: ['A', 'B', 'C'], v1: ['A', 'B', 'D'], v2: ['A', 'E'], v3: ['C', 'F', 'D'] };

function data(recentFirst: Record<string, string[]> = {}): Interactions {
  const records = Object.entries(USERS).flatMap(([userId, pins], u) =>
    pins.map((pinId) => {
      const rank = recentFirst[pinId]?.indexOf(userId) ?? -1;
      return { userId, pinId, weight: 1, timestamp: rank >= 0 ? NOW - rank : NOW - 100 - u };
    }),
  );
  return Interactions.fromRecords(records);
}

function fitted(options: Partial<UserCfOptions> = {}, d = data()): UserCfChannel {
  const channel = new UserCfChannel({ ...USER_CF_DEFAULTS, shrinkage: 0, ...options });
  channel.fit(d, { now: NOW });
  return channel;
}

function contextOf(userId: string, pins: string[], exclude: string[] = []): RecallContext {
  return {
    userId,
    now: NOW,
    history: pins.map((pinId) => ({ pinId, weight: 1, timestamp: NOW })),
    exclude: new Set([...pins, ...exclude]),
  };
}

const Q = contextOf('q', USERS['q']!);

function scores(channel: UserCfChannel, ctx: RecallContext = Q): Record<string, number> {
  return Object.fromEntries(channel.recall(ctx, 100).map((c) => [c.pinId, c.score]));
}

function assertClose(actual: Record<string, number>, expected: Record<string, number>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), JSON.stringify(actual));
  for (const [pin, value] of Object.entries(expected)) {
    assert.ok(Math.abs(actual[pin]! - value) < 1e-6, `${pin}: ${actual[pin]} vs ${value}`);
  }
}

// A pin's score is the sum of the similarities of the neighbours who have it: D from v1 and v3, E from v2, F from v3.

test('cosine: shared pins over the root of the two counts', () => {
  const [v1, v2, v3] = [2 / 3, 1 / Math.sqrt(6), 1 / 3];
  assertClose(scores(fitted()), { D: v1 + v3, E: v2, F: v3 });
  assert.deepEqual(
    fitted().recall(Q, 10).map((c) => c.pinId),
    ['D', 'E', 'F'],
  );
});

test('voteExponent: neighbours vote with similarity ^ exponent', () => {
  const [v1, v2, v3] = [2 / 3, 1 / Math.sqrt(6), 1 / 3];
  assertClose(scores(fitted({ voteExponent: 2 })), { D: v1 ** 2 + v3 ** 2, E: v2 ** 2, F: v3 ** 2 });
  assertClose(scores(fitted({ voteExponent: 0 })), { D: 2, E: 1, F: 1 });
});

test('Jaccard: shared pins over the pins of either', () => {
  const [v1, v2, v3] = [2 / 4, 1 / 4, 1 / 5];
  assertClose(scores(fitted({ similarity: 'jaccard' })), { D: v1 + v3, E: v2, F: v3 });
});

test('shrinkage multiplies by c / (c + lambda), c the shared pins', () => {
  const [v1, v2, v3] = [(2 / 3) * (2 / 3), (1 / Math.sqrt(6)) * (1 / 2), (1 / 3) * (1 / 2)];
  assertClose(scores(fitted({ shrinkage: 1 })), { D: v1 + v3, E: v2, F: v3 });
});

test('IDF of pins: ln(1 + users / users of the pin) weighs each pin', () => {
  // 4 users: A has 3, B, C and D 2, E and F 1.
  const a = Math.log(1 + 4 / 3);
  const b = Math.log(1 + 4 / 2);
  const e = Math.log(1 + 4 / 1);
  const normQ = Math.sqrt(a * a + 2 * b * b);
  const v1 = (a * a + b * b) / (normQ * Math.sqrt(a * a + 2 * b * b));
  const v2 = (a * a) / (normQ * Math.sqrt(a * a + e * e));
  const v3 = (b * b) / (normQ * Math.sqrt(2 * b * b + e * e));
  assertClose(scores(fitted({ weighting: 'idf' })), { D: v1 + v3, E: v2, F: v3 });
});

test('top-K neighbours, without the user themselves', () => {
  assertClose(scores(fitted({ neighbours: 1 })), { D: 2 / 3 });
  assertClose(scores(fitted({ neighbours: 2 })), { D: 2 / 3, E: 1 / Math.sqrt(6) });
});

test('a user known only from their history gets the same neighbours, training users included', () => {
  const stranger = contextOf('stranger', ['A', 'B', 'C']);
  // q itself is now a neighbour (similarity 1) with nothing new to vote for.
  assertClose(scores(fitted(), stranger), scores(fitted()));
  assertClose(scores(fitted({ neighbours: 2 }), stranger), { D: 2 / 3 });
  assertClose(scores(fitted(), contextOf('stranger', ['E'])), { A: 1 / Math.sqrt(2) });
  assert.deepEqual(fitted().recall(contextOf('stranger', ['unknown']), 10), []);
});

test('each pin reaches at most maxItemUsers of its most recent users', () => {
  // Most recent: v2 for A, q for B (the user themselves), v3 for C. v1 is never reached.
  const d = data({ A: ['v2', 'q', 'v1'], B: ['q', 'v1'], C: ['v3', 'q'] });
  assertClose(scores(fitted({ maxItemUsers: 1 }, d)), { E: 1 / Math.sqrt(6), F: 1 / 3, D: 1 / 3 });
  // With 2, v1 is reached through B but not A: its similarity counts B only (the price of the cap).
  assertClose(scores(fitted({ maxItemUsers: 2 }, d)), { D: 1 / 3 + 1 / 3, E: 1 / Math.sqrt(6), F: 1 / 3 });
  assertClose(scores(fitted({ maxItemUsers: 3 }, d)), scores(fitted()));
});

test('maxHistory describes the user by their most recent pins', () => {
  // History most recent first: only A describes them, so q, v1 and v2 are neighbours; B and C stay excluded.
  assertClose(scores(fitted({ maxHistory: 1 }), contextOf('stranger', ['A', 'B', 'C'])), { D: 1 / Math.sqrt(3), E: 1 / Math.sqrt(2) });
});

test('never returns excluded pins or any pin of the history, hidden ones included', () => {
  const c = fitted();
  const ctx: RecallContext = {
    userId: 'q',
    now: NOW,
    history: [...Q.history, { pinId: 'F', weight: -1, timestamp: NOW }],
    exclude: new Set(['E']),
  };
  assert.deepEqual(
    c.recall(ctx, 10).map((x) => x.pinId),
    ['D'],
  );
  assert.deepEqual(c.recall(ctx, 10), c.recall(ctx, 10), 'scratch buffers are cleared between calls');
  assert.equal(c.recall(Q, 2).length, 2, 'at most n');
});

test('save and load through persisted text give identical recall', () => {
  const c = fitted({ weighting: 'bm25' });
  const copy = new UserCfChannel({ ...USER_CF_DEFAULTS, shrinkage: 0, weighting: 'bm25' });
  copy.load(decodeState(encodeState(c.save())));
  for (const ctx of [Q, contextOf('stranger', ['A', 'E'])]) assert.deepEqual(copy.recall(ctx, 10), c.recall(ctx, 10));
  assert.deepEqual(new UserCfChannel(USER_CF_DEFAULTS).recall(Q, 10), [], 'an unfitted channel recalls nothing');
});

test('ML-100k leave-last-out: user-cf beats popular on NDCG@10', async (t) => {
  await beatsPopular(t, 'user-cf');
});
