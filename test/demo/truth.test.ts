import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engagementProbabilities } from '../../src/demo/behaviour.js';
import { DemoTruth } from '../../src/demo/truth.js';
import { smallWorld } from './fixture.js';

test('affinity interpolates each user’s interests from the window’s start to its end', () => {
  const { truth, users } = smallWorld();
  const id = users[5]!.id;
  const start = truth.interestsStart.get(id)!;
  const end = truth.interestsEnd.get(id)!;
  const k = start.indexOf(Math.max(...start));
  const slug = truth.categories[k]!;
  assert.equal(truth.affinity(id, slug, truth.windowStart), start[k]);
  assert.equal(truth.affinity(id, k, truth.windowEnd), end[k]);
  assert.equal(truth.affinity(id, k, truth.windowStart - 1e9), start[k], 'clamped before the window');
  const mid = truth.affinity(id, k, (truth.windowStart + truth.windowEnd) / 2);
  assert.ok(Math.abs(mid - (start[k]! + end[k]!) / 2) < 1e-12);
  const v = truth.interests(id, truth.windowEnd);
  assert.deepEqual(v, end.map((x) => x));
  assert.equal(truth.topCategories(id, truth.windowStart, 1)[0], k);
  assert.throws(() => truth.affinity('nobody', 0, 0), /unknown demo user/);
  assert.throws(() => truth.affinity(id, 'no-such-category', 0), /unknown demo category/);
  assert.throws(() => truth.affinity(id, truth.categories.length, 0), /unknown demo category/);
});

test('engagement() gives the probabilities of the behaviour model for a user and pin', () => {
  const { truth, users, pins } = smallWorld();
  const user = users[1]!.id;
  const pin = pins[10]!;
  const t = truth.windowStart + 1000;
  const p = truth.pins.get(pin.id)!;
  const expected = engagementProbabilities(truth.affinity(user, p.category, t), p.quality, truth.creators.get(pin.creatorId)!.quality, 3);
  assert.deepEqual(truth.engagement(user, pin.id, t, 3), expected);
  assert.throws(() => truth.engagement(user, 'p99999', t), /unknown demo pin/);
});

test('the truth round-trips through JSON exactly', () => {
  const { truth } = smallWorld();
  const data = JSON.parse(JSON.stringify(truth)) as unknown;
  const back = DemoTruth.fromJSON(data);
  assert.deepEqual(back.toJSON(), truth.toJSON());
  const id = [...truth.interestsStart.keys()][7]!;
  assert.equal(back.affinity(id, 3, truth.windowStart + 12345), truth.affinity(id, 3, truth.windowStart + 12345));
  assert.equal(truth.toJSON().categories.length, 30);
});

test('fromJSON rejects what is not a demo truth', () => {
  assert.throws(() => DemoTruth.fromJSON(null), /not a tessera demo truth/);
  assert.throws(() => DemoTruth.fromJSON({ format: 'tessera-demo-truth', version: 2 }), /not a tessera demo truth/);
  const data = smallWorld().truth.toJSON();
  const [first] = Object.keys(data.users);
  data.users[first!]!.end = [1];
  assert.throws(() => DemoTruth.fromJSON(data), /needs 30 interests/);
});
