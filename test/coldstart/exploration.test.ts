import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXPLORE_DEFAULTS } from '../../src/coldstart/config.js';
import { ExploreChannel } from '../../src/coldstart/exploration/explore-channel.js';
import { explorationStatus, posteriorRate } from '../../src/coldstart/exploration/graduation.js';
import { ExplorationSlots, isExplorationSlot } from '../../src/coldstart/exploration/slots.js';
import type { Pin } from '../../src/domain/types.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { Interactions } from '../../src/recall/interactions.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 1);
const rule = { minImpressions: 20, maxImpressions: 100, graduationLift: 1, priorStrength: 2 };

test('graduation by hand: explored until 20 users, then graduated at or above the catalogue rate, retired without engagement', () => {
  const rate = 0.1;
  assert.equal(explorationStatus({ impressions: 19, engaged: 0 }, rate, rule), 'exploring');
  // (3 + 2 · 0.1) / (20 + 2) = 0.145 ≥ 0.1
  assert.ok(Math.abs(posteriorRate({ impressions: 20, engaged: 3 }, rate, 2) - 3.2 / 22) < 1e-12);
  assert.equal(explorationStatus({ impressions: 20, engaged: 3 }, rate, rule), 'graduated');
  assert.equal(explorationStatus({ impressions: 20, engaged: 0 }, rate, rule), 'retired');
  // (1 + 0.2) / 22 = 0.055 < 0.1, some engagement: explored on, until 100 users.
  assert.equal(explorationStatus({ impressions: 20, engaged: 1 }, rate, rule), 'exploring');
  assert.equal(explorationStatus({ impressions: 100, engaged: 5 }, rate, rule), 'retired');
  assert.equal(explorationStatus({ impressions: 100, engaged: 11 }, rate, rule), 'graduated');
});

function pin(id: string, ageHours: number, creatorId = `creator-${id}`): Pin {
  return { id, creatorId, title: id, description: '', tags: ['art'], createdAt: NOW - ageHours * HOUR, moderation: 'approved', promoted: false };
}

/** `shown` users saw the pin, the first `engaged` of them engaged. */
const seen = (pinId: string, shown: number, engaged: number) =>
  Array.from({ length: shown }, (_, u) => ({ userId: `u${u}`, pinId, weight: u < engaged ? 1 : 0, timestamp: NOW - HOUR }));

function explored() {
  const catalog = [
    pin('old', 24 * 60, 'veteran'),
    pin('older-by-new-creator', 24 * 5, 'newcomer'),
    pin('fresh', 2, 'veteran'),
    pin('winner', 10, 'veteran'),
    pin('dud', 20, 'veteran'),
    pin('unsure', 30, 'veteran'),
    { ...pin('pending', 1, 'veteran'), moderation: 'pending' as const },
  ];
  // The old pin sets the catalogue rate: 40 of 100 users engaged, with the winner's 12 of 25 and others: 52/150 ≈ 0.29 overall.
  const data = Interactions.fromRecords(
    [...seen('old', 100, 40), ...seen('winner', 25, 12), ...seen('dud', 25, 0), ...seen('unsure', 25, 2)],
    catalog.map((p) => p.id),
  );
  const channel = new ExploreChannel({ ...EXPLORE_DEFAULTS, newPinHours: 72, newCreatorDays: 14, ...rule });
  channel.fit(data, { now: NOW, catalog });
  return channel;
}

test('the pool: new pins and new creators’ pins still being explored, newest first', () => {
  const channel = explored();
  assert.deepEqual(channel.pool, ['fresh', 'unsure', 'older-by-new-creator']);
  assert.deepEqual(channel.summary, { catalogueRate: 54 / 175, exploring: 3, graduated: 1, retired: 1 });
  const found = channel.recall({ userId: 'u', now: NOW, history: [], exclude: new Set(['unsure']) }, 10).map((c) => c.pinId);
  assert.deepEqual([...found].sort(), ['fresh', 'older-by-new-creator']);
  const copy = new ExploreChannel(EXPLORE_DEFAULTS);
  copy.load(decodeState(encodeState(channel.save())));
  const ctx = { userId: 'v', now: NOW, history: [], exclude: new Set<string>() };
  assert.deepEqual(copy.recall(ctx, 3), channel.recall(ctx, 3));
});

test('Thompson sampling shows a promising new pin more often than an unpromising one', () => {
  const catalog = [pin('good', 5), pin('bad', 5)];
  const data = Interactions.fromRecords([...seen('good', 15, 6), ...seen('bad', 15, 1)], catalog.map((p) => p.id));
  const channel = new ExploreChannel({ ...EXPLORE_DEFAULTS, ...rule });
  channel.fit(data, { now: NOW, catalog });
  let good = 0;
  for (let u = 0; u < 1000; u++) if (channel.recall({ userId: `u${u}`, now: NOW, history: [], exclude: new Set() }, 1)[0]!.pinId === 'good') good++;
  // Beta(1 + 6 + 2·r, 1 + 9 + 2·(1 − r)) against Beta(1 + 1 + 2r, 1 + 14 + 2(1 − r)) with r = 7/30: about 97% for "good".
  assert.ok(good > 900 && good < 1000, `good first ${good} times in 1000`);
});

const candidate = (pinId: string, channel: string, rank: number, creatorId = `c-${pinId}`): Candidate => ({
  pinId,
  score: 0,
  sources: [{ channel, score: 1, rank }],
  pin: { ...pin(pinId, 1000), creatorId },
});
const feedContext: FeedContext = { userId: 'u', now: NOW, history: [], exclude: new Set(), pins: new Map() };

test('exploration slots: exactly ⌊N · share⌋ explored pins in the first N, evenly spread, in the channel’s order', () => {
  assert.deepEqual(
    Array.from({ length: 60 }, (_, p) => p).filter((p) => isExplorationSlot(p, 0.05)),
    [19, 39, 59],
  );
  const organic = Array.from({ length: 200 }, (_, i) => candidate(`o${i}`, 'popular', i));
  const explore = Array.from({ length: 30 }, (_, i) => candidate(`e${i}`, 'explore', 29 - i));
  // A pin the exploration channel and another channel both found competes as an organic pin.
  const both = { ...candidate('both', 'popular', 0), sources: [{ channel: 'popular', score: 1, rank: 0 }, { channel: 'explore', score: 1, rank: 0 }] };
  const slots = new ExplorationSlots({ share: 0.05, channel: 'explore', pageSize: 25, maxPerCreatorPerPage: 2 });
  const out = slots.rerank(feedContext, [both, ...explore, ...organic]);
  assert.equal(out.length, 201 + 10, 'explored pins only fill their slots');
  for (const n of [20, 25, 50, 100, 211]) {
    const shown = out.slice(0, n).filter((c) => c.pinId.startsWith('e')).length;
    assert.equal(shown, Math.floor(n * 0.05), `first ${n}`);
  }
  assert.equal(out[19]!.pinId, 'e29', 'the channel’s first pick comes first');
  assert.equal(out[0]!.pinId, 'both');
  assert.deepEqual(new ExplorationSlots({ share: 0, channel: 'explore', pageSize: 25, maxPerCreatorPerPage: 2 }).rerank(feedContext, [...explore, ...organic]).length, 200);
  assert.throws(() => new ExplorationSlots({ share: 0.9, channel: 'explore', pageSize: 25, maxPerCreatorPerPage: 2 }), /within \[0, 0.5\]/);
});

test('exploration slots keep the per-page creator cap', () => {
  // Page of 10, share 0.2: slots 4 and 9. The page already has two pins by "busy".
  const organic = Array.from({ length: 30 }, (_, i) => candidate(`o${i}`, 'popular', i, i < 2 ? 'busy' : `c${i}`));
  const explore = [candidate('e-busy', 'explore', 0, 'busy'), candidate('e-free', 'explore', 1, 'free')];
  const out = new ExplorationSlots({ share: 0.2, channel: 'explore', pageSize: 10, maxPerCreatorPerPage: 2 }).rerank(feedContext, [...organic, ...explore]);
  assert.equal(out[4]!.pinId, 'e-free', 'the capped creator’s pin waits');
  assert.equal(out[14]!.pinId, 'e-busy', 'and takes the next page’s first exploration slot');
  for (let page = 0; page < 3; page++) {
    const busy = out.slice(page * 10, page * 10 + 10).filter((c) => c.pin!.creatorId === 'busy').length;
    assert.ok(busy <= 2, `page ${page}: ${busy} pins by busy`);
  }
});

test('a pool larger than one request’s draws is subsampled afresh each request, so every pin keeps its turn', () => {
  const catalog = Array.from({ length: 1500 }, (_, i) => pin(`n${i}`, 1 + i / 100));
  const channel = new ExploreChannel({ ...EXPLORE_DEFAULTS, ...rule });
  channel.fit(Interactions.fromRecords([], catalog.map((p) => p.id)), { now: NOW, catalog });
  assert.equal(channel.pool.length, 1500);
  const shown = new Set<string>();
  for (let r = 0; r < 400; r++) for (const c of channel.recall({ userId: `u${r}`, now: NOW + r, history: [], exclude: new Set() }, 20)) shown.add(c.pinId);
  assert.ok(shown.size > 1300, `${shown.size} of 1500 pins shown`);
});
