import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { leaveLastOut, type InteractionRecord, type TestSet } from '../../src/eval/splits.js';
import { Random } from '../../src/math/random.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { ChannelCandidate, RecallChannel, RecallContext } from '../../src/recall/types.js';

const close = (actual: number | undefined, expected: number, message?: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${message ?? ''} expected ${expected}, got ${actual}`);

/** A test-only channel that ranks pins with a function of the context; nothing to fit or save. */
function channel(name: string, rank: (context: RecallContext) => string[]): RecallChannel & { contexts: RecallContext[] } {
  const contexts: RecallContext[] = [];
  return {
    name,
    contexts,
    fit() {},
    recall(context, n): ChannelCandidate[] {
      contexts.push(context);
      return rank(context)
        .slice(0, n)
        .map((pinId, i) => ({ pinId, score: -i }));
    },
    save: () => null,
    load() {},
  };
}

/** Knows the test set: its pins first, then everything else. */
const oracle = (test: TestSet, catalogue: readonly string[]) =>
  channel('oracle', (ctx) => {
    const relevant = [...(test.get(ctx.userId) ?? [])].filter((p) => !ctx.exclude.has(p));
    return [...relevant, ...catalogue.filter((p) => !ctx.exclude.has(p) && !relevant.includes(p))];
  });

/** Knows the test set too, and puts its pins last. */
const reverse = (test: TestSet, catalogue: readonly string[]) =>
  channel('reverse', (ctx) => {
    const relevant = test.get(ctx.userId) ?? new Set<string>();
    const allowed = catalogue.filter((p) => !ctx.exclude.has(p));
    return [...allowed.filter((p) => !relevant.has(p)), ...allowed.filter((p) => relevant.has(p))];
  });

function synthetic(users: number, items: number, seed: number): InteractionRecord[] {
  const r = new Random(seed);
  const out: InteractionRecord[] = [];
  for (let u = 0; u < users; u++) {
    for (const i of r.sample(items, 3 + r.int(20))) out.push({ userId: `u${u}`, pinId: `p${i}`, weight: 1, timestamp: r.int(1e6) });
  }
  return out;
}

test('an oracle scores 1 on every accuracy metric, a reverse channel 0', () => {
  const records = synthetic(30, 200, 1);
  const split = leaveLastOut(records);
  const train = Interactions.fromRecords(split.train);
  const catalogue = [...train.items.toArray()];
  const progress: [number, number][] = [];
  const best = evaluateRecall(oracle(split.test, catalogue), train, split.test, {
    ks: [20, 5],
    now: 1e6,
    onProgress: (done, total) => progress.push([done, total]),
  });
  assert.equal(best.channel, 'oracle');
  assert.equal(best.users, 30);
  assert.deepEqual(best.skipped, { notInTrain: 0, noRelevant: 0 });
  // Leave-last-out held-out pins can be missing from train (only their user had them): still relevant.
  for (const metric of ['HR', 'Recall', 'NDCG', 'MAP', 'MRR']) {
    close(best.metrics[`${metric}@5`], 1, metric);
    close(best.metrics[`${metric}@20`], 1, metric);
  }
  close(best.metrics.MRR, 1);
  // One relevant pin per user: Precision@5 = 1/5.
  close(best.metrics['Precision@5'], 0.2);
  assert.deepEqual(progress.at(-1), [30, 30]);
  assert.ok(progress.length <= 31);

  const worst = evaluateRecall(reverse(split.test, catalogue), train, split.test, { ks: [5, 20], now: 1e6 });
  for (const [key, value] of Object.entries(worst.metrics)) {
    if (/^(HR|Precision|Recall|NDCG|MAP|MRR)/.test(key)) assert.equal(value, 0, key);
  }
  assert.ok(worst.metrics['Coverage@20']! > 0);
  assert.ok(best.seconds >= 0);
});

test('metrics of a known list match the hand computation, beyond-accuracy included', () => {
  const train = Interactions.fromRecords([
    { userId: 'u', pinId: 't1', weight: 1, timestamp: 1 },
    { userId: 'u', pinId: 't2', weight: 1, timestamp: 2 },
    { userId: 'v', pinId: 'a', weight: 1, timestamp: 1 },
    { userId: 'v', pinId: 'b', weight: 1, timestamp: 1 },
    { userId: 'v', pinId: 'x', weight: 1, timestamp: 1 },
    { userId: 'v', pinId: 'y', weight: 1, timestamp: 1 },
  ]);
  const fixed = channel('fixed', () => ['x', 'a', 'y', 'b']);
  const test: TestSet = new Map([['u', new Set(['a', 'b'])]]);
  const r = evaluateRecall(fixed, train, test, { ks: [1, 2, 4], now: 100 });
  // The context: u's history, most recent first, and their training pins excluded.
  const ctx = fixed.contexts[0]!;
  assert.deepEqual(ctx.history.map((h) => h.pinId), ['t2', 't1']);
  assert.deepEqual([...ctx.exclude].sort(), ['t1', 't2']);
  assert.equal(ctx.now, 100);
  // Hits at ranks 2 and 4 of 2 relevant pins.
  close(r.metrics['HR@1'], 0);
  close(r.metrics['HR@2'], 1);
  close(r.metrics['Precision@4'], 2 / 4);
  close(r.metrics['Recall@2'], 1 / 2);
  // NDCG@4 = (1/log2(3) + 1/log2(5)) / (1/log2(2) + 1/log2(3))
  close(r.metrics['NDCG@4'], (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)));
  // MAP@4 = (P@2 + P@4) / min(4, 2) = (1/2 + 2/4) / 2
  close(r.metrics['MAP@4'], 0.5);
  close(r.metrics.MRR, 1 / 2);
  // Catalogue t1, t2, a, b, x, y. Top 4 covers x, a, y, b: 4/6; top 2 covers x, a: 2/6.
  close(r.metrics['Coverage@4'], 4 / 6);
  close(r.metrics['Coverage@2'], 2 / 6);
  // x and a were seen by 1 of 2 users: -log2(1/2) = 1 each; popularity 1 each.
  close(r.metrics['Novelty@2'], 1);
  close(r.metrics['AvgPop@2'], 1);
  // Exposure over 6 items, sorted [0, 0, 0, 0, 1, 1]: (3*1 + 5*1) / (6 * 2) = 2/3
  close(r.metrics['Gini@2'], 2 / 3);
  assert.equal(r.metrics['ILD@2'], undefined);
  const withDistance = evaluateRecall(fixed, train, test, { ks: [2], now: 100, distance: (p, q) => (p === q ? 0 : 1) });
  close(withDistance.metrics['ILD@2'], 1);
});

test('users not in train and users whose test pins are all excluded are skipped and counted', () => {
  const train = Interactions.fromRecords([
    { userId: 'u', pinId: 'a', weight: 1, timestamp: 1 },
    { userId: 'w', pinId: 'b', weight: 1, timestamp: 1 },
    { userId: 'w', pinId: 'c', weight: 1, timestamp: 1 },
  ]);
  const test: TestSet = new Map([
    ['ghost', new Set(['a'])],
    ['u', new Set(['a'])],
    ['w', new Set(['a', 'c'])],
  ]);
  const everything = channel('everything', (ctx) => ['a', 'b', 'c'].filter((p) => !ctx.exclude.has(p)));
  const r = evaluateRecall(everything, train, test, { ks: [1], now: 0 });
  // ghost: no history; u: a is in its train; w: c is in its train, a is left and ranked first.
  assert.deepEqual(r.skipped, { notInTrain: 1, noRelevant: 1 });
  assert.equal(r.excludedRelevant, 2);
  assert.equal(r.users, 1);
  close(r.metrics['HR@1'], 1);
  // Extra exclusions reach the channel and leave the relevant set too.
  const more = evaluateRecall(everything, train, test, { ks: [1], now: 0, exclude: new Map([['w', new Set(['a'])]]) });
  assert.equal(more.users, 0);
  assert.deepEqual(more.skipped, { notInTrain: 1, noRelevant: 2 });
  assert.ok(Number.isNaN(more.metrics['HR@1']!));
});

test('a channel that returns an excluded pin is an error, not a good score', () => {
  const train = Interactions.fromRecords([{ userId: 'u', pinId: 'a', weight: 1, timestamp: 1 }]);
  const cheat = channel('cheat', () => ['a']);
  assert.throws(() => evaluateRecall(cheat, train, new Map([['u', new Set(['a', 'b'])]]), { ks: [1], now: 0 }), /"cheat" returned pin a/);
  assert.throws(() => evaluateRecall(cheat, train, new Map(), { ks: [], now: 0 }), /ks/);
  assert.throws(() => evaluateRecall(cheat, train, new Map(), { ks: [10], now: Number.NaN }), /now/);
});
