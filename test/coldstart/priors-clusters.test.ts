import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryPriors, countCategoryTrials, userMeans } from '../../src/coldstart/category-priors.js';
import { chooseClusterCount } from '../../src/coldstart/cluster-count.js';
import { UserClusters } from '../../src/coldstart/clusters.js';
import { ProfileEncoder, profileTokens } from '../../src/coldstart/profile.js';
import type { User } from '../../src/domain/types.js';
import { Random } from '../../src/math/random.js';
import { Interactions } from '../../src/recall/interactions.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
const user = (id: string, fields: Partial<User> = {}): User => ({ id, createdAt: 0, interests: [], ...fields });

test('category priors by hand: rates smoothed toward the population, then toward the overall rate', () => {
  // Items a0, a1 in category 0, b0 in category 1. u1 (group 0) engages a0, ignores b0;
  // u2 (group 0) engages a1 and b0; u3 (no group) ignores a0.
  const data = Interactions.fromRecords([
    { userId: 'u1', pinId: 'a0', weight: 1, timestamp: 0 },
    { userId: 'u1', pinId: 'b0', weight: 0, timestamp: 0 },
    { userId: 'u2', pinId: 'a1', weight: 4, timestamp: 0 },
    { userId: 'u2', pinId: 'b0', weight: 1, timestamp: 0 },
    { userId: 'u3', pinId: 'a0', weight: 0, timestamp: 0 },
  ]);
  const itemCategory = Int32Array.from(data.items.toArray(), (id) => (id.startsWith('a') ? 0 : 1));
  const userGroup = Int32Array.from(data.users.toArray(), (id) => (id === 'u3' ? -1 : 0));
  const declared = (u: number) => (data.users.id(u) === 'u2' ? [0, 1] : []);
  const counts = countCategoryTrials(data, itemCategory, userGroup, 1, 2, declared);
  assert.deepEqual(Array.from(counts.trials), [2, 2, 3, 2]);
  assert.deepEqual(Array.from(counts.successes), [2, 1, 2, 1]);
  const priors = categoryPriors(counts, 2);
  assert.equal(priors.mode, 'rates');
  // Overall r = 3/5; population: (2 + 2·0.6)/(3 + 2) = 0.64 and (1 + 1.2)/(2 + 2) = 0.55.
  close(priors.means[2]!, 0.64);
  close(priors.means[3]!, 0.55);
  // Group 0: (2 + 2·0.64)/(2 + 2) = 0.82 and (1 + 2·0.55)/(2 + 2) = 0.525.
  close(priors.means[0]!, 0.82);
  close(priors.means[1]!, 0.525);
  // u2 declared both and engaged once in one trial of each: (1 + 2·0.82)/(1 + 2) and (1 + 2·0.525)/(1 + 2).
  const both = userMeans(priors, 0, [0, 1]);
  close(both[0]!, (1 + 2 * 0.82) / 3);
  close(both[1]!, (1 + 2 * 0.525) / 3);
  // Declaring category 1 alone lifts it to at least the undeclared category 0's 0.82.
  const one = userMeans(priors, 0, [1]);
  close(one[1]!, 0.82);
  close(one[0]!, 0.82);
  close(userMeans(priors, undefined)[0]!, 0.64);
});

test('engagements without impressions give shares of the group’s engagements instead of rates', () => {
  const data = Interactions.fromRecords([
    { userId: 'u1', pinId: 'a0', weight: 1, timestamp: 0 },
    { userId: 'u1', pinId: 'a1', weight: 1, timestamp: 0 },
    { userId: 'u2', pinId: 'b0', weight: 1, timestamp: 0 },
  ]);
  const itemCategory = Int32Array.from(data.items.toArray(), (id) => (id.startsWith('a') ? 0 : 1));
  const priors = categoryPriors(countCategoryTrials(data, itemCategory, new Int32Array(2).fill(-1), 0, 2), 3);
  assert.equal(priors.mode, 'shares');
  // Population: (2 + 3 · 1/2)/(3 + 3) and (1 + 1.5)/(3 + 3).
  close(priors.means[0]!, 3.5 / 6);
  close(priors.means[1]!, 2.5 / 6);
});

test('profiles encode demographics one-hot and declared interests at the interest weight', () => {
  const users = [user('a', { gender: 'female', country: 'FR', interests: ['kitchen', 'travel'] }), user('b', { gender: 'male', ageRange: '25-34' })];
  assert.deepEqual(profileTokens(users[0]!), ['gender:female', 'country:FR', 'interest:kitchen', 'interest:travel']);
  const encoder = ProfileEncoder.fit(users, 2);
  const v = encoder.encode(users[0]!);
  const at = (token: string) => v[encoder.vocabulary.indexOf(token)]!;
  assert.equal(at('gender:female'), 1);
  close(at('interest:kitchen'), 2 / Math.SQRT2);
  assert.equal(at('gender:male'), 0);
  assert.equal(encoder.knows(user('c', { country: 'JP' })), false, 'an unseen value is not known');
});

test('clusters: users join the cluster of their profile; an empty profile joins none', () => {
  const users: User[] = [];
  for (let i = 0; i < 20; i++) users.push(user(`k${i}`, { country: 'FR', interests: ['kitchen'] }));
  for (let i = 0; i < 20; i++) users.push(user(`t${i}`, { country: 'US', interests: ['travel'] }));
  const clusters = UserClusters.fit(users, { k: 2, seed: 1, interestWeight: 1 });
  assert.equal(clusters.k, 2);
  const kitchen = clusters.assign(user('new1', { country: 'FR', interests: ['kitchen'] }));
  const travel = clusters.assign(user('new2', { country: 'US' }));
  assert.notEqual(kitchen, travel);
  assert.equal(clusters.assign(user('new3', { interests: ['kitchen'] })), kitchen, 'declared interests alone place a user');
  assert.equal(clusters.assign(user('nobody')), undefined);
  assert.equal(UserClusters.load(clusters.save()).assign(user('x', { country: 'FR' })), kitchen, 'saved and loaded');
  assert.equal(UserClusters.fit(users, { k: 10, seed: 1, interestWeight: 1 }).k, 2, 'no more clusters than distinct profiles');
});

/** Users whose country decides their taste (taste = true) or says nothing about it. */
function world(taste: boolean, seed: number) {
  const rng = new Random(seed);
  const users: User[] = [];
  const records: { userId: string; pinId: string; weight: number; timestamp: number }[] = [];
  for (let i = 0; i < 400; i++) {
    const country = ['FR', 'US', 'JP', 'BR'][i % 4]!;
    const id = `u${i}`;
    users.push(user(id, { country }));
    const likes = taste ? i % 4 : rng.int(4);
    for (let c = 0; c < 4; c++) {
      for (let j = 0; j < 5; j++) {
        const engaged = rng.bernoulli(c === likes ? 0.6 : 0.1);
        records.push({ userId: id, pinId: `c${c}-${j}`, weight: engaged ? 1 : 0, timestamp: 0 });
      }
    }
  }
  const data = Interactions.fromRecords(records);
  const itemCategory = Int32Array.from(data.items.toArray(), (id) => Number(id[1]));
  return { data, users, itemCategory };
}

test('k is chosen on held-out users: clusters where the profile tells taste, one cluster where it does not', () => {
  const options = { categories: 4, declared: () => [], seed: 3, interestWeight: 1, smoothing: 20 };
  const telling = chooseClusterCount({ ...world(true, 1), ...options });
  assert.ok(telling.k >= 4, `chose k = ${telling.k}: ${JSON.stringify(telling.scores)}`);
  const noise = chooseClusterCount({ ...world(false, 2), ...options });
  assert.equal(noise.k, 1, JSON.stringify(noise.scores));
  assert.deepEqual(chooseClusterCount({ ...world(true, 1), ...options, users: [] }), { k: 1, scores: [] });
});
