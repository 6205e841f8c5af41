/** A model set trains channels in dependency order and serves the same after a save and a load. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { EngagementAggregates } from '../../src/features/aggregates.js';
import { fitChannels, inDependencyOrder } from '../../src/recall/fit.js';
import { Interactions } from '../../src/recall/interactions.js';
import { loadModelSet, saveModelSet } from '../../src/recall/model-set.js';
import type { RecallContext } from '../../src/recall/types.js';
import { miniEvents, miniPins, NOW } from '../helpers/mini-world.js';

const config = () =>
  loadConfig({
    env: {},
    cwd: os.tmpdir(),
    overrides: { training: { channels: { ials: { factors: 8, iterations: 5 } } } },
  });

test('dependencies come before the channels built on them, each once', () => {
  assert.deepEqual(inDependencyOrder(['vector', 'popular', 'ials'], config()), ['ials', 'vector', 'popular']);
});

test('vector recall built on iALS answers the same after save and load', async () => {
  const c = config();
  const data = Interactions.fromEvents(miniEvents().map((e, seq) => ({ ...e, seq })), { weights: c.training.eventWeights, dwellThresholdMs: 5000 });
  const { channels, fitSeconds } = await fitChannels(['vector'], data, c, { now: NOW, catalog: miniPins() });
  assert.deepEqual([...channels.keys()], ['ials', 'vector']);
  assert.ok(fitSeconds.vector! >= 0);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-set-'));
  const info = { trainedAt: NOW, eventSeq: 1, users: data.userCount, pins: data.itemCount, interactions: data.nnz, fitSeconds };
  await saveModelSet(dataDir, { info, channels, aggregates: new EngagementAggregates() });
  const loaded = (await loadModelSet(dataDir, c))!;

  const context: RecallContext = {
    userId: 'a-user-3',
    now: NOW,
    history: ['a3', 'a4', 'a5'].map((pinId) => ({ pinId, weight: 4, timestamp: NOW })),
    exclude: new Set(),
  };
  const fresh = channels.get('vector')!.recall(context, 10);
  assert.equal(fresh.length, 10);
  assert.ok(fresh.filter((c) => c.pinId.startsWith('a')).length >= 8, 'vector recall stays in the taste group');
  assert.deepEqual(loaded.channels.get('vector')!.recall(context, 10), fresh);
  assert.deepEqual(loaded.channels.get('vector')!.similarItems!('a3', 5), channels.get('vector')!.similarItems!('a3', 5));
});
