import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BeyondAccuracy, beyondAccuracy, catalogOf, gini, intraListDistance, type Catalog } from '../../src/eval/beyond-accuracy.js';
import { IdIndex } from '../../src/math/id-index.js';
import { Interactions } from '../../src/recall/interactions.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);

// Four items seen in training by 4, 2, 1 and 0 of 4 users.
const catalog: Catalog = { index: IdIndex.from(['a', 'b', 'c', 'd']), popularity: [4, 2, 1, 0], userCount: 4 };
const position = (id: string) => 'abcd'.indexOf(id);
const distance = (x: string, y: string) => Math.abs(position(x) - position(y));

test('coverage, novelty, average popularity and Gini of two lists', () => {
  const m = beyondAccuracy([['a', 'b'], ['a', 'c']], catalog);
  // a, b and c recommended, d not: 3 / 4.
  close(m.coverage, 0.75);
  // -log2 p: a = -log2(4/4) = 0, b = -log2(2/4) = 1, c = -log2(1/4) = 2. Lists: (0 + 1)/2, (0 + 2)/2 → mean 0.75.
  close(m.novelty, 0.75);
  // Popularity: (4 + 2)/2 = 3, (4 + 1)/2 = 2.5 → mean 2.75.
  close(m.averagePopularity, 2.75);
  // Exposure a 2, b 1, c 1, d 0, sorted [0, 1, 1, 2], sum 4:
  // (-3*0 - 1*1 + 1*1 + 3*2) / (4 * 4) = 6 / 16
  close(m.gini, 0.375);
  assert.equal(m.lists, 2);
  assert.equal(m.diversity, undefined);
});

test('lists cut at k, cold items and diversity', () => {
  const m = beyondAccuracy([['a', 'b'], ['a', 'c'], []], catalog, { k: 1, distance });
  // Only a is recommended: coverage 1/4; exposure [2, 0, 0, 0] sorted [0, 0, 0, 2]: 3*2 / (4*2) = 0.75.
  close(m.coverage, 0.25);
  close(m.gini, 0.75);
  // Lists of one item have no pairs: diversity over no list is 0; the empty list counts as a list only.
  assert.equal(m.diversity, 0);
  assert.equal(m.lists, 3);
  close(m.novelty, 0);
  // Cold item d counts as popularity 1: -log2(1/4) = 2; an unknown pin too, without exposure.
  const cold = beyondAccuracy([['d', 'zz']], catalog, { distance });
  close(cold.novelty, 2);
  close(cold.averagePopularity, 0);
  close(cold.coverage, 0.25);
  // [a, b, c]: distances (a,b) 1, (a,c) 2, (b,c) 1 → 4/3.
  close(intraListDistance(['a', 'b', 'c'], distance)!, 4 / 3);
  assert.equal(intraListDistance(['a'], distance), undefined);
  const acc = new BeyondAccuracy(catalog, distance);
  acc.add(['a', 'b', 'c']);
  acc.add(['a', 'd']);
  // Mean of 4/3 and 3.
  close(acc.result().diversity!, (4 / 3 + 3) / 2);
  assert.deepEqual([...acc.exposureCounts()], [2, 1, 1, 1]);
});

test('Gini: equal exposure is 0, one item holding everything tends to 1', () => {
  assert.equal(gini([5, 5, 5, 5]), 0);
  assert.equal(gini([0, 0, 0]), 0);
  assert.equal(gini([]), 0);
  // (n - 1) / n for one non-zero value among n.
  close(gini([0, 0, 0, 0, 7]), 4 / 5);
  // Order does not matter: [3, 1, 2] sorted [1, 2, 3], sum 6: (-2*1 + 0*2 + 2*3) / (3*6) = 4/18
  close(gini([3, 1, 2]), 4 / 18);
  assert.throws(() => gini([1, -1]), /non-negative/);
});

test('the catalogue of a training matrix counts users per item', () => {
  const train = Interactions.fromRecords(
    [
      { userId: 'u1', pinId: 'a', weight: 1, timestamp: 1 },
      { userId: 'u1', pinId: 'a', weight: 1, timestamp: 2 },
      { userId: 'u2', pinId: 'a', weight: 1, timestamp: 3 },
      { userId: 'u2', pinId: 'b', weight: 1, timestamp: 4 },
    ],
    ['a', 'b', 'c'],
  );
  const c = catalogOf(train);
  assert.equal(c.userCount, 2);
  assert.deepEqual([...Array.from(c.popularity)], [2, 1, 0]);
  assert.equal(c.index.size, 3);
});
