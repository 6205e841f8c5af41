/** Popular and trending: global rankings by decayed and by windowed engagement. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { Interactions } from '../../src/recall/interactions.js';
import { POPULAR_DEFAULTS, PopularChannel } from '../../src/recall/popular.js';
import { TRENDING_DEFAULTS, TrendingChannel } from '../../src/recall/trending.js';
import type { RecallContext } from '../../src/recall/types.js';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 1);
const context = (exclude: string[] = []): RecallContext => ({ userId: 'x', now: NOW, history: [], exclude: new Set(exclude) });

/** `n` users engaging `pinId` (weight 1) `hoursAgo` before NOW. */
function engagements(pinId: string, n: number, hoursAgo: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({ userId: `${tag}-${pinId}-${i}`, pinId, weight: 1, timestamp: NOW - hoursAgo * HOUR }));
}

// steady: 7 engagements a day for the last 14 days; rising: 12 today, none before;
// old: 300 a month ago; blip: one engagement today.
const records = [
  ...Array.from({ length: 14 }, (_, day) => engagements('steady', 7, day * 24 + 2, `d${day}`)).flat(),
  ...engagements('rising', 12, 3, 'r'),
  ...engagements('old', 300, 24 * 30, 'o'),
  ...engagements('blip', 1, 1, 'b'),
  { userId: 'hater', pinId: 'hidden', weight: -4, timestamp: NOW - HOUR },
];
const data = Interactions.fromRecords(records);

test('popular decays old engagement: a month-old crowd counts less than a steady fortnight', () => {
  const popular = new PopularChannel(POPULAR_DEFAULTS);
  popular.fit(data, { now: NOW });
  const ranked = popular.recall(context(), 10).map((c) => c.pinId);
  assert.deepEqual(ranked.slice(0, 2), ['steady', 'rising']);
  assert.ok(!ranked.includes('hidden'), 'negative weight never makes a pin popular');
  const withoutHalfLife = new PopularChannel({ halfLifeHours: 1e9 });
  withoutHalfLife.fit(data, { now: NOW });
  assert.equal(withoutHalfLife.recall(context(), 1)[0]!.pinId, 'old');
});

test('trending by count ranks what is hot now; by lift ranks what is rising', () => {
  const byCount = new TrendingChannel({ ...TRENDING_DEFAULTS, score: 'count' });
  byCount.fit(data, { now: NOW });
  assert.deepEqual(byCount.recall(context(), 10).map((c) => [c.pinId, c.score]), [['rising', 12], ['steady', 7]]);

  const byLift = new TrendingChannel(TRENDING_DEFAULTS);
  byLift.fit(data, { now: NOW });
  const lifted = byLift.recall(context(), 10);
  assert.deepEqual(lifted.map((c) => c.pinId), ['rising', 'steady'], 'old pins and one-off blips are not trending');
  // rising: (12 + 5) / (0 + 5) · ln 13; steady: 91 engagements in the 14-day baseline → expected 91 · 24 / 336 = 6.5.
  assert.ok(Math.abs(lifted[0]!.score - (17 / 5) * Math.log(13)) < 1e-4);
  assert.ok(Math.abs(lifted[1]!.score - (12 / 11.5) * Math.log(8)) < 1e-4);
});

test('excluded pins are skipped, and both survive save and load', () => {
  for (const channel of [new PopularChannel(POPULAR_DEFAULTS), new TrendingChannel(TRENDING_DEFAULTS)]) {
    channel.fit(data, { now: NOW });
    const copy = channel.name === 'popular' ? new PopularChannel(POPULAR_DEFAULTS) : new TrendingChannel(TRENDING_DEFAULTS);
    copy.load(decodeState(encodeState(channel.save())));
    assert.deepEqual(copy.recall(context(['rising']), 5), channel.recall(context(['rising']), 5));
    assert.ok(!copy.recall(context(['rising']), 5).some((c) => c.pinId === 'rising'));
    assert.throws(() => copy.load({ pins: ['a'], scores: [1] }), /saved state is malformed/);
  }
});
