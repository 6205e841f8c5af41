import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RankingAccumulator } from '../../src/eval/accumulator.js';
import {
  auc,
  averagePrecisionAt,
  gauc,
  gaucFromImpressions,
  hitRateAt,
  markHits,
  ndcgAt,
  precisionAt,
  recallAt,
  reciprocalRank,
} from '../../src/eval/metrics.js';
import { Random } from '../../src/math/random.js';

const close = (actual: number, expected: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${message ?? ''} expected ${expected}, got ${actual}`);

test('markHits marks relevant ranks, a repeated item once, and cuts at k', () => {
  assert.deepEqual([...markHits(['a', 'x', 'b', 'a'], new Set(['a', 'b']))], [1, 0, 1, 0]);
  assert.deepEqual([...markHits(['a', 'x', 'b'], new Set(['b']), 2)], [0, 0]);
  assert.deepEqual([...markHits([], new Set(['b']))], []);
});

test('hits at ranks 1 and 3 with 2 relevant items', () => {
  const hits = [1, 0, 1, 0, 0];
  assert.equal(hitRateAt(hits, 1), 1);
  assert.equal(hitRateAt(hits, 3), 1);
  // Precision@3 = 2 found / 3; Precision@10 = 2 / 10 (K past the list's end still divides by K).
  close(precisionAt(hits, 3), 2 / 3);
  close(precisionAt(hits, 10), 2 / 10);
  // Recall@1 = 1 / 2 relevant; Recall@3 = 2 / 2.
  close(recallAt(hits, 2, 1), 0.5);
  close(recallAt(hits, 2, 3), 1);
  // NDCG@3 = (1/log2(2) + 1/log2(4)) / (1/log2(2) + 1/log2(3)) = 1.5 / 1.6309297535714575
  close(ndcgAt(hits, 2, 3), (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)));
  close(ndcgAt(hits, 2, 3), 0.9197207891481876);
  // NDCG@1 = 1 / 1 (ideal over min(1, 2) = 1 rank).
  close(ndcgAt(hits, 2, 1), 1);
  // MAP@3 = (P@1 + P@3) / min(3, 2) = (1/1 + 2/3) / 2 = 5/6; MAP@1 = (1/1) / min(1, 2) = 1.
  close(averagePrecisionAt(hits, 2, 3), 5 / 6);
  close(averagePrecisionAt(hits, 2, 1), 1);
  assert.equal(reciprocalRank(hits), 1);
});

test('hits at ranks 3 and 5 with 3 relevant items', () => {
  const hits = [0, 0, 1, 0, 1];
  assert.equal(hitRateAt(hits, 2), 0);
  close(precisionAt(hits, 5), 2 / 5);
  close(recallAt(hits, 3, 5), 2 / 3);
  // NDCG@5 = (1/log2(4) + 1/log2(6)) / (1/log2(2) + 1/log2(3) + 1/log2(4))
  close(ndcgAt(hits, 3, 5), (0.5 + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3) + 0.5));
  // MAP@5 = (P@3 + P@5) / min(5, 3) = (1/3 + 2/5) / 3 = 11/45
  close(averagePrecisionAt(hits, 3, 5), 11 / 45);
  // MRR: first hit at rank 3; none within the first 2.
  close(reciprocalRank(hits), 1 / 3);
  assert.equal(reciprocalRank(hits, 2), 0);
});

test('K larger than the list counts the missing ranks as misses', () => {
  const hits = [0, 1];
  // Recall@50 = 1 / 4; NDCG@50 = (1/log2(3)) / (1 + 1/log2(3) + 1/log2(4) + 1/log2(5))
  close(recallAt(hits, 4, 50), 0.25);
  close(ndcgAt(hits, 4, 50), 1 / Math.log2(3) / (1 + 1 / Math.log2(3) + 0.5 + 1 / Math.log2(5)));
  // MAP@50 = (P@2 = 1/2) / min(50, 4) = 1/8
  close(averagePrecisionAt(hits, 4, 50), 1 / 8);
});

test('bad K and empty relevant sets are clear errors', () => {
  assert.throws(() => precisionAt([1], 0), /k: must be a positive integer/);
  assert.throws(() => ndcgAt([1], 1, 2.5), /positive integer/);
  assert.throws(() => recallAt([0], 0, 5), /relevantCount/);
});

test('AUC: pairs ordered correctly over all pairs, ties count 1/2', () => {
  // Positives 0.9, 0.5 against negatives 0.5, 0.1, 0.7:
  // 0.9 beats all 3 negatives = 3; 0.5 ties 0.5 (1/2), beats 0.1 (1), loses to 0.7 (0) = 1.5.
  // AUC = 4.5 / (2 * 3) = 0.75
  close(auc([0.9, 0.5], [0.5, 0.1, 0.7]), 0.75);
  assert.equal(auc([2, 3], [0, 1]), 1);
  assert.equal(auc([0, 1], [2, 3]), 0);
  assert.equal(auc([1, 1, 1], [1, 1]), 0.5);
  assert.throws(() => auc([], [1]), /positives/);
  assert.throws(() => auc([1], [Number.NaN]), /NaN/);
});

test('AUC agrees with counting every pair', () => {
  const r = new Random(3);
  for (let trial = 0; trial < 20; trial++) {
    const pos = Array.from({ length: 1 + r.int(30) }, () => r.int(8));
    const neg = Array.from({ length: 1 + r.int(30) }, () => r.int(8));
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    close(auc(pos, neg), wins / (pos.length * neg.length));
  }
});

test('GAUC weights each user by their number of labels and skips one-class users', () => {
  // A: AUC 1 over 3 labels; B: AUC 0 over 2 labels; C has no negative and is left out.
  // GAUC = (3 * 1 + 2 * 0) / (3 + 2) = 0.6
  const users = [
    { positives: [0.9], negatives: [0.1, 0.2] },
    { positives: [0.1], negatives: [0.5] },
    { positives: [0.3], negatives: [] },
  ];
  close(gauc(users), 0.6);
  close(gaucFromImpressions(['a', 'a', 'a', 'b', 'b', 'c'], [1, 0, 0, 1, 0, 1], [0.9, 0.1, 0.2, 0.1, 0.5, 0.3]), 0.6);
  assert.ok(Number.isNaN(gauc([{ positives: [1], negatives: [] }])));
});

test('the accumulator averages over users, skips users without relevant items, and keys by K', () => {
  const acc = new RankingAccumulator([3, 1]);
  assert.deepEqual(acc.ks, [1, 3]);
  assert.equal(acc.add([1, 0, 1], 2), true);
  assert.equal(acc.add([0, 0, 0], 1), true);
  assert.equal(acc.add([1, 1, 1], 0), false);
  assert.equal(acc.users, 2);
  assert.equal(acc.skipped, 1);
  const m = acc.result();
  assert.deepEqual(Object.keys(m), [
    'HR@1', 'HR@3', 'Precision@1', 'Precision@3', 'Recall@1', 'Recall@3',
    'NDCG@1', 'NDCG@3', 'MAP@1', 'MAP@3', 'MRR@1', 'MRR@3', 'MRR',
  ]);
  // HR@3 = (1 + 0) / 2; NDCG@3 = ((1 + 1/log2(4)) / (1 + 1/log2(3)) + 0) / 2; MAP@3 = (5/6 + 0) / 2
  close(m['HR@3']!, 0.5);
  close(m['NDCG@3']!, (1.5 / (1 + 1 / Math.log2(3))) / 2);
  close(m['MAP@3']!, 5 / 12);
  close(m['Precision@1']!, 0.5);
  close(m['Recall@1']!, 0.25);
  close(m.MRR!, 0.5);
  assert.ok(Number.isNaN(new RankingAccumulator([5]).result()['HR@5']!));
  assert.throws(() => new RankingAccumulator([]), /ks/);
  assert.throws(() => new RankingAccumulator([10, 0]), /ks/);
});

test('the accumulator matches the single-user functions on random hit vectors', () => {
  const r = new Random(11);
  const ks = [1, 5, 10, 20, 50];
  for (let trial = 0; trial < 200; trial++) {
    const hits: number[] = Array.from({ length: r.int(40) }, () => (r.bernoulli(0.2) ? 1 : 0));
    const found = hits.reduce((a, b) => a + b, 0);
    const relevant = found + r.int(5) || 1;
    const acc = new RankingAccumulator(ks);
    acc.add(hits, relevant);
    const m = acc.result();
    for (const k of ks) {
      close(m[`HR@${k}`]!, hitRateAt(hits, k), `HR@${k}`);
      close(m[`Precision@${k}`]!, precisionAt(hits, k), `Precision@${k}`);
      close(m[`Recall@${k}`]!, recallAt(hits, relevant, k), `Recall@${k}`);
      close(m[`NDCG@${k}`]!, ndcgAt(hits, relevant, k), `NDCG@${k}`);
      close(m[`MAP@${k}`]!, averagePrecisionAt(hits, relevant, k), `MAP@${k}`);
      close(m[`MRR@${k}`]!, reciprocalRank(hits, k), `MRR@${k}`);
    }
    close(m.MRR!, reciprocalRank(hits));
  }
});
