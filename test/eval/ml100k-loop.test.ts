import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { evaluateSampled } from '../../src/eval/evaluate-sampled.js';
import { leaveLastOut, type InteractionRecord } from '../../src/eval/splits.js';
import { Random } from '../../src/math/random.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { ChannelCandidate, RecallChannel } from '../../src/recall/types.js';
import { requireDataset } from '../helpers/env.js';

/** Test-only most-popular channel: users per pin in train, most first. */
function mostPopular(train: Interactions): RecallChannel {
  const count = (i: number) => train.byItem.indptr[i + 1]! - train.byItem.indptr[i]!;
  const order = Array.from({ length: train.itemCount }, (_, i) => i).sort((a, b) => count(b) - count(a) || a - b);
  return {
    name: 'most-popular',
    fit() {},
    recall(context, n) {
      const out: ChannelCandidate[] = [];
      for (const i of order) {
        if (out.length >= n) break;
        const pinId = train.items.id(i);
        if (!context.exclude.has(pinId)) out.push({ pinId, score: count(i) });
      }
      return out;
    },
    save: () => null,
    load() {},
  };
}

test('ML-100k leave-last-out: most-popular lands between random and perfect, quickly', (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const records: InteractionRecord[] = fs
    .readFileSync(path.join(dir, 'u.data'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [user, item, , time] = line.split('\t');
      return { userId: user!, pinId: item!, weight: 1, timestamp: Number(time) * 1000 };
    });
  assert.equal(records.length, 100_000);
  const split = leaveLastOut(records);
  assert.equal(split.test.size, 943);
  const train = Interactions.fromRecords(split.train);
  const full = evaluateRecall(mostPopular(train), train, split.test, { ks: [10, 20], now: Date.UTC(1998, 4, 1) });
  assert.equal(full.users + full.skipped.notInTrain + full.skipped.noRelevant, 943);
  // Random ranking of ~1,600 unseen pins would give HR@10 near 10/1600; popularity does far better, far from perfect.
  const hr = full.metrics['HR@10']!;
  assert.ok(hr > 0.02 && hr < 0.5, `HR@10 ${hr}`);
  assert.ok(full.metrics['NDCG@20']! > full.metrics['NDCG@10']!);
  assert.ok(full.metrics['Coverage@10']! < 0.1, 'most-popular covers few pins');
  assert.ok(full.metrics['Gini@10']! > 0.9, 'and concentrates exposure');
  assert.ok(full.seconds < 5, `${full.seconds} s`);

  // NCF-style: the held-out pin among 99 unseen ones drawn at random.
  const r = new Random(1);
  const catalogue = train.items.toArray();
  const cases = [...split.test].map(([userId, pins]) => {
    const seen = new Set(train.history(userId).map((h) => h.pinId));
    const positive = [...pins][0]!;
    const negatives = new Set<string>();
    while (negatives.size < 99) {
      const pin = r.pick(catalogue);
      if (!seen.has(pin) && pin !== positive) negatives.add(pin);
    }
    return { userId, positive, negatives: [...negatives] };
  });
  const sampled = evaluateSampled(mostPopular(train), train, cases, { ks: [10], now: 0 });
  assert.ok(sampled.metrics['HR@10']! > 0.2 && sampled.metrics['HR@10']! < 0.9, `sampled HR@10 ${sampled.metrics['HR@10']}`);
  assert.ok(sampled.metrics['HR@10']! > hr, 'ranking among 100 is easier than among all');
  t.diagnostic(`most-popular HR@10 full ${hr.toFixed(4)}, sampled ${sampled.metrics['HR@10']!.toFixed(4)}`);
});
