/**
 * The mechanics of the named protocols on the real datasets: what they read,
 * how they split, what can and cannot be reached. Channels fitted here are
 * the cheap ones; the figures themselves live in docs/benchmarks.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { evaluateRecall } from '../../../src/eval/evaluate.js';
import { citeulikeCold, citeulikeSplit, citeulikeValidation, COLD_SHARE, loadCiteulike, onlyAmong } from '../../../src/eval/protocols/citeulike-cold.js';
import { fitChannels } from '../../../src/recall/fit.js';
import { Interactions } from '../../../src/recall/interactions.js';
import { datasetsDir, requireDataset } from '../../helpers/env.js';

const config = loadConfig({ env: {}, cwd: '/', overrides: {} });
test('citeulike-cold: 20% of articles held out entirely; CF reaches none of them, content does', async (t) => {
  const dir = requireDataset(t, 'citeulike-t');
  if (!dir) return;
  const { records, catalog } = await loadCiteulike(dir);
  const split = citeulikeSplit(records);
  const articles = new Set(records.map((r) => r.pinId));
  assert.equal(split.items.size, Math.round(COLD_SHARE * articles.size));
  assert.ok(split.train.every((r) => !split.items.has(r.pinId)), 'no save of a held-out article is in train');
  let held = 0;
  for (const pins of split.test.values()) for (const pin of pins) (assert.ok(split.items.has(pin)), held++);
  assert.equal(held + split.train.length, records.length, 'every save is in train or test (the file has no repeats)');

  const train = Interactions.fromRecords(split.train);
  const now = Math.max(...split.train.map((r) => r.timestamp));
  const { channels } = await fitChannels(['popular', 'item-cf', 'content'], train, config, { now, catalog });
  const [popular, itemCf, content] = onlyAmong([channels.get('popular')!, channels.get('item-cf')!, channels.get('content')!], catalog, split.items);
  // A sample of users keeps the test quick; CF must be exactly 0 for all of them.
  const sample = new Map([...split.test].slice(0, 600));
  for (const channel of [popular!, itemCf!]) {
    const result = evaluateRecall(channel, train, sample, { ks: [100], now });
    assert.equal(result.metrics['Recall@100'], 0, `${channel.name} cannot reach a cold article`);
    assert.ok(result.users > 500);
  }
  const byText = evaluateRecall(content!, train, sample, { ks: [50, 100], now });
  t.diagnostic(`content Recall@50 ${byText.metrics['Recall@50']!.toFixed(4)}, Recall@100 ${byText.metrics['Recall@100']!.toFixed(4)} on ${byText.users} users`);
  assert.ok(byText.metrics['Recall@100']! > 0.05, `content Recall@100 ${byText.metrics['Recall@100']}`);
});

test('citeulike-cold: tuning validates on training articles held out and ranked among themselves, never on the test articles', async (t) => {
  if (!requireDataset(t, 'citeulike-t')) return;
  const tuning = await citeulikeCold.tuningData!({ config, datasetsDir });
  const { records, catalog } = await loadCiteulike(`${datasetsDir}/citeulike-t`);
  const split = citeulikeSplit(records);
  assert.deepEqual(tuning.records, split.train);
  const validation = tuning.validation;
  assert.ok(typeof validation === 'object', 'a split of its own');
  const inner = citeulikeValidation(split.train);
  assert.deepEqual(validation.train, inner.train);
  assert.deepEqual(validation.test, inner.test);
  for (const pins of validation.test.values()) for (const pin of pins) assert.ok(inner.items.has(pin) && !split.items.has(pin));
  // The channel scored in each trial ranks only the validation articles.
  const train = Interactions.fromRecords(inner.train);
  const now = Math.max(...inner.train.map((r) => r.timestamp));
  const { channels } = await fitChannels(['content'], train, config, { now, catalog });
  const restricted = validation.restrict!(channels.get('content')!);
  const [userId] = validation.test.keys();
  const context = { userId: userId!, now, history: train.history(userId!), exclude: new Set(train.history(userId!).map((h) => h.pinId)) };
  const list = restricted.recall(context, 50);
  assert.ok(list.length > 0 && list.every((c) => inner.items.has(c.pinId)));
});
