import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossValidate, kFoldSplits, meanAndDeviation } from '../../src/eval/cross-validation.js';
import type { InteractionRecord } from '../../src/eval/splits.js';
import { Random } from '../../src/math/random.js';
import type { RecallChannel } from '../../src/recall/types.js';

const rec = (userId: string, pinId: string, timestamp = 1): InteractionRecord => ({ userId, pinId, weight: 1, timestamp });

/** Test-only channel: always the same pins in the same order, minus the excluded ones. */
function fixedList(order: readonly string[]): RecallChannel {
  return {
    name: 'fixed',
    fit() {},
    recall: (context, n) => order.filter((p) => !context.exclude.has(p)).slice(0, n).map((pinId, r) => ({ pinId, score: -r })),
    save: () => null,
    load() {},
  };
}

test('k folds: every pair is tested exactly once, never trained on in its fold, users dealt evenly', () => {
  const r = new Random(3);
  const records: InteractionRecord[] = [];
  for (let u = 0; u < 40; u++) for (const i of r.sample(60, 1 + r.int(20))) records.push(rec(`u${u}`, `p${i}`, r.int(1000)));
  // A repeated pair: both of its records must follow the pair.
  records.push(rec('u0', records[0]!.pinId, 5000));
  const folds = kFoldSplits(records, { folds: 4, seed: 9 });
  assert.equal(folds.length, 4);
  const testedIn = new Map<string, number[]>();
  folds.forEach((fold, f) => {
    for (const [u, pins] of fold.test) for (const p of pins) testedIn.set(`${u}|${p}`, [...(testedIn.get(`${u}|${p}`) ?? []), f]);
    const trainPairs = new Set(fold.train.map((x) => `${x.userId}|${x.pinId}`));
    for (const [u, pins] of fold.test) for (const p of pins) assert.ok(!trainPairs.has(`${u}|${p}`), `fold ${f} trains on its test pair ${u}|${p}`);
    // Train is every record whose pair is not in this fold's test.
    assert.equal(fold.train.length, records.filter((x) => !fold.test.get(x.userId)?.has(x.pinId)).length);
  });
  const distinct = new Set(records.map((x) => `${x.userId}|${x.pinId}`));
  assert.equal(testedIn.size, distinct.size);
  for (const [pair, fs] of testedIn) assert.equal(fs.length, 1, `${pair} tested in folds ${fs}`);
  for (let u = 0; u < 40; u++) {
    const sizes = folds.map((fold) => fold.test.get(`u${u}`)?.size ?? 0);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `u${u} folds ${sizes}`);
  }
  // Seeded: the same seed deals the same folds, another seed deals others.
  assert.deepEqual(kFoldSplits(records, { folds: 4, seed: 9 }), folds);
  assert.notDeepEqual(kFoldSplits(records, { folds: 4, seed: 10 }), folds);
  assert.throws(() => kFoldSplits(records, { folds: 1, seed: 9 }), /folds.*at least 2/);
});

test('mean and sample standard deviation', () => {
  const m = meanAndDeviation([1, 2, 3, 4]);
  assert.equal(m.mean, 2.5);
  assert.ok(Math.abs(m.std - Math.sqrt(5 / 3)) < 1e-12);
  assert.ok(Number.isNaN(meanAndDeviation([7]).std));
});

test('cross-validation by hand: two users with the same three pins, three folds', async () => {
  // Each user's three pins x, y, z land one per fold. The channel lists z, q, x, y:
  // - a user tested on z has x, y excluded: z is first (HR@1 = 1, NDCG@2 = 1);
  // - a user tested on x (or y) has z and the other excluded: q, then the test pin (HR@1 = 0, NDCG@2 = 1/log2 3).
  const records = ['u1', 'u2'].flatMap((u) => ['x', 'y', 'z'].map((p) => rec(u, p)));
  const folds = kFoldSplits(records, { folds: 3, seed: 1 });
  for (const fold of folds) for (const pins of fold.test.values()) assert.equal(pins.size, 1);

  let fits = 0;
  const results = await crossValidate(
    records,
    async (train) => {
      fits++;
      assert.equal(train.userCount, 2);
      return new Map([['fixed', fixedList(['z', 'q', 'x', 'y'])]]);
    },
    { folds: 3, seed: 1, ks: [1, 2] },
  );
  assert.equal(fits, 3);
  assert.equal(results.length, 1);
  const cv = results[0]!;
  assert.equal(cv.channel, 'fixed');
  const hrByFold = folds.map((fold) => [...fold.test.values()].filter((pins) => pins.has('z')).length / 2);
  assert.deepEqual(cv.folds.map((f) => f.metrics['HR@1']), hrByFold);
  const ndcg2 = 1 / Math.log2(3);
  const ndcgByFold = folds.map((fold) => [...fold.test.values()].reduce((a, pins) => a + (pins.has('z') ? 1 : ndcg2), 0) / 2);
  cv.folds.forEach((f, i) => assert.ok(Math.abs(f.metrics['NDCG@2']! - ndcgByFold[i]!) < 1e-12));

  // Each user is tested on z in exactly one fold: HR@1 averages 1/3 over the folds whatever the deal.
  assert.ok(Math.abs(cv.mean['HR@1']! - 1 / 3) < 1e-12);
  assert.equal(cv.mean['HR@2'], 1);
  assert.equal(cv.std['HR@2'], 0);
  // The spread depends on the deal: both z in one fold gives (1, 0, 0), sd √(1/3); apart (½, ½, 0), sd √(1/12).
  const sameFold = hrByFold.includes(1);
  assert.ok(Math.abs(cv.std['HR@1']! - (sameFold ? Math.sqrt(1 / 3) : Math.sqrt(1 / 12))) < 1e-12);
  assert.ok(Math.abs(cv.mean['NDCG@2']! - (1 + 2 * ndcg2) / 3) < 1e-12);
  assert.equal(cv.summary.users, 6);
  assert.equal(cv.summary.metrics, cv.mean);
});
