import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventType, Pin } from '../../src/domain/types.js';
import { EngagementAggregates } from '../../src/features/aggregates.js';

const HOUR = 3600_000;
const pin = (id: string, category: string, creatorId = `c-${category}`): Pin => ({
  id,
  creatorId,
  title: id,
  description: '',
  tags: [category, 'extra'],
  createdAt: 0,
  moderation: 'approved',
  promoted: false,
});
const kitchen = pin('k1', 'kitchen');
const travel = pin('t1', 'travel');
const ev = (type: EventType, timestamp: number, userId = 'u') => ({ userId, type, timestamp });

test('counts per pin, creator, user and overall', () => {
  const a = new EngagementAggregates();
  a.observe(ev('impression', 0), kitchen);
  a.observe(ev('impression', 0, 'v'), kitchen);
  a.observe(ev('closeup', 1), kitchen);
  a.observe(ev('impression', 2), travel);
  a.observe(ev('save', 3, 'search-only'), undefined);
  assert.equal(a.pinCount('k1', 'impression'), 2);
  assert.equal(a.pinCount('k1', 'closeup'), 1);
  assert.equal(a.creatorCount('c-kitchen', 'impression'), 2);
  assert.equal(a.userCount('u', 'impression'), 2);
  assert.equal(a.globalRate('closeup'), 1 / 3);
  assert.equal(a.pinCount('unknown', 'save'), 0);
});

test('affinities are shares of decayed positive engagement; hides count against', () => {
  const a = new EngagementAggregates({ affinityHalfLifeHours: 1, recentPins: 2 });
  a.observe(ev('save', 0), kitchen); // 4 at t=0
  a.observe(ev('save', HOUR), travel); // kitchen decayed to 2, travel 4: total 6
  assert.ok(Math.abs(a.categoryAffinity('u', 'kitchen', HOUR)! - 2 / 6) < 1e-12);
  assert.ok(Math.abs(a.categoryAffinity('u', 'travel', HOUR)! - 4 / 6) < 1e-12);
  assert.ok(Math.abs(a.creatorAffinity('u', 'c-travel', HOUR)! - 4 / 6) < 1e-12);
  a.observe(ev('hide', HOUR), kitchen);
  assert.ok(a.categoryAffinity('u', 'kitchen', HOUR)! < 0, 'a hide outweighs a decayed save');
  assert.equal(a.categoryAffinity('nobody', 'kitchen', HOUR), undefined);
  assert.equal(a.categoryAffinity('u', 'garden', HOUR), 0);
});

test('recent pins: newest first, re-engagement moves a pin to the front, capped', () => {
  const a = new EngagementAggregates({ affinityHalfLifeHours: 24, recentPins: 2 });
  const third = pin('x1', 'garden');
  a.observe(ev('closeup', 1), kitchen);
  a.observe(ev('closeup', 2), travel);
  a.observe(ev('save', 3), kitchen);
  assert.deepEqual(a.recentPins('u'), ['k1', 't1']);
  a.observe(ev('click', 4), third);
  assert.deepEqual(a.recentPins('u'), ['x1', 'k1']);
  a.observe(ev('impression', 5), travel);
  assert.deepEqual(a.recentPins('u'), ['x1', 'k1'], 'impressions are not engagement');
});
