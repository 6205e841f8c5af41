/**
 * The mechanics of the named protocols on the real datasets: what they read,
 * how they split, what can and cannot be reached. Channels fitted here are
 * the cheap ones; the figures themselves live in docs/benchmarks.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNcf, ncfValidation } from '../../../src/eval/protocols/ml1m-ncf.js';
import { requireDataset } from '../../helpers/env.js';

test('ml1m-ncf: 6,040 cases of 1 held-out item + 99 negatives, none of them in the user’s train', async (t) => {
  const dir = requireDataset(t, 'ml-1m');
  if (!dir) return;
  const data = await loadNcf(dir);
  assert.equal(data.train.length, 994_169);
  assert.equal(data.cases.length, 6040);
  const trainOf = new Map<string, Set<string>>();
  for (const r of data.train) {
    let set = trainOf.get(r.userId);
    if (!set) trainOf.set(r.userId, (set = new Set()));
    set.add(r.pinId);
  }
  assert.equal(new Set(data.cases.map((c) => c.userId)).size, 6040);
  let positiveAmongNegatives = 0;
  for (const c of data.cases) {
    assert.equal(new Set(c.negatives).size, 99, `user ${c.userId}`);
    // The published file lists the held-out item among its own negatives for some users: they rank among 99 candidates, as in NCF's code.
    if (c.negatives.includes(c.positive)) positiveAmongNegatives++;
    for (const pin of [c.positive, ...c.negatives]) assert.ok(!trainOf.get(c.userId)!.has(pin), `user ${c.userId}: ${pin} is in train`);
  }
  assert.equal(positiveAmongNegatives, 156);
  // Items are movies the content channel can read.
  const catalog = new Set(data.catalog.map((p) => p.id));
  assert.ok(data.catalog.length > 3600 && data.catalog.every((p) => p.title !== ''), `${data.catalog.length} movies`);
  assert.ok(data.cases.every((c) => catalog.has(c.positive)));

  const validation = ncfValidation(data);
  assert.equal(validation.cases.length, 6040, 'every NCF user has 2+ training items');
  assert.equal(validation.train.length, data.train.length - 6040);
  const testOf = new Map(data.cases.map((c) => [c.userId, c.positive]));
  for (const c of validation.cases) {
    const seen = trainOf.get(c.userId)!;
    assert.ok(seen.has(c.positive), 'the validation item comes from train');
    assert.equal(new Set(c.negatives).size, 99);
    assert.ok(c.negatives.every((p) => !seen.has(p) && p !== testOf.get(c.userId)), 'validation negatives are unseen and not the test item');
  }
  assert.deepEqual(ncfValidation(data).cases.slice(0, 20), validation.cases.slice(0, 20), 'seeded');
});
