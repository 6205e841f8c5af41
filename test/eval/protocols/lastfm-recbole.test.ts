/**
 * The mechanics of the named protocols on the real datasets: what they read,
 * how they split, what can and cannot be reached. Channels fitted here are
 * the cheap ones; the figures themselves live in docs/benchmarks.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { lastfmRecbole, lastfmSplit, loadLastfm } from '../../../src/eval/protocols/lastfm-recbole.js';
import { splitCounts } from '../../../src/eval/splits.js';
import { datasetsDir, requireDataset } from '../../helpers/env.js';

test('lastfm-recbole: each user’s pairs split 80/10/10 at random, the same every time', async (t) => {
  const dir = requireDataset(t, 'lastfm-hetrec');
  if (!dir) return;
  const { records, catalog } = await loadLastfm(dir);
  assert.equal(records.length, 92_834);
  assert.ok(catalog.length >= 17_632);
  const split = lastfmSplit(records);
  const trainOf = new Map<string, Set<string>>();
  for (const r of split.train) {
    let set = trainOf.get(r.userId);
    if (!set) trainOf.set(r.userId, (set = new Set()));
    set.add(r.pinId);
  }
  const pairsOf = new Map<string, number>();
  for (const r of records) pairsOf.set(r.userId, (pairsOf.get(r.userId) ?? 0) + 1);
  assert.equal(pairsOf.size, 1892);
  let train = 0;
  for (const [userId, n] of pairsOf) {
    const parts = [trainOf.get(userId)?.size ?? 0, split.validation.get(userId)?.size ?? 0, split.test.get(userId)?.size ?? 0];
    assert.deepEqual(parts, splitCounts(n, [0.8, 0.1, 0.1]), `user ${userId} with ${n} pairs`);
    const all = new Set([...(trainOf.get(userId) ?? []), ...(split.validation.get(userId) ?? []), ...(split.test.get(userId) ?? [])]);
    assert.equal(all.size, n, 'the three parts are disjoint and cover the user');
    train += parts[0]!;
  }
  assert.ok(Math.abs(train / records.length - 0.8) < 0.01, `train share ${train / records.length}`);
  const again = lastfmSplit(records);
  assert.deepEqual(again.train, split.train);
  assert.deepEqual(again.test, split.test);
  assert.notDeepEqual(lastfmSplit(records, 7).test, split.test, 'the seed matters');
});

test('lastfm-recbole: tuning reads the 80% train part only, never a validation or test pair', async (t) => {
  if (!requireDataset(t, 'lastfm-hetrec')) return;
  const options = { config: loadConfig({ env: {}, cwd: '/', overrides: {} }), datasetsDir };
  const tuning = await lastfmRecbole.tuningData!(options);
  const split = lastfmSplit((await loadLastfm(`${datasetsDir}/lastfm-hetrec`)).records);
  assert.deepEqual(tuning.records, split.train);
  assert.equal(tuning.validation, 'random');
  const heldOut = new Set<string>();
  for (const part of [split.validation, split.test]) for (const [userId, pins] of part) for (const pin of pins) heldOut.add(`${userId}\t${pin}`);
  assert.ok(tuning.records.every((r) => !heldOut.has(`${r.userId}\t${r.pinId}`)));
});
