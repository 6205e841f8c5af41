import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positiveMatrix } from '../../src/recall/cf/matrix.js';
import { weighValues } from '../../src/recall/cf/weighting.js';
import { Interactions } from '../../src/recall/interactions.js';
import { ITEM_CF_DEFAULTS, ItemCfChannel, type ItemCfOptions } from '../../src/recall/item-cf.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import type { HistoryItem, RecallContext } from '../../src/recall/types.js';
import { beatsPopular } from './item-cf-ml100k.js';

const HOUR = 3600_000;
const NOW = 1000 * HOUR;

/** Users' pins with weights (1 when not given). */
function matrix(rows: Record<string, Record<string, number>>): Interactions {
  const records = Object.entries(rows).flatMap(([userId, pins]) =>
    Object.entries(pins).map(([pinId, weight]) => ({ userId, pinId, weight, timestamp: NOW })),
  );
  return Interactions.fromRecords(records);
}

const binary = (sets: Record<string, string[]>) =>
  matrix(Object.fromEntries(Object.entries(sets).map(([u, pins]) => [u, Object.fromEntries(pins.map((p) => [p, 1]))])));

/**
 * A={u1,u2,u4}, B={u1,u2,u3}, C={u2,u3}, D={u4}. Co-engagements: AB 2, AC 1,
 * AD 1, BC 2, BD 0, CD 0.
 */
const SMALL = binary({ u1: ['A', 'B'], u2: ['A', 'B', 'C'], u3: ['B', 'C'], u4: ['A', 'D'] });

function fitted(data: Interactions, options: Partial<ItemCfOptions> = {}): ItemCfChannel {
  const channel = new ItemCfChannel({ ...ITEM_CF_DEFAULTS, shrinkage: 0, ...options });
  channel.fit(data, { now: NOW });
  return channel;
}

/** The pin's neighbours as { pin: similarity }. */
function sims(channel: ItemCfChannel, pinId: string): Record<string, number> {
  return Object.fromEntries((channel.similarItems(pinId, 100) ?? []).map((c) => [c.pinId, c.score]));
}

function assertClose(actual: Record<string, number>, expected: Record<string, number>, message = ''): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${message} neighbours ${JSON.stringify(actual)}`);
  for (const [pin, value] of Object.entries(expected)) {
    assert.ok(Math.abs(actual[pin]! - value) < 1e-6, `${pin}: ${actual[pin]} vs ${value}`);
  }
}

function context(history: [string, number, number?][], exclude: string[] = []): RecallContext {
  const items: HistoryItem[] = history.map(([pinId, weight, ageHours = 0]) => ({ pinId, weight, timestamp: NOW - ageHours * HOUR }));
  return { userId: 'someone', now: NOW, history: items, exclude: new Set([...exclude, ...history.map(([p]) => p)]) };
}

test('cosine on 0/1 data: co-engagements over the root of the two counts', () => {
  const c = fitted(SMALL);
  assertClose(sims(c, 'A'), { B: 2 / 3, D: 1 / Math.sqrt(3), C: 1 / Math.sqrt(6) });
  assertClose(sims(c, 'B'), { C: 2 / Math.sqrt(6), A: 2 / 3 });
  assertClose(sims(c, 'D'), { A: 1 / Math.sqrt(3) });
  assert.deepEqual(
    c.similarItems('A', 10).map((x) => x.pinId),
    ['B', 'D', 'C'],
    'most similar first',
  );
});

test('Jaccard: shared users over all users of either pin', () => {
  assertClose(sims(fitted(SMALL, { similarity: 'jaccard' }), 'A'), { B: 2 / 4, C: 1 / 4, D: 1 / 3 });
  assertClose(sims(fitted(SMALL, { similarity: 'jaccard' }), 'C'), { B: 2 / 3, A: 1 / 4 });
});

test('shrinkage multiplies by c / (c + lambda), c the co-engaging users', () => {
  const c = fitted(SMALL, { shrinkage: 2 });
  assertClose(sims(c, 'A'), { B: (2 / 3) * (2 / 4), D: (1 / Math.sqrt(3)) * (1 / 3), C: (1 / Math.sqrt(6)) * (1 / 3) });
  // A-D and A-C are both backed by one user, so their order stays.
  assert.deepEqual(
    c.similarItems('A', 10).map((x) => x.pinId),
    ['B', 'D', 'C'],
  );
});

test('IDF of users: ln(1 + pins / pins of the user) weighs each shared user', () => {
  // u1, u3, u4 engaged 2 of 4 pins, u2 engaged 3.
  const light = Math.log(1 + 4 / 2);
  const heavy = Math.log(1 + 4 / 3);
  const c = fitted(SMALL, { weighting: 'idf' });
  const normA = Math.sqrt(2 * light ** 2 + heavy ** 2);
  const normC = Math.sqrt(light ** 2 + heavy ** 2);
  assertClose(sims(c, 'A'), {
    B: (light ** 2 + heavy ** 2) / (normA * normA),
    C: heavy ** 2 / (normA * normC),
    D: light ** 2 / (normA * light),
  });
});

test('IDF and BM25 weights by hand; BM25 cancels out of cosine on 0/1 data', () => {
  const m = positiveMatrix(SMALL, 'binary', 100).byUser;
  const idf = weighValues(m, 'users', { weighting: 'idf', bm25K1: 1.2, bm25B: 0.75 });
  const bm25 = weighValues(m, 'users', { weighting: 'bm25', bm25K1: 1.2, bm25B: 0.75 });
  // Row u2 is A, B, C; pin lengths A 3, B 3, C 2, D 1: average 9/4.
  const u2 = SMALL.users.get('u2')!;
  const idfU2 = Math.log(1 + 4 / 3);
  const expected = [3, 3, 2].map((length) => (2.2 / (1.2 * (0.25 + (0.75 * length) / 2.25) + 1)) * idfU2);
  const at = m.indptr[u2]!;
  for (let t = 0; t < 3; t++) {
    assert.ok(Math.abs(idf[at + t]! - idfU2) < 1e-6);
    assert.ok(Math.abs(bm25[at + t]! - expected[t]!) < 1e-6, `${bm25[at + t]} vs ${expected[t]}`);
  }
  assertClose(sims(fitted(SMALL, { weighting: 'bm25' }), 'A'), sims(fitted(SMALL, { weighting: 'idf' }), 'A'));
});

/**
 * Graded values (value: 'weight'). Rows: u1 A5 B5 C2 (mean 4), u2 A4 B5 C3
 * (mean 4), u3 A2 C4 (mean 3), u4 B3 D5 (mean 4).
 */
const GRADED = matrix({ u1: { A: 5, B: 5, C: 2 }, u2: { A: 4, B: 5, C: 3 }, u3: { A: 2, C: 4 }, u4: { B: 3, D: 5 } });

test('cosine and Jaccard on graded values', () => {
  // A = (5, 4, 2, 0), B = (5, 5, 0, 3) over u1..u4.
  assert.ok(Math.abs(sims(fitted(GRADED, { value: 'weight' }), 'A')['B']! - 45 / Math.sqrt(45 * 59)) < 1e-6);
  // Sum of minima 5 + 4 = 9; sums 11 and 13.
  assert.ok(Math.abs(sims(fitted(GRADED, { value: 'weight', similarity: 'jaccard' }), 'A')['B']! - 9 / (11 + 13 - 9)) < 1e-6);
});

test('adjusted cosine centres by the user mean; negative similarities are dropped', () => {
  // Centred: u1 A1 B1 C-2, u2 A0 B1 C-1, u3 A-1 C1, u4 B-1 D1.
  // AB over u1, u2: (1 + 0) / sqrt(1 * 2). AC, BC, BD are negative.
  const c = fitted(GRADED, { value: 'weight', similarity: 'adjusted-cosine' });
  assertClose(sims(c, 'A'), { B: 1 / Math.sqrt(2) });
  assertClose(sims(c, 'C'), {});
  assertClose(sims(c, 'D'), {});
  assertClose(sims(fitted(SMALL, { similarity: 'adjusted-cosine' }), 'A'), {}, 'on 0/1 data every centred value is 0');
});

test('Pearson centres by the pin mean, over co-engaging users', () => {
  // Means A 11/3, B 13/3, C 3, D 5. AB over u1, u2: A' = 4/3, 1/3; B' = 2/3, 2/3.
  const c = fitted(GRADED, { value: 'weight', similarity: 'pearson' });
  assertClose(sims(c, 'A'), { B: 10 / 9 / Math.sqrt((17 / 9) * (8 / 9)) });
  assertClose(sims(c, 'D'), {}); // B-D over u4 is 0: D' = 0.
});

test('top-K keeps each pin its K most similar', () => {
  const c = fitted(SMALL, { neighbours: 1 });
  assertClose(sims(c, 'A'), { B: 2 / 3 });
  assertClose(sims(c, 'B'), { C: 2 / Math.sqrt(6) });
  assertClose(sims(c, 'C'), { B: 2 / Math.sqrt(6) });
  assertClose(sims(c, 'D'), { A: 1 / Math.sqrt(3) });
  assert.deepEqual(
    fitted(SMALL, { neighbours: 2 }).similarItems('A', 10).map((x) => x.pinId),
    ['B', 'D'],
  );
});

test('recall sums seed x similarity over the seeds and names the strongest seed', () => {
  const c = fitted(SMALL);
  const one = c.recall(context([['A', 1]]), 10);
  assert.deepEqual(
    one.map((x) => x.pinId),
    ['B', 'D', 'C'],
  );
  const two = c.recall(context([['A', 1], ['C', 1]]), 10);
  assert.equal(two.length, 2);
  assert.equal(two[0]!.pinId, 'B');
  assert.ok(Math.abs(two[0]!.score - (2 / 3 + 2 / Math.sqrt(6))) < 1e-6);
  assert.equal(two[0]!.seedPinId, 'C', 'C-B (0.82) beats A-B (0.67)');
  assert.ok(Math.abs(two[1]!.score - 1 / Math.sqrt(3)) < 1e-6);
  assert.equal(c.recall(context([['A', 1]]), 1).length, 1, 'at most n');
});

test('recency decay, seed cap and normalisation', () => {
  const decayed = fitted(SMALL, { seedHalfLifeHours: 10 }).recall(context([['A', 1, 0], ['C', 1, 10]]), 10);
  assert.ok(Math.abs(decayed[0]!.score - (2 / 3 + 0.5 * (2 / Math.sqrt(6)))) < 1e-6);
  // History is most recent first: with one seed only A spreads.
  const capped = fitted(SMALL, { maxSeeds: 1 }).recall(context([['A', 1], ['C', 1]]), 10);
  assert.ok(Math.abs(capped[0]!.score - 2 / 3) < 1e-6);
  const normalised = fitted(SMALL, { normalize: true }).recall(context([['A', 1], ['C', 1]]), 10);
  for (const x of normalised) assert.ok(Math.abs(x.score - 1) < 1e-6, 'a weighted mean of equal seed weights');
  const weighted = fitted(SMALL, { value: 'weight' }).recall(context([['A', 3]]), 10);
  assert.ok(Math.abs(weighted[0]!.score - 3 * (2 / 3)) < 1e-6, 'seed value = its weight');
});

test('candidate neighbourhood: a pin is scored by the seeds among its own K nearest', () => {
  // K = 1: A's nearest is B, but B's nearest is C and D's is A.
  const seed = fitted(SMALL, { neighbours: 1 }).recall(context([['A', 1]]), 10);
  assert.deepEqual(
    seed.map((x) => x.pinId),
    ['B'],
  );
  const candidate = fitted(SMALL, { neighbours: 1, neighbourhood: 'candidate' }).recall(context([['A', 1]]), 10);
  assert.deepEqual(
    candidate.map((x) => [x.pinId, x.seedPinId]),
    [['D', 'A']],
  );
});

test('never returns excluded pins or any pin of the history, hidden ones included', () => {
  const c = fitted(SMALL);
  const ctx: RecallContext = {
    userId: 'u',
    now: NOW,
    history: [
      { pinId: 'A', weight: 1, timestamp: NOW },
      { pinId: 'D', weight: -1, timestamp: NOW },
    ],
    exclude: new Set(['B']),
  };
  assert.deepEqual(
    c.recall(ctx, 10).map((x) => x.pinId),
    ['C'],
  );
  assert.deepEqual(c.recall({ ...ctx, history: [{ pinId: 'unknown', weight: 1, timestamp: NOW }] }, 10), []);
  // Scratch buffers are cleared between calls: the same call gives the same answer.
  assert.deepEqual(c.recall(ctx, 10), c.recall(ctx, 10));
});

test('save and load through persisted text give identical recall and neighbours', () => {
  for (const neighbourhood of ['seed', 'candidate'] as const) {
    const c = fitted(SMALL, { neighbourhood, neighbours: 2 });
    const copy = new ItemCfChannel({ ...ITEM_CF_DEFAULTS, shrinkage: 0, neighbourhood, neighbours: 2 });
    copy.load(decodeState(encodeState(c.save())));
    const ctx = context([['A', 1], ['C', 1]]);
    assert.deepEqual(copy.recall(ctx, 10), c.recall(ctx, 10));
    for (const pin of ['A', 'B', 'C', 'D']) assert.deepEqual(copy.similarItems(pin, 10), c.similarItems(pin, 10));
  }
});

test('ML-100k leave-last-out: item-cf beats popular on NDCG@10', async (t) => {
  await beatsPopular(t, 'item-cf');
});
