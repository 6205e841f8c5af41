import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { logLoss, rmse } from '../../src/eval/classification.js';
import { auc } from '../../src/eval/metrics.js';
import { baseRates } from '../../src/rank/data.js';
import { TASKS } from '../../src/rank/heads.js';
import { ARCHITECTURES, MultiTaskRanker, multiTaskOptions, type MultiTaskOptions } from '../../src/rank/multitask.js';
import { loadRanker, saveRanker } from '../../src/rank/persist.js';
import { multiTaskProblem } from './synthetic.js';

const train = multiTaskProblem(6000, 1);
const heldOut = multiTaskProblem(2000, 2, 1e9);
const SMALL: Partial<MultiTaskOptions> = {
  bottomUnits: [24],
  experts: 3,
  expertUnits: [12],
  taskExperts: 1,
  sharedExperts: 2,
  levels: 2,
  towerUnits: 8,
  epochs: 8,
  patience: 2,
  batchSize: 128,
  learningRate: 0.01,
  dropout: 0.05,
};

for (const architecture of ARCHITECTURES) {
  test(`${architecture} learns every head of a synthetic multi-task problem better than a constant`, async () => {
    const ranker = await MultiTaskRanker.fit(train, { ...SMALL, architecture });
    const p = ranker.predict(heldOut.rows);
    const rates = baseRates(train);
    for (const t of TASKS) {
      const constant = new Float32Array(p[t].length).fill(rates[t]);
      const model = logLoss(heldOut.labels[t], p[t]);
      const baseline = logLoss(heldOut.labels[t], constant);
      const pos: number[] = [];
      const neg: number[] = [];
      heldOut.labels[t].forEach((y, i) => (y ? pos : neg).push(p[t][i]!));
      assert.ok(model < baseline * 0.85, `${t}: log loss ${model.toFixed(4)} vs constant ${baseline.toFixed(4)}`);
      assert.ok(auc(pos, neg) > 0.8, `${t}: AUC ${auc(pos, neg).toFixed(3)}`);
    }
    const dwelled = (i: number) => heldOut.dwell[i]! > 0;
    const meanDwell = 1.5;
    assert.ok(rmse(heldOut.dwell, p.dwell!, dwelled) < rmse(heldOut.dwell, new Float32Array(heldOut.dwell.length).fill(meanDwell), dwelled));
    const info = ranker.fitInfo!;
    assert.ok(info.validationExamples > 500 && info.trainExamples + info.validationExamples === 6000, 'validation is carved from train');
    assert.ok(info.training.bestEpoch >= 1 && info.training.bestEpoch <= info.training.epochs.length);
    ranker.dispose();
  });
}

test('a saved ranker loads back with identical predictions, writing only inside its directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ranker-'));
  try {
    const ranker = await MultiTaskRanker.fit(train, { ...SMALL, architecture: 'ple', epochs: 2, calibration: 'isotonic' });
    const file = await saveRanker(path.join(dir, 'model'), ranker);
    assert.deepEqual(fs.readdirSync(dir), ['model']);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'model')), ['ranker.json']);
    assert.equal(path.dirname(file), path.join(dir, 'model'));
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(saved.network.format, 'tfjs-layers');
    assert.match(saved.network.weights, /^[A-Za-z0-9+/]+=*$/, 'weights are base64');
    const loaded = await loadRanker(path.join(dir, 'model'));
    assert.ok(loaded instanceof MultiTaskRanker);
    const a = ranker.predict(heldOut.rows);
    const b = loaded.predict(heldOut.rows);
    for (const h of ranker.heads) assert.deepEqual(b[h], a[h], h);
    await assert.rejects(saveRanker(dir, ranker, '../escape.json'), /must not contain a directory/);
    ranker.dispose();
    loaded instanceof MultiTaskRanker && loaded.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('options take defaults and name the bad field', () => {
  assert.equal(multiTaskOptions().architecture, 'mmoe');
  assert.equal(multiTaskOptions({ lossWeights: { dwell: 0.5 } as never }).lossWeights.save, 1, 'loss weights merge per head');
  assert.throws(() => multiTaskOptions({ architecture: 'transformer' as never }), /ranker options\/architecture/);
  assert.throws(() => multiTaskOptions({ levels: 3 }), /ranker options\/levels/);
  assert.throws(() => multiTaskOptions({ depth: 3 } as never), /depth.*not a known field/);
});
