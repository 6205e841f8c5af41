import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DemographicPopularChannel } from '../../src/eval/demographic-popular.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { RecallContext } from '../../src/recall/types.js';

const context = (userId: string, exclude: string[] = []): RecallContext => ({ userId, now: 0, history: [], exclude: new Set(exclude) });

/**
 * 10 women who all took "w" (and "both"), 30 men who all took "m" (and
 * "both"); 5 of the men, aged 50+, also took "old".
 */
function world() {
  const records: { userId: string; pinId: string; weight: number; timestamp: number }[] = [];
  const profiles = new Map<string, string[]>();
  for (let u = 0; u < 40; u++) {
    const woman = u < 10;
    const old = u >= 35;
    const id = `u${u}`;
    profiles.set(id, [woman ? 'female' : 'male', old ? '50-55' : '25-34']);
    for (const pin of [woman ? 'w' : 'm', 'both', ...(old ? ['old'] : [])]) records.push({ userId: id, pinId: pin, weight: 1, timestamp: 0 });
  }
  // Cold users: in the profiles, not in training.
  profiles.set('new-woman', ['female', '25-34']);
  profiles.set('new-old-man', ['male', '50-55']);
  profiles.set('new-woman-unseen-age', ['female', 'under-18']);
  return { train: Interactions.fromRecords(records), profiles };
}

test('recommends what users of the same demographics took, to users it was not fitted on', () => {
  const { train, profiles } = world();
  const channel = new DemographicPopularChannel({ profiles, prior: 5 });
  channel.fit(train, { now: 0 });
  const ids = (userId: string, exclude: string[] = []) => channel.recall(context(userId, exclude), 10).map((c) => c.pinId);
  assert.deepEqual(ids('new-woman'), ['both', 'w', 'm', 'old']);
  assert.deepEqual(ids('new-old-man'), ['both', 'm', 'old', 'w']);
  // An age group no training woman is in: the women's shares carry over.
  assert.deepEqual(ids('new-woman-unseen-age').slice(0, 2), ['both', 'w']);
  assert.deepEqual(ids('new-woman', ['both']), ['w', 'm', 'old'], 'exclusions are respected');
  assert.equal(channel.recall(context('new-woman'), 2).length, 2);
});

test('smooths a small group toward its parent group', () => {
  const { train, profiles } = world();
  const channel = new DemographicPopularChannel({ profiles, prior: 5 });
  channel.fit(train, { now: 0 });
  const score = (pin: string) => channel.recall(context('new-old-man'), 10).find((c) => c.pinId === pin)!.score;
  // p(old) = 5/40; p(old | male) = (5 + 5 p(old)) / (30 + 5); p(old | male, 50-55) = (5 + 5 p(old | male)) / (5 + 5).
  const oldMale = (5 + 5 * (5 / 40)) / 35;
  assert.ok(Math.abs(score('old') - (5 + 5 * oldMale) / 10) < 1e-12, `${score('old')}`);
  // "w": nobody among men; its share comes from the population (10/40), shrunk twice.
  const wMale = (0 + 5 * (10 / 40)) / (30 + 5);
  assert.ok(Math.abs(score('w') - (0 + 5 * wMale) / 10) < 1e-12, `${score('w')}`);
});

test('without profiles it is plain most-popular: the share of users who took each pin', () => {
  const { train } = world();
  const channel = new DemographicPopularChannel({ profiles: new Map(), name: 'most-popular' });
  channel.fit(train, { now: 0 });
  const list = channel.recall(context('anyone'), 10);
  assert.equal(channel.name, 'most-popular');
  assert.deepEqual(
    list.map((c) => [c.pinId, c.score]),
    [
      ['both', 1],
      ['m', 30 / 40],
      ['w', 10 / 40],
      ['old', 5 / 40],
    ],
  );
  const copy = new DemographicPopularChannel({ profiles: new Map(), name: 'most-popular' });
  copy.load(structuredClone(channel.save()));
  assert.deepEqual(copy.recall(context('anyone'), 10), list);
});
