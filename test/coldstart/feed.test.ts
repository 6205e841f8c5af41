/** Cold start through the real engine: the feed pipeline with the cold-start and exploration channels. */
import assert from 'node:assert/strict';
import os from 'node:os';
import { before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { generateDemoWorld, type DemoWorld } from '../../src/demo/world.js';
import type { Event } from '../../src/domain/types.js';
import { Engine, type FeedItem } from '../../src/pipeline/engine.js';
import { saveModelSet, trainModelSet } from '../../src/recall/model-set.js';
import { openStore } from '../../src/store/open.js';
import { miniEvents, miniPins, NOW } from '../helpers/mini-world.js';
import { tempDataDir } from '../helpers/server.js';

const DAY = 86_400_000;
const categoryOf = (item: FeedItem) => item.pin.tags[0]!;
const categories = (items: readonly FeedItem[]) => new Set(items.map(categoryOf));

function newEngine(): Engine {
  const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir: tempDataDir() } });
  return new Engine(openStore(config), config);
}

async function allItems(engine: Engine, userId: string, now: number): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await engine.feed(userId, { limit: 50, now, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('cold start in the home feed', () => {
  // Trained at the world's own clock, so exploration finds the pins new then; every run is the same.
  const now = Date.UTC(2026, 0, 15);
  let world: DemoWorld;
  let engine: Engine;
  before(async () => {
    world = generateDemoWorld({ now, seed: 11, users: 300, creators: 100, pins: 2000, events: 30_000 });
    engine = newEngine();
    await engine.store.creators.upsertMany(world.creators);
    await engine.store.users.upsertMany(world.users);
    await engine.store.pins.upsertMany(world.pins);
    await engine.store.events.append(world.events);
    await saveModelSet(engine.config.dataDir, await trainModelSet(engine.store, engine.config, undefined, { now }));
    assert.equal(await engine.loadModels(), true);
  });

  test('a user nothing is known about gets a full, diverse, popular and fresh first page', async () => {
    const page = await engine.feed('somebody-new', { limit: 25, now });
    assert.equal(page.items.length, 25);
    assert.ok(categories(page.items).size >= 6, `${categories(page.items).size} categories: ${[...categories(page.items)]}`);
    assert.ok(page.items.some((i) => i.sources.includes('cold-start')), 'the cold-start channel serves');
    assert.ok(page.items.filter((i) => i.sources.includes('popular')).length >= 5, 'popular pins are there');
    assert.ok(page.items.some((i) => now - i.pin.createdAt < 3 * DAY), 'and fresh ones');
  });

  // TODO (issue 5): with the ranker as the rank stage, a user's first saves reach the ranking only through
  // features frozen at training time, so the liked category does not rise until the ranker reads the
  // streaming features. Runs and reports, but does not fail the suite, until then.
  test('a new user’s declared interest shows on the first page, and their first saves move the next one', { todo: 'first saves move the next page once the ranker reads streaming features (issue 5)' }, async () => {
    const declared = 'tattoos';
    await engine.store.users.upsertMany([{ id: 'newcomer', createdAt: now, interests: [declared] }]);
    const first = await engine.feed('newcomer', { limit: 25, now });
    const baseline = await engine.feed('somebody-else', { limit: 25, now });
    const count = (items: readonly FeedItem[], category: string) => items.filter((i) => categoryOf(i) === category).length;
    assert.ok(count(first.items, declared) >= 3 && count(first.items, declared) > count(baseline.items, declared), `${count(first.items, declared)} ${declared} pins`);

    // Two saves of another category, the rest of the page seen without engagement.
    const liked = first.items.find((i) => categoryOf(i) !== declared)!;
    const likedCategory = categoryOf(liked);
    const sameCategory = world.pins.filter((p) => p.tags[0] === likedCategory && p.id !== liked.pinId).slice(0, 1);
    const events: Event[] = first.items.map((i, position) => ({ id: `imp-${i.pinId}`, userId: 'newcomer', pinId: i.pinId, type: 'impression', position, timestamp: now + 1 }));
    for (const pinId of [liked.pinId, sameCategory[0]!.id]) events.push({ id: `save-${pinId}`, userId: 'newcomer', pinId, type: 'save', timestamp: now + 2 });
    await engine.store.events.append(events);
    engine.invalidateUser('newcomer');
    const next = await engine.feed('newcomer', { limit: 25, now: now + 3 });
    // Diversity re-ranking keeps any category to a few pins a page; the liked one moves to the top.
    const top = (items: readonly FeedItem[]) => count(items.slice(0, 6), likedCategory);
    assert.ok(top(next.items) >= 3 && top(next.items) > top(first.items), `${likedCategory} in the top 6: ${top(first.items)} then ${top(next.items)}`);
    assert.ok(count(next.items, likedCategory) >= count(first.items, likedCategory));
    assert.ok(!next.items.some((i) => first.items.some((f) => f.pinId === i.pinId)), 'what was just seen is not shown again');
  });

  test('new pins get their share of the feed and no more', async () => {
    const items = await allItems(engine, world.users[5]!.id, now);
    const explored = items.filter((i) => i.sources.length === 1 && i.sources[0] === 'explore');
    assert.ok(explored.length >= 1, 'some new pins are explored');
    assert.ok(explored.length <= Math.floor(items.length * 0.05) + 1, `${explored.length} explored of ${items.length}`);
    const firstPin = (creatorId: string) => Math.min(...world.pins.filter((p) => p.creatorId === creatorId).map((p) => p.createdAt));
    for (const i of explored) assert.ok(now - i.pin.createdAt < 3 * DAY || now - firstPin(i.pin.creatorId) < 14 * DAY, `${i.pinId} is neither new nor by a new creator`);
  });
});

test('a catalogue without a single event still gives a full, diverse and fresh feed', async () => {
  const now = Date.now();
  const world = generateDemoWorld({ now, seed: 5, users: 10, creators: 40, pins: 400, events: 0 });
  const engine = newEngine();
  await engine.store.pins.upsertMany(world.pins);
  await engine.train();
  const page = await engine.feed('first-visitor', { limit: 25, now });
  assert.equal(page.items.length, 25);
  assert.ok(categories(page.items).size >= 8, `${categories(page.items).size} categories`);
  const newest = [...world.pins].sort((a, b) => b.createdAt - a.createdAt)[50]!.createdAt;
  assert.ok(page.items.filter((i) => i.pin.createdAt >= newest).length >= 10, 'mostly among the newest pins');
});

test('a model set trained before the cold-start channels existed still serves the feed', async () => {
  const dataDir = tempDataDir();
  const off = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir, coldStart: { users: { quota: 0 }, exploration: { share: 0 } } } });
  const old = new Engine(openStore(off), off);
  await old.store.pins.upsertMany(miniPins());
  await old.store.events.append(miniEvents());
  const set = await old.train();
  assert.ok(!set.channels.has('cold-start') && !set.channels.has('explore'));
  await old.store.close();
  const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir } });
  const engine = new Engine(openStore(config), config);
  assert.equal(await engine.loadModels(), true);
  const page = await engine.feed('a-user-1', { limit: 10, now: NOW });
  assert.equal(page.items.length, 10);
  assert.ok(page.items.every((i) => !i.sources.includes('cold-start')));
});
