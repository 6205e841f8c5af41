import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateSampled, sampledRank, type SampledCase } from '../../src/eval/evaluate-sampled.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { ChannelCandidate, RecallChannel, RecallContext } from '../../src/recall/types.js';

const close = (actual: number | undefined, expected: number, message?: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${message ?? ''} expected ${expected}, got ${actual}`);

const scored = (pairs: [string, number][]) => pairs.map(([pinId, score]) => ({ pinId, score }));

function channel(name: string, list: (context: RecallContext) => ChannelCandidate[]): RecallChannel & { asked: number[] } {
  const asked: number[] = [];
  return {
    name,
    asked,
    fit() {},
    recall(context, n) {
      asked.push(n);
      return list(context).filter((c) => !context.exclude.has(c.pinId)).slice(0, n);
    },
    save: () => null,
    load() {},
  };
}

test('the positive ranks below the negatives listed before it and those tied with it', () => {
  const negatives = new Set(['n1', 'n2', 'n3', 'n4']);
  // n1 is above; n2 ties with the positive and goes above it too; n3 is below; n4 is not returned.
  assert.equal(sampledRank(scored([['n1', 0.9], ['p', 0.8], ['n2', 0.8], ['x', 0.5], ['n3', 0.1]]), 'p', negatives), 3);
  // Not returned: last of the 5 candidates, whatever else was returned.
  assert.equal(sampledRank(scored([['n1', 0.9]]), 'p', negatives), 5);
  assert.equal(sampledRank([], 'p', negatives), 5);
  // A channel scoring everything alike puts the positive after every negative it returned.
  assert.equal(sampledRank(scored([['p', 0], ['n1', 0], ['n2', 0]]), 'p', negatives), 3);
  assert.equal(sampledRank(scored([['p', 1], ['n1', 0]]), 'p', negatives), 1);
});

test('sampled evaluation: HR and NDCG from the rank among 1 + 99-style candidates', () => {
  const train = Interactions.fromRecords(
    ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((p, i) => [
      { userId: 'u1', pinId: `h${i}`, weight: 1, timestamp: i },
      { userId: 'u2', pinId: p, weight: 1, timestamp: i },
    ]),
  );
  const cases: SampledCase[] = [
    // u1's positive ranks 3rd among a..f (after the negatives a and b).
    { userId: 'u1', positive: 'c', negatives: ['a', 'b', 'd', 'e', 'f', 'c', 'a'] },
    { userId: 'ghost', positive: 'a', negatives: ['b'] },
  ];
  const byName = channel('alphabetical', () => scored(['a', 'b', 'c', 'd', 'e', 'f'].map((p, i) => [p, -i])));
  const r = evaluateSampled(byName, train, cases, { ks: [2, 3, 10], now: 0 });
  assert.equal(r.users, 1);
  assert.equal(r.skipped.notInTrain, 1);
  // The depth asked for is the whole training catalogue (h0..h5 and a..f).
  assert.deepEqual(byName.asked, [12]);
  // Rank 3 of 6 candidates (duplicate a and the positive among the negatives are ignored).
  close(r.metrics['HR@2'], 0);
  close(r.metrics['HR@3'], 1);
  close(r.metrics['HR@10'], 1);
  // NDCG@10 = 1/log2(3 + 1) = 0.5 with one relevant pin; MRR = 1/3.
  close(r.metrics['NDCG@10'], 0.5);
  close(r.metrics.MRR, 1 / 3);

  const constant = channel('constant', () => scored(['a', 'b', 'c', 'd', 'e', 'f'].map((p) => [p, 0])));
  // Everything tied: the positive is last of 6, so HR@5 = 0; NDCG@10 = 1/log2(7).
  const tied = evaluateSampled(constant, train, cases, { ks: [5, 10], now: 0 });
  close(tied.metrics['HR@5'], 0);
  close(tied.metrics['NDCG@10'], 1 / Math.log2(7));
  // Asked for 3 pins only, the channel returns a, b, c: the negatives it did not return (d, e, f) rank below c.
  const shallow = evaluateSampled(constant, train, cases, { ks: [2, 3], now: 0, depth: 3 });
  assert.deepEqual(constant.asked, [12, 3]);
  close(shallow.metrics['HR@2'], 0);
  close(shallow.metrics['HR@3'], 1);
});

test('a positive in the user training pins cannot be ranked and is skipped', () => {
  const train = Interactions.fromRecords([{ userId: 'u', pinId: 'a', weight: 1, timestamp: 0 }]);
  const r = evaluateSampled(channel('any', () => []), train, [{ userId: 'u', positive: 'a', negatives: ['b'] }], { ks: [1], now: 0 });
  assert.equal(r.users, 0);
  assert.equal(r.excludedRelevant, 1);
  assert.equal(r.skipped.noRelevant, 1);
  assert.throws(() => evaluateSampled(channel('any', () => []), train, [], { ks: [1], now: 0, depth: 0 }), /depth/);
});
