import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES } from '../../src/demo/categories.js';
import { resolveDemoOptions } from '../../src/demo/options.js';
import { generateDemoWorld } from '../../src/demo/world.js';
import { PIN_EVENT_TYPES } from '../../src/domain/types.js';
import { NOW, SMALL, smallWorld } from './fixture.js';

const DAY = 86_400_000;
const TINY = { now: NOW, users: 60, creators: 20, pins: 300, events: 4000 };

test('the same seed gives the same world; another seed a different one', () => {
  const a = generateDemoWorld({ ...TINY, seed: 1 });
  const b = generateDemoWorld({ ...TINY, seed: 1 });
  assert.deepEqual(a.events, b.events);
  assert.deepEqual(a.pins, b.pins);
  assert.deepEqual(a.users, b.users);
  assert.deepEqual(a.creators, b.creators);
  assert.deepEqual(a.truth.toJSON(), b.truth.toJSON());
  const c = generateDemoWorld({ ...TINY, seed: 2 });
  assert.notDeepEqual(c.pins.map((p) => p.title), a.pins.map((p) => p.title));
  assert.notDeepEqual(c.events.slice(0, 50), a.events.slice(0, 50));
});

test('changing the event target leaves the population unchanged', () => {
  const a = generateDemoWorld({ ...TINY, seed: 3 });
  const b = generateDemoWorld({ ...TINY, seed: 3, events: 1000 });
  assert.deepEqual(a.pins, b.pins);
  assert.deepEqual(a.users, b.users);
  assert.deepEqual(a.truth.toJSON(), b.truth.toJSON());
});

test('sizes match the options; the event count lands near its target', () => {
  const w = smallWorld();
  assert.equal(w.users.length, SMALL.users);
  assert.equal(w.creators.length, SMALL.creators);
  assert.equal(w.pins.length, SMALL.pins);
  assert.ok(Math.abs(w.events.length - SMALL.events) / SMALL.events < 0.05, `${w.events.length} events`);
  assert.equal(generateDemoWorld({ ...TINY, events: 0 }).events.length, 0);
});

test('ids follow the documented formats and are unique', () => {
  const w = smallWorld();
  assert.equal(w.pins[0]!.id, 'p00001');
  assert.equal(w.creators[0]!.id, 'c0001');
  assert.equal(w.users[0]!.id, 'u0001');
  assert.equal(w.events[0]!.id, 'e0000001');
  for (const [list, pattern] of [
    [w.pins, /^p\d{5}$/],
    [w.creators, /^c\d{4}$/],
    [w.users, /^u\d{4}$/],
    [w.events, /^e\d{7}$/],
  ] as const) {
    assert.equal(new Set(list.map((x) => x.id)).size, list.length);
    for (const x of list) assert.match(x.id, pattern);
  }
});

test('pins: category slug first, 2-5 vocabulary tags, their creator board, demo image url', () => {
  const w = smallWorld();
  const creators = new Map(w.creators.map((c) => [c.id, c]));
  for (const pin of w.pins) {
    const truth = w.truth.pins.get(pin.id)!;
    const category = CATEGORIES[truth.category]!;
    assert.equal(pin.tags[0], category.slug);
    assert.ok(pin.tags.length >= 3 && pin.tags.length <= 6, pin.tags.join(','));
    for (const tag of pin.tags.slice(1)) assert.ok(category.tags.includes(tag), `${tag} in ${category.slug}`);
    assert.equal(new Set(pin.tags).size, pin.tags.length);
    assert.equal(pin.boardId, `${pin.creatorId}-${category.slug}`);
    assert.equal(pin.imageUrl, `/demo/images/${pin.id}.png`);
    assert.equal(pin.moderation, 'approved');
    assert.equal(pin.promoted, false);
    assert.ok(pin.title.length > 5 && !pin.title.includes('{'), pin.title);
    assert.ok(pin.description.length > 10 && !pin.description.includes('{'), pin.description);
    const creator = creators.get(pin.creatorId);
    assert.ok(creator, pin.creatorId);
    assert.ok(pin.createdAt >= creator.createdAt && pin.createdAt >= NOW - 90 * DAY && pin.createdAt < NOW);
    assert.ok(w.truth.creators.get(pin.creatorId)!.categories.includes(truth.category), 'a pin is in one of its creator’s categories');
  }
  assert.ok(new Set(w.pins.map((p) => p.title)).size > 0.6 * w.pins.length, 'titles are varied');
  assert.ok(new Set(w.pins.map((p) => p.boardId)).size < w.pins.length, 'boards hold several pins');
  const fresh = w.pins.filter((p) => p.createdAt >= NOW - 2 * DAY).length;
  assert.ok(fresh > 0.03 * w.pins.length, `${fresh} pins from the last 2 days`);
});

test('creators: 1-3 categories, quality in 0..1, some joined in the last week', () => {
  const w = smallWorld();
  for (const c of w.creators) {
    const t = w.truth.creators.get(c.id)!;
    assert.ok(t.categories.length >= 1 && t.categories.length <= 3);
    assert.ok(t.quality > 0 && t.quality < 1);
    assert.ok(c.createdAt >= NOW - 366 * DAY && c.createdAt < NOW);
    assert.ok(c.name && c.name.length > 3);
  }
  const big = generateDemoWorld({ ...TINY, creators: 1000, pins: 1000, events: 0 });
  const recent = big.creators.filter((c) => c.createdAt >= NOW - 7 * DAY).length;
  assert.ok(recent >= 20 && recent <= 100, `${recent} new creators`);
});

test('every event names an existing user and pin, inside the window, after both existed', () => {
  const w = smallWorld();
  const users = new Map(w.users.map((u) => [u.id, u]));
  const pins = new Map(w.pins.map((p) => [p.id, p]));
  const start = NOW - 30 * DAY;
  let previous = -Infinity;
  for (const e of w.events) {
    const user = users.get(e.userId);
    assert.ok(user, e.userId);
    assert.ok(e.timestamp >= start && e.timestamp < NOW, `${e.id} at ${e.timestamp}`);
    assert.ok(e.timestamp >= user.createdAt, `${e.id} before its user signed up`);
    assert.ok(e.timestamp >= previous, 'events are in time order');
    previous = e.timestamp;
    assert.ok(e.requestId, `${e.id} has a request id`);
    if (PIN_EVENT_TYPES.has(e.type)) {
      const pin = pins.get(e.pinId ?? '');
      assert.ok(pin, `${e.id} names pin ${e.pinId}`);
      assert.ok(e.timestamp >= pin.createdAt, `${e.id} before its pin existed`);
      assert.ok(e.surface === 'home' || e.surface === 'search');
    } else {
      assert.equal(e.type, 'search');
      assert.equal(e.pinId, undefined);
      assert.ok(e.query && e.query.split(' ').every((word) => CATEGORIES.some((c) => c.tags.includes(word))), e.query);
    }
    if (e.type === 'dwell') assert.ok(e.value !== undefined && e.value >= 300, `dwell ${e.value}`);
    if (e.type === 'conversion') assert.ok(e.value !== undefined && e.value > 0);
  }
});

test('within a request, time increases and engagement follows its impression', () => {
  const w = smallWorld();
  const last = new Map<string, number>();
  const impressed = new Set<string>();
  const closedUp = new Set<string>();
  const saved = new Set<string>();
  let saves = 0;
  let savesAfterCloseup = 0;
  for (const e of w.events) {
    const request = e.requestId!;
    assert.ok(e.timestamp > (last.get(request) ?? -Infinity), `${e.id} goes back in time within ${request}`);
    last.set(request, e.timestamp);
    const key = `${request}/${e.pinId}`;
    if (e.type === 'impression') impressed.add(key);
    else if (e.type !== 'search') assert.ok(impressed.has(key), `${e.type} ${e.id} without an impression`);
    if (e.type === 'closeup') closedUp.add(key);
    if (e.type === 'dwell') assert.ok(closedUp.has(key), 'dwell follows a closeup');
    if (e.type === 'save') {
      saves++;
      if (closedUp.has(key)) savesAfterCloseup++;
      saved.add(key);
    }
    if (e.type === 'conversion') assert.ok(saved.has(key), 'conversion follows a save');
  }
  assert.ok(savesAfterCloseup > 0.8 * saves, `${savesAfterCloseup} of ${saves} saves after a closeup`);
});

test('options are validated with the field named', () => {
  assert.throws(() => resolveDemoOptions({ now: NOW, users: 0 }), /users/);
  assert.throws(() => resolveDemoOptions({ now: NOW, pins: 5, creators: 10 }), /pins/);
  assert.throws(() => resolveDemoOptions({ now: NOW, days: -1 }), /days/);
  assert.throws(() => resolveDemoOptions({ now: Number.NaN }), /now/);
  assert.throws(() => resolveDemoOptions({ now: NOW, seed: 1.5 }), /seed/);
  assert.deepEqual(resolveDemoOptions({ now: NOW }), { now: NOW, seed: 42, users: 2000, creators: 1000, pins: 20000, events: 300000, days: 30 });
});
