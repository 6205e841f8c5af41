import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ColdStartChannel } from '../../src/coldstart/cold-start-channel.js';
import { COLD_START_USER_DEFAULTS, type ColdStartUserOptions } from '../../src/coldstart/config.js';
import type { Pin, User } from '../../src/domain/types.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { HistoryItem, RecallContext } from '../../src/recall/types.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
const CATEGORIES = ['kitchen', 'travel', 'pets'] as const;

/** 30 pins per category: p<category>-<i>, the last 5 of each posted in the last day. */
function catalog(): Pin[] {
  return CATEGORIES.flatMap((category) =>
    Array.from({ length: 30 }, (_, i) => ({
      id: `${category}-${i}`,
      creatorId: `${category}-creator-${i % 6}`,
      title: `${category} ${i}`,
      description: '',
      tags: [category],
      createdAt: i >= 25 ? NOW - DAY / 2 + i : NOW - 40 * DAY + i,
      moderation: 'approved' as const,
      promoted: false,
    })),
  );
}

/**
 * 60 known users, 20 per category, who declared it and engage with its
 * pins 0-9 (pin i by i % 10 of them... all of them, for simplicity), and
 * ignore two pins of each other category.
 */
function training() {
  const users: User[] = [];
  const records: { userId: string; pinId: string; weight: number; timestamp: number }[] = [];
  CATEGORIES.forEach((category, c) => {
    for (let u = 0; u < 20; u++) {
      const id = `${category}-fan-${u}`;
      users.push({ id, createdAt: 0, interests: [category], country: ['FR', 'US', 'JP'][c]! });
      for (let i = 0; i < 10; i++) if ((i + u) % 3 !== 0) records.push({ userId: id, pinId: `${category}-${i}`, weight: 1, timestamp: NOW - DAY });
      for (const other of CATEGORIES) if (other !== category) for (const i of [u % 10, (u + 5) % 10]) records.push({ userId: id, pinId: `${other}-${i}`, weight: 0, timestamp: NOW - DAY });
    }
  });
  return { data: Interactions.fromRecords(records, catalog().map((p) => p.id)), users };
}

function fitted(options: Partial<ColdStartUserOptions> = {}): ColdStartChannel {
  const channel = new ColdStartChannel({ ...COLD_START_USER_DEFAULTS, ...options });
  const { data, users } = training();
  channel.fit(data, { now: NOW, catalog: catalog(), users });
  return channel;
}

const context = (userId: string, fields: Partial<RecallContext> = {}): RecallContext => ({ userId, now: NOW, history: [], exclude: new Set(), ...fields });
const categoryOf = (pinId: string) => pinId.split('-')[0]!;
const counts = (pinIds: readonly string[]) => {
  const out: Record<string, number> = {};
  for (const id of pinIds) out[categoryOf(id)] = (out[categoryOf(id)] ?? 0) + 1;
  return out;
};

test('a new user who declared travel gets travel first, popular and fresh, and never an excluded or repeated pin', () => {
  const channel = fitted();
  const user: User = { id: 'newcomer', createdAt: NOW, interests: ['travel'] };
  const found = channel.recall(context('newcomer', { user, exclude: new Set(['travel-1']) }), 25);
  assert.equal(found.length, 25);
  const ids = found.map((c) => c.pinId);
  assert.equal(new Set(ids).size, ids.length, 'a pin repeated');
  assert.ok(!ids.includes('travel-1'), 'an excluded pin came back');
  assert.equal(categoryOf(ids[0]!), 'travel');
  // At most 40% of a page of 25 per category: travel takes its 10, the rest goes elsewhere.
  assert.equal(counts(ids).travel, 10, JSON.stringify(counts(ids)));
  assert.ok(Object.keys(counts(ids)).length === 3, 'every category has its turn once travel is capped');
  const travel = ids.filter((id) => categoryOf(id) === 'travel');
  assert.ok(travel.slice(0, 4).every((id) => Number(id.split('-')[1]) < 10), `popular travel pins first: ${travel}`);
  assert.ok(travel.some((id) => Number(id.split('-')[1]) >= 25), `a fresh travel pin among them: ${travel}`);
  // Scores fall with the slot, so fusion keeps the bandit's order.
  for (let i = 1; i < found.length; i++) assert.ok(found[i]!.score < found[i - 1]!.score);
});

test('without a profile, the user’s own feedback moves the bandit: engagement up, ignored impressions and hides down', () => {
  const channel = fitted({ maxCategoryShare: 1 });
  const history = (entries: [string, number][]): HistoryItem[] => entries.map(([pinId, weight], i) => ({ pinId, weight, timestamp: NOW - i }));
  const before = channel.armsFor(context('fresh'))!.arms;
  const liked = channel.armsFor(context('fresh', { history: history([['pets-3', 4], ['pets-4', 1]]) }))!;
  const pets = channel.categories.indexOf('pets');
  assert.equal(liked.engaged, 2);
  assert.ok(liked.arms.mean(pets)! > before.mean(pets)!, 'engagement raises the category');
  const ignored = channel.armsFor(context('fresh', { history: history([['pets-3', 0]]) }))!.arms;
  const hidden = channel.armsFor(context('fresh', { history: history([['pets-3', -4]]) }))!.arms;
  assert.ok(ignored.mean(pets)! < before.mean(pets)!, 'an impression without engagement lowers it');
  assert.ok(hidden.mean(pets)! < ignored.mean(pets)!, 'a hide lowers it more');
  // With the prior worth 5 impressions, two engagements already make pets lead the first page.
  const quick = fitted({ maxCategoryShare: 1, priorStrength: 5 });
  const page = counts(quick.recall(context('fresh', { history: history([['pets-3', 4], ['pets-4', 1]]) }), 10).map((c) => c.pinId));
  assert.ok(page.pets! > Math.max(page.kitchen ?? 0, page.travel ?? 0), JSON.stringify(page));
  const none = counts(quick.recall(context('fresh'), 9).map((c) => c.pinId));
  assert.deepEqual(none, { kitchen: 3, travel: 3, pets: 3 }, 'with nothing known, the categories share the page');
});

test('users who engaged with more pins than maxInteractions get nothing from the channel', () => {
  const channel = fitted({ maxInteractions: 2 });
  const history = ['kitchen-1', 'kitchen-2', 'kitchen-3'].map((pinId, i) => ({ pinId, weight: 1, timestamp: NOW - i }));
  assert.deepEqual(channel.recall(context('regular', { history }), 10), []);
  assert.equal(channel.recall(context('regular', { history: history.slice(0, 2) }), 10).length, 10);
});

test('the same request gives the same page; save and load keep it; each policy serves', () => {
  for (const policy of ['ucb1', 'thompson', 'epsilon-greedy'] as const) {
    const channel = fitted({ policy });
    const ctx = context('someone', { user: { id: 'someone', createdAt: NOW, interests: ['pets'], country: 'FR' } });
    const first = channel.recall(ctx, 30);
    assert.deepEqual(channel.recall(ctx, 30), first, policy);
    const copy = new ColdStartChannel({ ...COLD_START_USER_DEFAULTS, policy });
    copy.load(decodeState(encodeState(channel.save())));
    assert.deepEqual(copy.recall(ctx, 30), first, `${policy} after save and load`);
    assert.equal(first.length, 30);
  }
  assert.throws(() => new ColdStartChannel(COLD_START_USER_DEFAULTS).load({ categories: 'x' }), /saved state is malformed/);
});

test('clusters: a user is placed by profile, or by the assignment made at fitting time', () => {
  const channel = fitted({ clusters: 3 });
  assert.equal(channel.clusterCount, 3);
  const fr = channel.clusterOf('x', { id: 'x', createdAt: 0, interests: [], country: 'FR' });
  assert.equal(channel.clusterOf('kitchen-fan-0'), fr, 'a known user keeps the cluster of their profile');
  assert.notEqual(channel.clusterOf('x', { id: 'x', createdAt: 0, interests: [], country: 'US' }), fr);
  assert.equal(channel.clusterOf('stranger'), undefined);
  // The FR cluster (kitchen fans) has kitchen pins first among its popular kitchen pins, and a kitchen-leaning prior.
  const prior = channel.priorFor('x', { id: 'x', createdAt: 0, interests: [], country: 'FR' })!;
  const kitchen = channel.categories.indexOf('kitchen');
  const travel = channel.categories.indexOf('travel');
  assert.ok(prior.mean(kitchen)! > prior.mean(travel)!, `kitchen ${prior.mean(kitchen)} travel ${prior.mean(travel)}`);
  assert.ok(channel.popularPins(fr, kitchen).length > 0);
});

test('a catalogue without tags or a log without events still yields pins', () => {
  const pins = catalog().map((p) => ({ ...p, tags: [] }));
  const channel = new ColdStartChannel(COLD_START_USER_DEFAULTS);
  channel.fit(Interactions.fromRecords([], pins.map((p) => p.id)), { now: NOW, catalog: pins });
  const found = channel.recall(context('anyone'), 20);
  assert.equal(found.length, 20);
  const fresh = found.filter((c) => pins.find((p) => p.id === c.pinId)!.createdAt > NOW - DAY);
  assert.equal(fresh.length, 15, 'with no engagement, the 15 pins of the last day come first');
  assert.ok(found.slice(0, 15).every((c) => fresh.includes(c)));
});
