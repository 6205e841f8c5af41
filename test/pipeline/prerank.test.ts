/** The pre-rank stage over a real iALS model of the mini world: what it keeps, and what it does with what the model cannot place. */
import assert from 'node:assert/strict';
import os from 'node:os';
import { before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { dot } from '../../src/math/linalg.js';
import { Engine } from '../../src/pipeline/engine.js';
import { byRecallRank, EmbeddingPreRanker } from '../../src/pipeline/prerank.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';
import { Interactions } from '../../src/recall/interactions.js';
import { IalsChannel } from '../../src/recall/ials.js';
import { createChannel } from '../../src/recall/registry.js';
import { openStore } from '../../src/store/open.js';
import { miniEvents, miniPins, NOW } from '../helpers/mini-world.js';
import { tempDataDir } from '../helpers/server.js';

const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels: { ials: { factors: 8, iterations: 8 } } } } });

/** Nobody in the mini world engaged with pins 27-29 of either group: iALS gives them zero vectors. */
const NEVER_ENGAGED = ['a27', 'a28', 'a29', 'b27', 'b28', 'b29'];

/** Candidates for every mini-world pin plus `extra` unknown ones; channel ranks follow the pin number. */
function candidates(extra: string[] = []): Candidate[] {
  return [...miniPins().map((p) => p.id), ...extra].map((pinId, i) => ({
    pinId,
    score: 0,
    sources: [{ channel: 'popular', score: 1, rank: i % 30 }],
  }));
}

const kitchenSaver: FeedContext = {
  userId: 'a-user-3',
  now: NOW,
  history: ['a3', 'a4', 'a5', 'a6'].map((pinId) => ({ pinId, weight: 4, timestamp: NOW, action: 'save' as const })),
  exclude: new Set(),
  pins: new Map(),
};

describe('embedding pre-ranker', () => {
  let ials: IalsChannel;
  before(async () => {
    ials = createChannel('ials', config) as IalsChannel;
    const data = Interactions.fromEvents(miniEvents().map((e, seq) => ({ ...e, seq })), { weights: config.training.eventWeights, dwellThresholdMs: 5000 }, [
      ...miniPins().map((p) => p.id),
      'never-engaged',
    ]);
    await ials.fit(data, { now: NOW });
  });

  test('keeps the `keep` candidates with the highest dot product with the user', () => {
    const preRanker = new EmbeddingPreRanker('ials', ials, 10);
    const all = candidates().filter((c) => !NEVER_ENGAGED.includes(c.pinId));
    const kept = preRanker.select(kitchenSaver, all);
    assert.equal(kept.length, 10);
    const user = ials.userEmbedding(kitchenSaver)!;
    const { ids, vectors } = ials.pinEmbeddings();
    const d = ials.dimensions;
    const score = (pinId: string) => dot(d, user, 0, vectors, ids.indexOf(pinId) * d);
    const expected = all
      .map((c) => c.pinId)
      .sort((a, b) => score(b) - score(a))
      .slice(0, 10);
    assert.deepEqual(kept.map((c) => c.pinId), expected, 'best first');
    assert.ok(kept.every((c) => c.pinId.startsWith('a')), `a kitchen saver keeps kitchen pins: ${kept.map((c) => c.pinId).join(',')}`);
  });

  test('pins the model cannot place pass through on top of the kept ones', () => {
    const preRanker = new EmbeddingPreRanker('ials', ials, 10);
    // Zero vectors (never engaged), and pins the model has never heard of (added after training).
    assert.equal(preRanker.placeable, miniPins().length - NEVER_ENGAGED.length);
    const kept = preRanker.select(kitchenSaver, candidates(['never-engaged', 'added-later']));
    assert.equal(kept.length, 10 + NEVER_ENGAGED.length + 2);
    assert.deepEqual(kept.slice(10).map((c) => c.pinId), [...NEVER_ENGAGED, 'never-engaged', 'added-later']);
  });

  test('a user the model cannot place keeps the candidates recall ranked highest', () => {
    const preRanker = new EmbeddingPreRanker('ials', ials, 5);
    const stranger: FeedContext = { ...kitchenSaver, userId: 'stranger', history: [] };
    assert.equal(ials.userEmbedding(stranger), undefined);
    const all = candidates();
    all[40]!.sources.push({ channel: 'user-cf', score: 1, rank: 0 }); // b10: rank 0 twice, found by two channels
    const kept = preRanker.select(stranger, all);
    assert.deepEqual(
      kept.map((c) => c.pinId),
      ['b10', 'a0', 'b0', 'a1', 'b1'],
    );
    assert.deepEqual(kept, byRecallRank(all).slice(0, 5));
  });

  test('with no more candidates than `keep`, every candidate stays', () => {
    const preRanker = new EmbeddingPreRanker('ials', ials, 500);
    const all = candidates();
    assert.equal(preRanker.select(kitchenSaver, all), all);
  });
});

test('a pre-rank model without embeddings stops the engine at start with the field named', () => {
  const bad = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir: tempDataDir(), feed: { preRank: { model: 'popular', keep: 100 } } } });
  assert.throws(() => new Engine(openStore(bad), bad), (e: Error) => e instanceof ConfigError && /^feed\.preRank\.model: channel "popular"/.test(e.message));
  const unknown = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { dataDir: tempDataDir(), feed: { preRank: { model: 'nope', keep: 100 } } } });
  assert.throws(() => new Engine(openStore(unknown), unknown), /unknown recall channel "nope"/);
});
