/**
 * The mechanics of the named protocols on the real datasets: what they read,
 * how they split, what can and cannot be reached. Channels fitted here are
 * the cheap ones; the figures themselves live in docs/benchmarks.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DemographicPopularChannel } from '../../../src/eval/demographic-popular.js';
import { evaluateRecall } from '../../../src/eval/evaluate.js';
import { coldStartSplit, loadMl100k, REVEALED } from '../../../src/eval/protocols/ml100k-coldstart-users.js';
import { Interactions } from '../../../src/recall/interactions.js';
import { requireDataset } from '../../helpers/env.js';

test('ml100k-coldstart-users: 20% of users held out, their first k interactions revealed in time order', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const { records, profiles } = await loadMl100k(dir);
  assert.equal(records.length, 100_000);
  assert.equal(profiles.size, 943);
  assert.ok([...profiles.values()].every((p) => p.length === 3 && p[2]!.startsWith('occupation:')));
  const timesOf = new Map<string, Map<string, number>>();
  for (const r of records) {
    let pins = timesOf.get(r.userId);
    if (!pins) timesOf.set(r.userId, (pins = new Map()));
    pins.set(r.pinId, r.timestamp);
  }
  const base = coldStartSplit(records, 0);
  assert.equal(base.users.size, Math.round(0.2 * 943));
  assert.ok(base.train.every((r) => !base.users.has(r.userId)), 'k = 0: nothing of a held-out user is in train');
  for (const k of REVEALED) {
    const split = coldStartSplit(records, k);
    assert.deepEqual(split.users, base.users, 'the same users for every k');
    const revealed = new Map<string, number[]>();
    for (const r of split.train) {
      if (!split.users.has(r.userId)) continue;
      let times = revealed.get(r.userId);
      if (!times) revealed.set(r.userId, (times = []));
      times.push(r.timestamp);
    }
    for (const userId of split.users) {
      const shown = revealed.get(userId) ?? [];
      const rest = [...split.test.get(userId)!].map((pin) => timesOf.get(userId)!.get(pin)!);
      assert.equal(shown.length, k, `user ${userId} at k=${k}`);
      assert.equal(shown.length + rest.length, timesOf.get(userId)!.size);
      assert.ok(Math.max(...shown, -Infinity) <= Math.min(...rest), `user ${userId}: the revealed interactions come first`);
    }
  }
});

test('ml100k-coldstart-users, k = 0: users with no history are recommended to from who they are', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const { records, profiles } = await loadMl100k(dir);
  const split = coldStartSplit(records, 0);
  const train = Interactions.fromRecords(split.train);
  const now = Math.max(...split.train.map((r) => r.timestamp));
  const popular = new DemographicPopularChannel({ profiles: new Map(), name: 'most-popular' });
  const demographic = new DemographicPopularChannel({ profiles });
  for (const c of [popular, demographic]) c.fit(train, { now });

  const skipped = evaluateRecall(demographic, train, split.test, { ks: [10], now });
  assert.equal(skipped.users, 0, 'by default users train does not know are skipped');
  assert.equal(skipped.skipped.notInTrain, split.users.size);
  const results = [popular, demographic].map((c) => evaluateRecall(c, train, split.test, { ks: [10], now, unknownUsers: 'empty-history' }));
  for (const r of results) {
    assert.equal(r.users, split.users.size, `${r.channel} reaches every held-out user`);
    assert.ok(r.metrics['NDCG@10']! > 0.05 && r.metrics['NDCG@10']! < 0.8, `${r.channel} NDCG@10 ${r.metrics['NDCG@10']}`);
  }
  t.diagnostic(results.map((r) => `${r.channel} NDCG@10 ${r.metrics['NDCG@10']!.toFixed(4)} Recall@10 ${r.metrics['Recall@10']!.toFixed(4)}`).join('; '));
});
