/** `tessera evaluate --protocol`, end to end, on the smallest public dataset. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI } from '../helpers/process.js';
import { datasetsDir, requireDataset } from '../helpers/env.js';

function tessera(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_LOG_LEVEL: 'warn' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('evaluate --protocol --json prints each table’s rows keyed by channel, the blend and the published figures', (t) => {
  if (!requireDataset(t, 'ml-100k')) return;
  const r = tessera(['evaluate', '--protocol', 'ml100k-coldstart-users', '--channels', 'item-cf,demographic-popular', '--datasets', datasetsDir, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const k of [0, 1, 3, 5, 10]) {
    for (const row of ['item-cf', 'demographic-popular', 'blend']) {
      const metrics = out[`k=${k}/${row}`] as Record<string, number> | undefined;
      assert.ok(metrics && metrics['NDCG@10']! >= 0 && metrics['Recall@10']! <= 1, `k=${k}/${row} in ${Object.keys(out).join(', ')}`);
    }
  }
  assert.equal((out['k=0/item-cf'] as Record<string, number>)['NDCG@10'], 0, 'item-cf has nothing to start from without a history');
  assert.deepEqual(out.published, {});
  const report = out.report as { protocol: string; tables: { key: string; blend: { weights: Record<string, number> } }[] };
  assert.equal(report.protocol, 'ml100k-coldstart-users');
  assert.deepEqual(Object.keys(report.tables[2]!.blend.weights), ['item-cf', 'demographic-popular']);
  assert.match(r.stderr, /blend: .* normalisation, weights/, 'steps are logged on stderr');
});

test('evaluate --protocol names what is wrong in one line', () => {
  const unknown = tessera(['evaluate', '--protocol', 'movielens']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown protocol "movielens"; known: ml1m-ncf, lastfm-recbole, citeulike-cold, ml100k-coldstart-users/);
  const missing = tessera(['evaluate', '--protocol', 'ml1m-ncf', '--datasets', '/nowhere']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /dataset "ml-1m" not found at \/nowhere\/ml-1m/);
  const mixed = tessera(['evaluate', '--protocol', 'ml1m-ncf', '--train', 'x', '--test', 'y']);
  assert.equal(mixed.status, 1);
  assert.match(mixed.stderr, /leave out --train/);
});
