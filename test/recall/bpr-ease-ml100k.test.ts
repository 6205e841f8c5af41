import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { leaveLastOut, type InteractionRecord } from '../../src/eval/splits.js';
import { readMl100kRatings } from '../../src/importers/datasets/movielens-100k.js';
import { BPR_DEFAULTS, BprChannel } from '../../src/recall/bpr.js';
import { EASE_DEFAULTS, EaseChannel } from '../../src/recall/ease.js';
import { Interactions } from '../../src/recall/interactions.js';
import { POPULAR_DEFAULTS, PopularChannel } from '../../src/recall/popular.js';
import type { RecallChannel } from '../../src/recall/types.js';
import { requireDataset } from '../helpers/env.js';

test('ML-100k leave-last-out: BPR and EASE both beat popular on NDCG@10', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const records: InteractionRecord[] = [];
  for await (const r of readMl100kRatings(dir)) {
    records.push({ userId: String(r.user), pinId: String(r.item), weight: 1, timestamp: r.timestamp * 1000 });
  }
  const split = leaveLastOut(records);
  const train = Interactions.fromRecords(split.train);
  const now = Math.max(...split.train.map((r) => r.timestamp));
  const ndcg = async (channel: RecallChannel): Promise<number> => {
    await channel.fit(train, { now });
    const result = evaluateRecall(channel, train, split.test, { ks: [10], now });
    assert.equal(result.users, 943);
    return result.metrics['NDCG@10']!;
  };
  const popular = await ndcg(new PopularChannel(POPULAR_DEFAULTS));
  const bpr = await ndcg(new BprChannel(BPR_DEFAULTS));
  const ease = await ndcg(new EaseChannel(EASE_DEFAULTS));
  t.diagnostic(`NDCG@10 popular ${popular.toFixed(4)}, bpr ${bpr.toFixed(4)}, ease ${ease.toFixed(4)}`);
  assert.ok(bpr > popular * 1.2, `bpr ${bpr} vs popular ${popular}`);
  assert.ok(ease > popular * 1.2, `ease ${ease} vs popular ${popular}`);
});
