/**
 * The home feed as four stages — recall, pre-rank, rank, re-rank — on a small
 * demo world whose event log has impressions: the model set trains a real
 * ranker, saves and loads it with the rest, and the feed is ordered by its
 * utility. Without enough impressions, the feed ranks by channel fusion.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { before, describe, test } from 'node:test';
import { ConfigError, loadConfig, type ConfigOverrides } from '../../src/config.js';
import { seedDemoWorld } from '../../src/demo/seed.js';
import { startServer } from '../../src/server/serve.js';
import { computeFeatures, FEATURES } from '../../src/features/definitions.js';
import { Engine } from '../../src/pipeline/engine.js';
import { RankerScorer } from '../../src/pipeline/ranker-scorer.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';
import { HEADS } from '../../src/rank/heads.js';
import { UTILITY_DEFAULTS, type UtilityWeights } from '../../src/rank/utility.js';
import { loadModelSet, type ModelSet } from '../../src/recall/model-set.js';
import { openStore } from '../../src/store/open.js';
import { NOW, smallWorld } from '../demo/fixture.js';
import { miniEvents, miniPins, NOW as MINI_NOW } from '../helpers/mini-world.js';
import { tempDataDir } from '../helpers/server.js';

/** A small network and few epochs: the stages are under test here, not the ranker's accuracy. */
const SMALL_RANKER = { options: { epochs: 4, bottomUnits: [32, 16], towerUnits: 8, batchSize: 256, learningRate: 0.006 } };
const STAGES = ['recall', 'hydrate', 'filter', 'prerank', 'rank', 'rerank'];

function testConfig(feed: ConfigOverrides['feed'] = {}) {
  return loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir: tempDataDir(), feed: { cacheSeconds: 0, rank: SMALL_RANKER, ...feed } } });
}

/** The world's most active user: a long history, so every personal channel finds pins. */
function activeUser(): string {
  const counts = new Map<string, number>();
  for (const e of smallWorld().events) counts.set(e.userId, (counts.get(e.userId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe('four-stage feed on a demo world with impressions', () => {
  const config = testConfig();
  const logged: string[] = [];
  let engine: Engine;
  let trained: ModelSet;
  const userId = activeUser();

  before(async () => {
    engine = new Engine(openStore(config), config, { log: (m) => logged.push(m) });
    await seedDemoWorld(engine.store, smallWorld());
    trained = await engine.train();
  });

  test('the model set trains the default ranker on the logged impressions', () => {
    const info = trained.info.ranker;
    assert.equal(info?.status, 'trained');
    assert.ok(info.status === 'trained' && info.architecture === 'shared-bottom' && info.examples > 10_000, JSON.stringify(info));
    assert.ok(trained.ranker, 'the set holds the ranker');
    assert.ok(trained.channels.has('ials'), 'the pre-rank model is trained with the set');
    assert.match(logged.join('\n'), /pre-rank by ials \(keep 500\), ranker shared-bottom: /);
  });

  test('a feed runs every stage, scores by the ranker and still explains every pin', async () => {
    const page = await engine.feed(userId, { limit: 25, now: NOW });
    assert.deepEqual(Object.keys(page.timings), STAGES);
    for (const stage of STAGES) assert.ok(page.timings[stage]! >= 0, stage);
    assert.equal(page.items.length, 25);
    for (const item of page.items) {
      assert.deepEqual(Object.keys(item.predictions ?? {}), [...HEADS], `${item.pinId} has every head's prediction`);
      for (const t of ['closeup', 'click', 'save', 'hide'] as const) {
        const p = item.predictions![t]!;
        assert.ok(p > 0 && p < 1, `${item.pinId} p(${t}) = ${p}`);
      }
      assert.ok(item.reason.length > 0, `${item.pinId} has a reason`);
    }
    assert.ok(page.items.filter((i) => !i.reason.startsWith('Popular')).length >= 10, page.items.map((i) => i.reason).join('; '));
  });

  test('over HTTP, feed items carry their predictions and /metrics times and counts every stage', async () => {
    const server = await startServer(engine, { ...config, server: { ...config.server, port: 0, logLevel: 'silent' } });
    try {
      const body = (await (await fetch(`${server.url}/v1/users/${userId}/feed?limit=5`)).json()) as { items: { predictions?: Record<string, number> }[] };
      assert.equal(body.items.length, 5);
      for (const item of body.items) assert.deepEqual(Object.keys(item.predictions ?? {}), [...HEADS]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      for (const stage of ['prerank', 'rank']) {
        assert.match(metrics, new RegExp(`tessera_feed_stage_seconds_count\\{stage="${stage}"\\} 1`));
        assert.match(metrics, new RegExp(`tessera_feed_stage_candidates_count\\{stage="${stage}"\\} 1`));
      }
    } finally {
      await server.close();
    }
  });

  test('the ranker orders candidates by the utility its weights define', async () => {
    const set = (await loadModelSet(config.dataDir, config))!;
    const context: FeedContext = { userId, now: NOW, history: [], exclude: new Set(), pins: new Map(), user: smallWorld().users.find((u) => u.id === userId) };
    const candidates = (): Candidate[] => smallWorld().pins.slice(0, 300).map((pin) => ({ pinId: pin.id, pin, score: 0, sources: [] }));
    const scored = (weights: UtilityWeights) => {
      const list = candidates();
      new RankerScorer(set.ranker!, set.aggregates, weights).score(context, list);
      return list.sort((a, b) => b.score - a.score);
    };
    const none = { closeup: 0, click: 0, save: 0, hide: 0, dwell: 0 };
    const bySave = scored({ ...none, save: 1 });
    const byHide = scored({ ...none, hide: -1 });
    const isSorted = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! >= v);
    assert.ok(isSorted(bySave.map((c) => c.predictions!.save!)), 'save weight alone: by p(save), highest first');
    assert.ok(isSorted(byHide.map((c) => -c.predictions!.hide!)), 'hide weight alone: by p(hide), lowest first');
    assert.notDeepEqual(bySave.slice(0, 20).map((c) => c.pinId), byHide.slice(0, 20).map((c) => c.pinId), 'the weights change the order');

    const w = UTILITY_DEFAULTS;
    for (const c of scored(w)) {
      const p = c.predictions!;
      const expected = w.closeup * p.closeup! + w.click * p.click! + w.save * p.save! + w.hide * p.hide! + w.dwell * p.closeup! * Math.max(0, p.dwell!);
      assert.ok(Math.abs(c.score - expected) < 1e-5, `${c.pinId}: utility ${c.score} vs Σ w·p ${expected}`);
    }
  });

  test('the saved model set loads with the ranker: same predictions, same feed', async () => {
    const loaded = (await loadModelSet(config.dataDir, config))!;
    assert.deepEqual(loaded.info.ranker, trained.info.ranker);
    const pins = smallWorld().pins.slice(0, 50);
    const rows = new Float32Array(pins.length * FEATURES.length);
    pins.forEach((pin, i) =>
      computeFeatures({ userId, pin, now: NOW, position: 0, surface: 'home', aggregates: loaded.aggregates }, rows.subarray(i * FEATURES.length, (i + 1) * FEATURES.length)),
    );
    assert.deepEqual(loaded.ranker!.predict(rows), trained.ranker!.predict(rows));

    const reader = new Engine(openStore(config), config);
    try {
      assert.equal(await reader.loadModels(), true);
      const fresh = await reader.feed(userId, { limit: 25, now: NOW });
      const served = await engine.feed(userId, { limit: 25, now: NOW });
      const view = (p: typeof fresh) => p.items.map((i) => [i.pinId, i.predictions, i.reason]);
      assert.deepEqual(view(fresh), view(served));
    } finally {
      await reader.store.close();
    }
  });
});

describe('without enough impressions the feed ranks by channel fusion', () => {
  async function miniEngine(events: ReturnType<typeof miniEvents>, feed: ConfigOverrides['feed'] = {}) {
    const config = testConfig(feed);
    const logged: string[] = [];
    const engine = new Engine(openStore(config), config, { log: (m) => logged.push(m) });
    await engine.store.pins.upsertMany(miniPins());
    await engine.store.events.append(events);
    const set = await engine.train();
    return { engine, set, logged };
  }

  test('ratings without impressions: no ranker, said at training and when the set goes live; the feed is fused', async () => {
    const { engine, set, logged } = await miniEngine(miniEvents().filter((e) => e.type !== 'impression'));
    assert.deepEqual(set.info.ranker, {
      status: 'skipped',
      reason: '0 impressions of known pins in the event log, fewer than feed.rank.minImpressions (1000)',
      impressions: 0,
    });
    assert.equal(set.ranker, undefined);
    assert.match(logged.join('\n'), /no ranker \(0 impressions .*\): the feed ranks by channel fusion/);
    const page = await engine.feed('a-user-3', { limit: 10, now: MINI_NOW });
    assert.equal(page.items.length, 10);
    assert.ok(page.items.every((i) => i.predictions === undefined), 'fused: no predictions');
    assert.ok('rank' in page.timings && 'prerank' in page.timings);
    assert.match(page.items[0]!.reason, /^Because you saved "kitchen idea \d+"$/);
    await engine.store.close();
  });

  test('the same threshold trains a ranker once it is met', async () => {
    const { engine, set } = await miniEngine(miniEvents(), { rank: { ...SMALL_RANKER, minImpressions: 300 } });
    assert.equal(set.info.ranker?.status, 'trained');
    const page = await engine.feed('a-user-3', { limit: 10, now: MINI_NOW });
    assert.ok(page.items.every((i) => i.predictions !== undefined));
    await engine.store.close();
  });

  test('feed.rank null ranks by fusion whatever the log holds', async () => {
    const { engine, set, logged } = await miniEngine(miniEvents(), { rank: null, preRank: null });
    assert.deepEqual(set.info.ranker, { status: 'skipped', reason: 'feed.rank is null' });
    assert.match(logged.join('\n'), /feed\.rank is null: the feed ranks by channel fusion/);
    const page = await engine.feed('a-user-3', { limit: 10, now: MINI_NOW });
    assert.deepEqual(Object.keys(page.timings), ['recall', 'hydrate', 'filter', 'rank', 'rerank'], 'no pre-rank stage when it is off');
    await engine.store.close();
  });
});

test('bad ranker options stop the engine at start with the field named', () => {
  const config = testConfig({ rank: { options: { levels: 5 } } });
  assert.throws(() => new Engine(openStore(config), config), (e: Error) => e instanceof ConfigError && e.message === 'feed.rank.options/levels: must be <= 2');
  assert.throws(() => testConfig({ rank: { utility: { hide: 2 } } }), /\/feed\/rank\/utility\/hide/);
});
