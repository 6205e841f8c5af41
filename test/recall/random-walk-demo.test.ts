import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { temporalSplit, type InteractionRecord } from '../../src/eval/splits.js';
import { Interactions, eventWeight } from '../../src/recall/interactions.js';
import { createChannel } from '../../src/recall/registry.js';
import { smallWorld } from '../demo/fixture.js';

test('random-walk beats popularity on NDCG@10 in a temporal split of the demo world', async (t) => {
  const world = smallWorld();
  const config = loadConfig({ env: {}, cwd: '/', overrides: {} });
  const { eventWeights: weights, dwellThresholdMs } = config.training;
  const records: InteractionRecord[] = [];
  for (const e of world.events) {
    const weight = eventWeight(e, { weights, dwellThresholdMs });
    if (weight > 0 && e.pinId !== undefined) records.push({ userId: e.userId, pinId: e.pinId, weight, timestamp: e.timestamp });
  }
  const split = temporalSplit(records, { quantile: 0.8 });
  const train = Interactions.fromRecords(split.train, world.pins.map((p) => p.id));
  const ndcg: Record<string, number> = {};
  for (const name of ['popular', 'random-walk']) {
    const channel = createChannel(name, config);
    await channel.fit(train, { now: split.cutTime, catalog: world.pins });
    const result = evaluateRecall(channel, train, split.test, { ks: [10, 100], now: split.cutTime });
    ndcg[name] = result.metrics['NDCG@10']!;
    t.diagnostic(`${name}: NDCG@10 ${ndcg[name]!.toFixed(4)}, Recall@100 ${result.metrics['Recall@100']!.toFixed(4)} over ${result.users} users`);
    assert.ok(result.users > 50, `${result.users} users`);
  }
  assert.ok(ndcg['random-walk']! > ndcg.popular!, JSON.stringify(ndcg));
});
