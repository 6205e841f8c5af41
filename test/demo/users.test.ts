import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES, relatedIndices } from '../../src/demo/categories.js';
import { AGE_RANGES, COUNTRIES, GENDERS } from '../../src/demo/users.js';
import { generateDemoWorld } from '../../src/demo/world.js';
import { NOW } from './fixture.js';

const DAY = 86_400_000;
// Users are generated from their own random stream: no events needed to study them.
const world = generateDemoWorld({ now: NOW, seed: 11, users: 3000, creators: 10, pins: 100, events: 0 });
const K = CATEGORIES.length;

test('interests are distributions with a few strong ones, and they drift', () => {
  let strong = 0;
  let drifted = 0;
  for (const u of world.users) {
    for (const v of [world.truth.interestsStart.get(u.id)!, world.truth.interestsEnd.get(u.id)!]) {
      assert.equal(v.length, K);
      assert.ok(v.every((x) => x >= 0));
      assert.ok(Math.abs(v.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    }
    const start = world.truth.interestsStart.get(u.id)!;
    strong += start.filter((x) => x >= 0.08).length;
    const end = world.truth.interestsEnd.get(u.id)!;
    if (start.reduce((d, x, k) => d + Math.abs(x - end[k]!), 0) > 0.1) drifted++;
  }
  const meanStrong = strong / world.users.length;
  assert.ok(meanStrong >= 2 && meanStrong <= 4.5, `${meanStrong} strong interests per user`);
  assert.ok(drifted > 0.8 * world.users.length, `${drifted} users drifted`);
});

test('related categories are liked together far more than unrelated ones', () => {
  const related = relatedIndices();
  const tops = world.users.map((u) => new Set(world.truth.topCategories(u.id, world.truth.windowStart, 3)));
  const fans = new Array<number>(K).fill(0);
  for (const top of tops) for (const k of top) fans[k]!++;
  const lift = { related: [0, 0], unrelated: [0, 0] };
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const both = tops.filter((top) => top.has(a) && top.has(b)).length;
      const l = (both * tops.length) / (fans[a]! * fans[b]!);
      const bucket = related[a]!.includes(b) ? lift.related : lift.unrelated;
      bucket[0]! += l;
      bucket[1]!++;
    }
  }
  const relatedLift = lift.related[0]! / lift.related[1]!;
  const unrelatedLift = lift.unrelated[0]! / lift.unrelated[1]!;
  assert.ok(relatedLift > 2 * unrelatedLift, `co-occurrence lift among top interests: related ${relatedLift}, unrelated ${unrelatedLift}`);
});

test('declared interests are a noisy subset of the true top interests; some users declare none', () => {
  let declared = 0;
  let correct = 0;
  let none = 0;
  for (const u of world.users) {
    if (u.interests.length === 0) none++;
    const top = world.truth.topCategories(u.id, world.truth.windowStart, 4).map((k) => CATEGORIES[k]!.slug);
    for (const slug of u.interests) {
      assert.ok(CATEGORIES.some((c) => c.slug === slug), slug);
      declared++;
      if (top.includes(slug)) correct++;
    }
  }
  const n = world.users.length;
  assert.ok(none > 0.1 * n && none < 0.4 * n, `${none} users declare nothing`);
  assert.ok(correct / declared > 0.8 && correct < declared, `${correct} of ${declared} declared interests are true top interests`);
});

test('demographics are filled from fixed lists, with some users leaving gender unset', () => {
  for (const u of world.users) {
    assert.ok(COUNTRIES.some((c) => c.code === u.country));
    assert.ok((AGE_RANGES as readonly string[]).includes(u.ageRange!));
    assert.ok(u.gender === undefined || (GENDERS as readonly string[]).includes(u.gender));
    assert.match(u.language!, /^[a-z]{2}$/);
    assert.ok(u.createdAt < NOW && u.createdAt > NOW - 800 * DAY);
  }
  const unset = world.users.filter((u) => u.gender === undefined).length;
  assert.ok(unset > 0 && unset < 0.2 * world.users.length);
  const newcomers = world.users.filter((u) => u.createdAt >= NOW - 30 * DAY).length;
  assert.ok(newcomers > 0.05 * world.users.length, `${newcomers} users signed up during the window`);
});

test('demographics predict interests better than chance and better than overall popularity', () => {
  const attributes = (u: (typeof world.users)[number]) => [`country:${u.country}`, `age:${u.ageRange}`, `gender:${u.gender ?? '-'}`];
  const train = world.users.slice(0, 2000);
  const held = world.users.slice(2000);
  const overall = new Array<number>(K).fill(0);
  const byValue = new Map<string, number[]>();
  for (const u of train) {
    const v = world.truth.interestsStart.get(u.id)!;
    v.forEach((x, k) => (overall[k]! += x));
    for (const a of attributes(u)) {
      const sum = byValue.get(a) ?? new Array<number>(K).fill(0);
      v.forEach((x, k) => (sum[k]! += x));
      byValue.set(a, sum);
    }
  }
  const argmax = (v: readonly number[]) => v.indexOf(Math.max(...v));
  const popular = argmax(overall);
  let byDemographics = 0;
  let byPopularity = 0;
  for (const u of held) {
    // Naive Bayes over the three attributes: log P(k) + sum of log P(attribute | k).
    const score = overall.map((x, k) => {
      let s = Math.log(x / train.length);
      for (const a of attributes(u)) s += Math.log((byValue.get(a)?.[k] ?? 0) + 1e-3) - Math.log(x);
      return s;
    });
    const truth = world.truth.interestsStart.get(u.id)!;
    byDemographics += truth[argmax(score)]!;
    byPopularity += truth[popular]!;
  }
  const chance = held.length / K;
  assert.ok(byDemographics > 2.5 * chance, `interest share of the predicted category ${byDemographics / held.length} vs chance ${1 / K}`);
  assert.ok(byDemographics > 1.2 * byPopularity, `demographics ${byDemographics / held.length} vs popularity ${byPopularity / held.length}`);
});
