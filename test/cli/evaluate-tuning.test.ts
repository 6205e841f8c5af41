/** `tessera evaluate --folds / --tune / --html`, end to end on a small demo world and on files. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { tessera } from '../helpers/process.js';
import { tempDataDir } from '../helpers/server.js';

describe('tessera evaluate: cross-validation, tuning, HTML report', { timeout: 240_000 }, () => {
  const dataDir = tempDataDir();
  before(() => {
    const seeded = tessera(['seed-demo', '--users', '150', '--creators', '60', '--pins', '900', '--events', '20000', '-d', dataDir]);
    assert.equal(seeded.status, 0, seeded.stderr);
  });

  test('--folds on the event log: mean, deviation and per-fold metrics per channel', () => {
    const r = tessera(['evaluate', '--folds', '3', '--channels', 'popular,item-cf', '--k', '10', '--json', '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { mean: Record<string, number>; std: Record<string, number>; folds: Record<string, number>[] }>;
    for (const channel of ['popular', 'item-cf']) {
      const { mean, std, folds } = out[channel]!;
      assert.equal(folds.length, 3);
      const values = folds.map((f) => f['NDCG@10']!);
      assert.ok(Math.abs(mean['NDCG@10']! - values.reduce((a, b) => a + b, 0) / 3) < 1e-12);
      assert.ok(std['NDCG@10']! >= 0);
      assert.equal(mean['NDCG@20'], undefined, 'only the cut-offs asked for');
    }
  });

  test('--folds on --train files, and flag mistakes named', () => {
    const dir = tempDataDir();
    const train = path.join(dir, 'train.tsv');
    const r = new Random(4);
    const lines: string[] = [];
    for (let u = 0; u < 60; u++) for (const i of r.sample(40, 8)) lines.push(`u${u}\ti${(i + (u % 2) * 20) % 40}`);
    fs.writeFileSync(train, lines.join('\n') + '\n');
    const cv = tessera(['evaluate', '--train', train, '--folds', '2', '--channels', 'item-cf', '-d', dir]);
    assert.equal(cv.status, 0, cv.stderr);
    assert.match(cv.stdout, /files \(k-fold cross-validation\): 2 folds/);
    assert.match(cv.stdout, /item-cf\s+\d+\s+0\.\d{4} ± 0\.\d{4}/);

    assert.match(tessera(['evaluate', '--train', train, '--folds', '1', '-d', dir]).stderr, /--folds takes a whole number of at least 2; got "1"/);
    assert.match(tessera(['evaluate', '--train', train, '--test', train, '--folds', '2', '-d', dir]).stderr, /give --train without --test/);
    assert.match(tessera(['evaluate', '--folds', '2', '--tune', '-d', dir]).stderr, /--folds .* without --tune/);
    assert.match(tessera(['evaluate', '--tune', '--pruning', 'sometimes', '--channels', 'popular', '-d', dataDir]).stderr, /--pruning takes one of median, best, off; got "sometimes"/);
  });

  test('--tune prints the best options for training.channels and writes the report', () => {
    const html = path.join(tempDataDir(), 'report.html');
    const r = tessera(['evaluate', '--tune', '--trials', '4', '--channels', 'popular,bpr', '--json', '--html', html, '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      best: Record<string, Record<string, unknown>>;
      tuning: Record<string, { trials: unknown[]; configured: { params: Record<string, unknown> } }>;
      report: { channels: Record<string, unknown> };
    };
    assert.deepEqual(Object.keys(out.best.popular!), ['halfLifeHours']);
    assert.deepEqual(Object.keys(out.best.bpr!).sort(), ['epochs', 'factors', 'learningRate', 'learningRateDecay', 'regularization']);
    assert.equal(out.tuning.bpr!.configured.params.factors, 64);
    assert.ok(out.tuning.popular!.trials.length <= 4);
    assert.deepEqual(Object.keys(out.report.channels), ['popular', 'popular (tuned)', 'bpr', 'bpr (tuned)']);
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /<title>NDCG@10 against halfLifeHours<\/title>/);
    assert.match(page, /<title>bpr: validation NDCG@10 by epoch<\/title>/);
  });

  test('--html on a plain evaluation draws metrics against K and the training curves', () => {
    const html = path.join(tempDataDir(), 'plain.html');
    const r = tessera(['evaluate', '--channels', 'popular,bpr', '--html', html, '-d', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /NDCG@7\b/, 'the table keeps to the cut-offs asked for');
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /<title>NDCG@K<\/title>/);
    assert.match(page, /<title>bpr: loss by epoch<\/title>/);
  });
});
