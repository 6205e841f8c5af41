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

test('evaluate --protocol --tune searches on the protocol’s training data and prints settings with the command that found them', (t) => {
  if (!requireDataset(t, 'lastfm-hetrec')) return;
  const args = ['evaluate', '--protocol', 'lastfm-recbole', '--tune', '--channels', 'user-cf', '--trials', '3', '--seed', '2', '--datasets', datasetsDir];
  const r = tessera([...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    settings: Record<string, Record<string, { options: Record<string, unknown>; found: Record<string, string | number> }>>;
    tuning: { channel: string; validation: { split: string; trainRecords: number }; trials: { params: Record<string, unknown>; value?: number }[]; best: { number: number } }[];
  };
  const [search] = out.tuning;
  assert.equal(search!.channel, 'user-cf');
  assert.equal(search!.validation.split, 'random');
  // 90% of the 80% train part: the test (and the protocol's validation) never enter the search.
  assert.ok(Math.abs(search!.validation.trainRecords / 92_834 - 0.72) < 0.01, `${search!.validation.trainRecords} records to fit`);
  assert.equal(search!.trials.length, 3);
  assert.ok(search!.best.number > 1, 'with this seed a drawn trial beats the defaults on validation');
  const setting = out.settings['lastfm-recbole']!['user-cf']!;
  assert.deepEqual(setting.options, search!.trials[search!.best.number - 1]!.params);
  assert.equal(setting.found.command, 'tessera evaluate --protocol lastfm-recbole --tune --channels user-cf --trials 3 --patience 10 --metric NDCG@10 --pruning median --seed 2');
  assert.match(String(setting.found.validation), /^random 10% of each user's pins in the 80% train part \(seed 2\)$/);
  assert.ok((setting.found.best as number) > (setting.found.configured as number));

  const cold = tessera(['evaluate', '--protocol', 'ml100k-coldstart-users', '--tune', '--datasets', datasetsDir]);
  assert.equal(cold.status, 1);
  assert.match(cold.stderr, /ml100k-coldstart-users has no validation split the tuner can score its channels on/);
});
