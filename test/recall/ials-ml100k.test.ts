import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { leaveLastOut, type InteractionRecord } from '../../src/eval/splits.js';
import { readMl100kRatingBatches } from '../../src/importers/datasets/movielens-100k.js';
import { IALS_DEFAULTS, IalsChannel } from '../../src/recall/ials.js';
import { Interactions } from '../../src/recall/interactions.js';
import { POPULAR_DEFAULTS, PopularChannel } from '../../src/recall/popular.js';
import { requireDataset } from '../helpers/env.js';

test('ML-100k leave-last-out: iALS beats the popular channel on NDCG@10', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const records: InteractionRecord[] = [];
  for await (const batch of readMl100kRatingBatches(dir)) {
    for (const r of batch) records.push({ userId: `u${r.user}`, pinId: `m${r.item}`, weight: 1, timestamp: r.timestamp * 1000 });
  }
  const split = leaveLastOut(records);
  const train = Interactions.fromRecords(split.train);
  const now = split.train.reduce((m, r) => Math.max(m, r.timestamp), 0);
  const ials = new IalsChannel({ ...IALS_DEFAULTS, threads: 1 });
  await ials.fit(train, { now });
  const popular = new PopularChannel(POPULAR_DEFAULTS);
  popular.fit(train, { now });
  const options = { ks: [10], now };
  const a = evaluateRecall(ials, train, split.test, options);
  const p = evaluateRecall(popular, train, split.test, options);
  const [ndcgIals, ndcgPopular] = [a.metrics['NDCG@10']!, p.metrics['NDCG@10']!];
  t.diagnostic(`NDCG@10 ials ${ndcgIals.toFixed(4)}, popular ${ndcgPopular.toFixed(4)}; HR@10 ${a.metrics['HR@10']!.toFixed(4)} vs ${p.metrics['HR@10']!.toFixed(4)}`);
  assert.equal(a.users, p.users);
  assert.ok(ndcgIals > 1.2 * ndcgPopular, `iALS ${ndcgIals} vs popular ${ndcgPopular}`);
});
