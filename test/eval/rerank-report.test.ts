/** Re-ranking, measured end to end on a small demo world: more diverse pages, creator exposure spread wider. */
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { rerankReport } from '../../src/eval/rerank-report.js';
import { smallWorld } from '../demo/fixture.js';

test('re-ranking raises intra-list diversity and categories per page and lowers the Gini of creator exposure', async () => {
  const world = smallWorld();
  const config = loadConfig({
    env: {},
    cwd: os.tmpdir(),
    overrides: { feed: { channels: [{ name: 'item-cf', quota: 200, weight: 1 }, { name: 'popular', quota: 200, weight: 0.4 }] } },
  });
  const events = world.events.map((e, i) => ({ ...e, seq: i + 1 }));
  const r = await rerankReport(events, world.pins, config, { trainShare: 0.9, users: 80, k: 20, seed: 3 });
  assert.ok(r.users >= 50, `${r.users} users`);
  assert.ok(r.after.ild > r.before.ild, `ILD ${r.before.ild} → ${r.after.ild}`);
  assert.ok(r.after.categoriesPerPage > r.before.categoriesPerPage);
  assert.ok(r.after.creatorGini < r.before.creatorGini, `creator Gini ${r.before.creatorGini} → ${r.after.creatorGini}`);
  assert.ok(Number.isFinite(r.engagementCost) && r.engagementCost <= 1);
  for (const m of [r.before, r.after]) assert.ok(m.hitRate >= 0 && m.hitRate <= 1 && m.ndcg <= m.hitRate + 1e-12);
});
