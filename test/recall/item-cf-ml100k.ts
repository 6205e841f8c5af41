/** The CF channels' real-data check, shared by item-cf and user-cf tests: ML-100k, leave-last-out, against popular. */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { leaveLastOut, type InteractionRecord, type Split } from '../../src/eval/splits.js';
import { readMl100kRatings } from '../../src/importers/datasets/movielens-100k.js';
import { Interactions } from '../../src/recall/interactions.js';
import { channelSpec } from '../../src/recall/registry.js';
import { requireDataset } from '../helpers/env.js';

let loaded: Promise<{ split: Split; train: Interactions; now: number }> | undefined;

async function load(dir: string): Promise<{ split: Split; train: Interactions; now: number }> {
  const records: InteractionRecord[] = [];
  for await (const r of readMl100kRatings(dir)) {
    records.push({ userId: String(r.user), pinId: String(r.item), weight: 1, timestamp: r.timestamp * 1000 });
  }
  const split = leaveLastOut(records);
  const now = records.reduce((t, r) => Math.max(t, r.timestamp), 0);
  return { split, train: Interactions.fromRecords(split.train), now };
}

/** Fits `name` and popular with their registered defaults and checks that `name` has the higher NDCG@10. */
export async function beatsPopular(t: TestContext, name: string): Promise<void> {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const { split, train, now } = await (loaded ??= load(dir));
  const ndcg: Record<string, number> = {};
  for (const channelName of [name, 'popular']) {
    const spec = channelSpec(channelName);
    const channel = spec.create(spec.defaults);
    await channel.fit(train, { now });
    const result = evaluateRecall(channel, train, split.test, { ks: [10], now });
    assert.equal(result.users, 943);
    ndcg[channelName] = result.metrics['NDCG@10']!;
  }
  t.diagnostic(`ML-100k leave-last-out NDCG@10: ${name} ${ndcg[name]!.toFixed(4)}, popular ${ndcg['popular']!.toFixed(4)}`);
  assert.ok(ndcg[name]! > ndcg['popular']!, JSON.stringify(ndcg));
}
