import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  heldOutItems,
  heldOutUsers,
  leaveLastOut,
  randomSplit,
  splitCounts,
  temporalSplit,
  type InteractionRecord,
  type TestSet,
} from '../../src/eval/splits.js';
import { Random } from '../../src/math/random.js';

const rec = (userId: string, pinId: string, timestamp: number): InteractionRecord => ({ userId, pinId, weight: 1, timestamp });

/** The test set as plain sorted arrays, for deepEqual. */
const plain = (set: TestSet | undefined) =>
  Object.fromEntries([...(set ?? new Map<string, Set<string>>())].map(([u, pins]) => [u, [...pins].sort()]).sort());

const pinsOf = (records: readonly InteractionRecord[], userId: string) =>
  new Set(records.filter((r) => r.userId === userId).map((r) => r.pinId));

/** Seeded records: `users` users with 5..34 distinct pins out of `items`, random times. */
function synthetic(users: number, items: number, seed: number): InteractionRecord[] {
  const r = new Random(seed);
  const out: InteractionRecord[] = [];
  for (let u = 0; u < users; u++) {
    for (const i of r.sample(items, 5 + r.int(30))) out.push(rec(`u${u}`, `p${i}`, r.int(1_000_000)));
  }
  return out;
}

test('leave-last-out holds out each user latest pin, keeps single-interaction users in train', () => {
  const records = [
    rec('u1', 'a', 1), rec('u1', 'c', 3), rec('u1', 'b', 2),
    rec('u2', 'a', 5),
    // Equal times: the later record in input order is the latest.
    rec('u3', 'b', 4), rec('u3', 'a', 4),
    // A repeated pin: its latest time (9) makes it the latest pair, and all its records leave train.
    rec('u4', 'd', 1), rec('u4', 'e', 5), rec('u4', 'd', 9),
  ];
  const split = leaveLastOut(records);
  assert.deepEqual(plain(split.test), { u1: ['c'], u3: ['a'], u4: ['d'] });
  assert.equal(split.validation, undefined);
  assert.deepEqual(split.train, [rec('u1', 'a', 1), rec('u1', 'b', 2), rec('u2', 'a', 5), rec('u3', 'b', 4), rec('u4', 'e', 5)]);

  const withValidation = leaveLastOut(records, { validation: true });
  assert.deepEqual(plain(withValidation.test), plain(split.test));
  // Only u1 has 3 pairs: its second latest (b) is validation; the others keep one pair in train.
  assert.deepEqual(plain(withValidation.validation), { u1: ['b'] });
  assert.deepEqual(withValidation.train.map((r) => `${r.userId}${r.pinId}`), ['u1a', 'u2a', 'u3b', 'u4e']);
});

test('temporal split cuts at the time quantile and drops unseen users, unseen items and repeats', () => {
  const records = [
    rec('u1', 'a', 1), rec('u1', 'b', 2), rec('u2', 'a', 3), rec('u2', 'c', 4),
    rec('u3', 'b', 5), rec('u3', 'c', 6), rec('u1', 'c', 7), rec('u2', 'b', 8),
    rec('u3', 'a', 9), // kept: u3 and a are in train, u3 never had a
    rec('z', 'a', 10), // z has no training history
    rec('u1', 'new', 11), // "new" was never seen in train
    rec('u2', 'a', 12), // u2 already had a in train
  ];
  // 12 records, quantile 0.65: the cut is the ceil(0.65 * 12) = 8th time, 8.
  const split = temporalSplit(records, { quantile: 0.65 });
  assert.equal(split.cutTime, 8);
  assert.equal(split.train.length, 8);
  assert.ok(split.train.every((r) => r.timestamp <= 8));
  assert.deepEqual(plain(split.test), { u3: ['a'] });
  assert.deepEqual(split.dropped, { users: 1, items: 1, pairs: 2, repeats: 1 });
});

test('temporal split keeps records tied with the cut in train; the default quantile is 0.9', () => {
  // Ten records at time 1 (u0 and u1 alternating over p0..p9), then u1 meets p0 at time 2.
  const records = [...Array.from({ length: 10 }, (_, i) => rec(`u${i % 2}`, `p${i}`, 1)), rec('u1', 'p0', 2)];
  // 11 times, ten of them 1: the ceil(0.9 * 11) = 10th time is 1, so only time 2 is after the cut.
  const split = temporalSplit(records);
  assert.equal(split.cutTime, 1);
  assert.equal(split.train.length, 10);
  assert.deepEqual(plain(split.test), { u1: ['p0'] });
  // Quantile 0.5: the 6th time is still 1, ties stay in train.
  assert.equal(temporalSplit(records, { quantile: 0.5 }).train.length, 10);
  assert.throws(() => temporalSplit(records, { quantile: 1 }), /quantile/);
  assert.throws(() => temporalSplit([]), /records/);
});

test('split counts follow RecBole: later parts rounded down, small parts get one pair while train keeps two', () => {
  assert.deepEqual(splitCounts(10, [0.8, 0.1, 0.1]), [8, 1, 1]);
  // 5 pairs: 0.5 rounds down to 0 for both, then each gets 1: [3, 1, 1].
  assert.deepEqual(splitCounts(5, [0.8, 0.1, 0.1]), [3, 1, 1]);
  // 2 pairs: test gets 1, then train is down to 1 and validation gets none.
  assert.deepEqual(splitCounts(2, [0.8, 0.1, 0.1]), [1, 0, 1]);
  assert.deepEqual(splitCounts(1, [0.8, 0.1, 0.1]), [1, 0, 0]);
  assert.deepEqual(splitCounts(7, [0.8, 0.2]), [6, 1]);
  assert.deepEqual(splitCounts(20, [8, 2]), [16, 4]);
});

test('random split partitions each user pins in the ratios and is reproducible by seed', () => {
  const records = synthetic(40, 200, 1);
  const a = randomSplit(records, { ratios: [0.8, 0.1, 0.1], seed: 7 });
  const b = randomSplit([...records].reverse(), { ratios: [0.8, 0.1, 0.1], seed: 7 });
  const c = randomSplit(records, { ratios: [0.8, 0.1, 0.1], seed: 8 });
  assert.deepEqual(plain(a.test), plain(b.test), 'same seed, any input order: same split');
  assert.deepEqual(plain(a.validation), plain(b.validation));
  assert.notDeepEqual(plain(a.test), plain(c.test), 'another seed: another split');
  for (let u = 0; u < 40; u++) {
    const user = `u${u}`;
    const all = pinsOf(records, user);
    const train = pinsOf(a.train, user);
    const validation = a.validation!.get(user) ?? new Set<string>();
    const test = a.test.get(user) ?? new Set<string>();
    assert.equal(train.size + validation.size + test.size, all.size, `${user}: the parts are disjoint and cover every pin`);
    for (const pin of [...train, ...validation, ...test]) assert.ok(all.has(pin));
    assert.deepEqual([train.size, validation.size, test.size], splitCounts(all.size, [0.8, 0.1, 0.1]));
  }
  const twoWay = randomSplit(records, { ratios: [0.8, 0.2], seed: 7 });
  assert.equal(twoWay.validation, undefined);
  assert.throws(() => randomSplit(records, { ratios: [1], seed: 1 }), /ratios/);
  assert.throws(() => randomSplit(records, { ratios: [0.8, 0], seed: 1 }), /ratios/);
});

test('held-out users leave train except their first k pins, which their test set does not repeat', () => {
  const records = synthetic(20, 100, 2);
  const split = heldOutUsers(records, { share: 0.25, seed: 3, reveal: 3 });
  assert.equal(split.users.size, 5);
  assert.deepEqual(split.users, heldOutUsers(records, { share: 0.25, seed: 3 }).users, 'the same users whatever k is');
  for (const user of split.users) {
    const own = records.filter((r) => r.userId === user).sort((x, y) => x.timestamp - y.timestamp);
    const revealed = new Set(own.slice(0, 3).map((r) => r.pinId));
    assert.deepEqual(pinsOf(split.train, user), revealed);
    assert.deepEqual(split.test.get(user), new Set(own.slice(3).map((r) => r.pinId)));
  }
  for (let u = 0; u < 20; u++) {
    const user = `u${u}`;
    if (split.users.has(user)) continue;
    assert.deepEqual(pinsOf(split.train, user), pinsOf(records, user));
    assert.equal(split.test.has(user), false);
  }
  const cold = heldOutUsers(records, { seed: 3 });
  assert.equal(cold.users.size, 4, 'default share 0.2');
  for (const user of cold.users) assert.equal(pinsOf(cold.train, user).size, 0);
});

test('held-out items never appear in train; every interaction with them is test', () => {
  const records = synthetic(30, 80, 4);
  const split = heldOutItems(records, { share: 0.2, seed: 5 });
  const items = new Set(records.map((r) => r.pinId));
  assert.equal(split.items.size, Math.round(0.2 * items.size));
  for (const r of split.train) assert.ok(!split.items.has(r.pinId), `${r.pinId} is held out but in train`);
  for (const r of records) {
    if (split.items.has(r.pinId)) assert.ok(split.test.get(r.userId)?.has(r.pinId));
  }
  for (const pins of split.test.values()) for (const pin of pins) assert.ok(split.items.has(pin));
  assert.equal(split.train.length + [...split.test.values()].reduce((n, s) => n + s.size, 0), records.length);
  assert.deepEqual(heldOutItems(records, { share: 0.2, seed: 5 }).items, split.items);
  assert.throws(() => heldOutItems(records, { share: 1.5, seed: 5 }), /share/);
});
