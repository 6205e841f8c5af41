import assert from 'node:assert/strict';
import os from 'node:os';
import { before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/pipeline/engine.js';
import { openStore } from '../../src/store/open.js';
import { DAY, miniEvents, miniPins, NOW } from '../helpers/mini-world.js';
import { tempDataDir } from '../helpers/server.js';

async function engineWithWorld(feed: Record<string, unknown> = {}) {
  const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir: tempDataDir(), feed } });
  const engine = new Engine(openStore(config), config);
  await engine.store.pins.upsertMany(miniPins());
  await engine.store.events.append(miniEvents());
  await engine.train();
  return engine;
}

async function allPages(engine: Engine, userId: string, limit: number) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await engine.feed(userId, { limit, now: NOW, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('home feed', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWithWorld();
  });

  test('a kitchen saver gets kitchen pins first, explained by what they saved', async () => {
    const page = await engine.feed('a-user-3', { limit: 10, now: NOW });
    assert.equal(page.items.length, 10);
    const ids = page.items.map((i) => i.pinId).join(',');
    // The first screen is all kitchen; diversity may bring one or two travel pins further down.
    assert.ok(page.items.slice(0, 6).every((i) => i.pinId.startsWith('a')), ids);
    assert.ok(page.items.filter((i) => i.pinId.startsWith('a')).length >= 8, ids);
    const personal = page.items.filter((i) => !i.reason.startsWith('Popular'));
    assert.ok(personal.length >= 8, page.items.map((i) => `${i.pinId}: ${i.reason}`).join('; '));
    assert.match(page.items[0]!.reason, /^Because you saved "kitchen idea \d+"$/);
  });

  test('pages never repeat a pin and never show what the user saved', async () => {
    const saved = new Set(miniEvents().filter((e) => e.userId === 'a-user-3' && e.type === 'save').map((e) => e.pinId!));
    const pages = await allPages(engine, 'a-user-3', 7);
    const shown = pages.flatMap((p) => p.items.map((i) => i.pinId));
    assert.equal(new Set(shown).size, shown.length, 'a pin repeated across pages');
    assert.ok(shown.length >= 40, `only ${shown.length} pins in the whole feed`);
    for (const id of shown) assert.ok(!saved.has(id), `saved pin ${id} was shown`);
    assert.deepEqual(shown.map((_, i) => i), pages.flatMap((p) => p.items.map((i) => i.position)));
  });

  test('at most two pins of one creator per page', async () => {
    const pages = await allPages(engine, 'b-user-1', 25);
    for (const page of pages.slice(0, -1)) {
      const perCreator = new Map<string, number>();
      for (const i of page.items) perCreator.set(i.pin.creatorId, (perCreator.get(i.pin.creatorId) ?? 0) + 1);
      assert.ok(Math.max(...perCreator.values()) <= 2, JSON.stringify([...perCreator]));
    }
  });

  test('a hide, and a recent impression, filter the pin from the next feed', async () => {
    const first = await engine.feed('a-user-5', { limit: 5, now: NOW });
    const [top, second] = first.items;
    await engine.store.events.append([
      { id: 'hide-1', userId: 'a-user-5', pinId: top!.pinId, type: 'hide', timestamp: NOW },
      { id: 'seen-1', userId: 'a-user-5', pinId: second!.pinId, type: 'impression', timestamp: NOW - 3600_000 },
    ]);
    engine.invalidateUser('a-user-5');
    const next = await allPages(engine, 'a-user-5', 25);
    const shown = new Set(next.flatMap((p) => p.items.map((i) => i.pinId)));
    assert.ok(!shown.has(top!.pinId), 'hidden pin came back');
    assert.ok(!shown.has(second!.pinId), 'recently seen pin came back');
  });

  test('a first page is served from cache until the user acts or new models go live', async () => {
    const ids = (page: { items: { pinId: string }[] }) => page.items.map((i) => i.pinId);
    const first = await engine.feed('b-user-4', { limit: 5, now: NOW });
    const again = await engine.feed('b-user-4', { limit: 5, now: NOW + 1000 });
    assert.deepEqual(ids(again), ids(first));
    assert.deepEqual(Object.keys(again.timings), ['cached']);
    const later = await engine.feed('b-user-4', { limit: 5, now: NOW + 61_000 });
    assert.ok(!('cached' in later.timings), 'older than cacheSeconds: ranked again');

    await engine.store.events.append([{ id: 'cache-hide', userId: 'b-user-4', pinId: ids(later)[0]!, type: 'hide', timestamp: NOW + 62_000 }]);
    engine.invalidateUser('b-user-4');
    const afterHide = await engine.feed('b-user-4', { limit: 5, now: NOW + 63_000 });
    assert.ok(!('cached' in afterHide.timings));
    assert.ok(!ids(afterHide).includes(ids(later)[0]!), 'the hidden pin is gone at once');

    await engine.feed('b-user-4', { limit: 5, now: NOW + 64_000 });
    await engine.train();
    const afterTraining = await engine.feed('b-user-4', { limit: 5, now: NOW + 65_000 });
    assert.ok(!('cached' in afterTraining.timings), 'a new model set ranks again');
  });

  test('an unknown user gets a popular feed, never an empty one', async () => {
    const page = await engine.feed('stranger', { limit: 10, now: NOW });
    assert.equal(page.items.length, 10);
    assert.ok(page.items.every((i) => i.reason.startsWith('Popular in ')));
  });

  test('related pins of a kitchen pin are kitchen pins co-engaged with it', async () => {
    const related = await engine.related('a0', 8);
    assert.equal(related.length, 8);
    assert.ok(related.every((r) => r.pinId !== 'a0'));
    assert.ok(related.filter((r) => r.pinId.startsWith('a')).length >= 7, related.map((r) => r.pinId).join(','));
  });

  test('an old impression does not filter (seen window is configurable)', async () => {
    const e2 = await engineWithWorld({ seenFilterHours: 0 });
    await e2.store.events.append([{ id: 's', userId: 'b-user-2', pinId: 'b1', type: 'impression', timestamp: NOW - 2 * DAY }]);
    const shown = (await allPages(e2, 'b-user-2', 25)).flatMap((p) => p.items.map((i) => i.pinId));
    assert.ok(shown.includes('b1'));
  });
});
