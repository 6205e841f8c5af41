import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { logLoss, rmse } from '../../src/eval/classification.js';
import { evaluateRanking, formatRankingReport, type RankingReport } from '../../src/eval/ranking.js';
import { CLI } from '../helpers/process.js';
import { multiTaskProblem } from '../rank/synthetic.js';

test('log loss and RMSE by hand', () => {
  assert.ok(Math.abs(logLoss([1, 0], [0.8, 0.4]) - -(Math.log(0.8) + Math.log(0.6)) / 2) < 1e-12);
  assert.ok(Number.isFinite(logLoss([1], [0])), 'a certain mistake is clipped, not infinite');
  assert.throws(() => logLoss([1, 0], [0.5]), /1 probabilities for 2 labels/);
  assert.equal(rmse([1, 2, 3], [1, 2, 7], (i) => i !== 1), Math.sqrt(8));
  assert.ok(Number.isNaN(rmse([1], [2], () => false)));
});

test('evaluateRanking names unknown models and reports per task', async () => {
  const x = multiTaskProblem(3000, 9);
  const pins = new Map(x.pinIds.map((id) => [id, { id, creatorId: 'c', tags: ['t'] }]));
  await assert.rejects(evaluateRanking(x, pins, { testFraction: 0.2, models: ['xgboost' as never] }), /unknown ranking model "xgboost"/);
  // The popularity baseline reads the pin rate columns; here the first four features stand in for them. No clicks at all.
  const named = {
    ...x,
    names: x.names.map((n, j) => (j < 4 ? `pin_${['closeup', 'click', 'save', 'hide'][j]}_rate` : n)),
    labels: { ...x.labels, click: new Uint8Array(x.labels.click.length) },
  };
  const report = await evaluateRanking(named, pins, { testFraction: 0.25, models: ['ftrl', 'popularity'] });
  assert.equal(report.examples.test, 750);
  assert.deepEqual(report.models.map((m) => m.model), ['ftrl', 'popularity']);
  assert.ok(report.models[0]!.tasks.save.auc > 0.75, 'FTRL learns the synthetic save task');
  assert.ok(Number.isNaN(report.models[0]!.tasks.click.auc));
  assert.deepEqual(report.best.click, { auc: null, gauc: null, logLoss: null }, 'no winner without positives');
  const text = formatRankingReport(report);
  assert.match(text, /closeup .*\n.* ftrl /);
  assert.match(text, /click .*\n(.*\n){2}.*best: AUC n\/a/);
});

test('tessera evaluate --ranking on a seeded demo store prints JSON metrics (end to end)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-rank-eval-'));
  try {
    const env = { ...process.env, TESSERA_LOG_LEVEL: 'warn' };
    const seed = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'seed-demo', '-d', dir, '--users', '60', '--creators', '20', '--pins', '300', '--events', '6000'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(seed.status, 0, seed.stderr);
    const evaluate = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', CLI, 'evaluate', '--ranking', '-d', dir, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
    const bad = evaluate('--epochs', 'many');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /ranker options\/epochs/);
    const run = evaluate('--json', '--epochs', '2');
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    assert.match(run.stderr, /training mmoe/, 'progress goes to stderr');
    const report = JSON.parse(run.stdout) as RankingReport;
    assert.deepEqual(report.models.map((m) => m.model), ['shared-bottom', 'mmoe', 'ple', 'ftrl', 'popularity']);
    for (const m of report.models) for (const t of ['closeup', 'click', 'save', 'hide'] as const) assert.equal(typeof m.tasks[t].logLoss, 'number');
    assert.ok(report.models.filter((m) => m.epochs).every((m) => m.epochs!.run <= 2), '--epochs caps training');
    assert.ok(report.examples.train > report.examples.test);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
