import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { checkSpace, sampleParams } from '../../src/eval/search.js';
import type { InteractionRecord } from '../../src/eval/splits.js';
import { metricCutoff, tuneChannel } from '../../src/eval/tune.js';
import { Random } from '../../src/math/random.js';
import { CHANNEL_NAMES, channelOptions, channelSpec } from '../../src/recall/registry.js';

const config = (channels: Record<string, Record<string, unknown>> = {}) =>
  loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels } } });

/** 4 taste groups of 30 pins, 40 users each engaging 12 pins of their group and 1 of any, in random order. */
function planted(seed = 1): InteractionRecord[] {
  const r = new Random(seed);
  const out: InteractionRecord[] = [];
  for (let g = 0; g < 4; g++) {
    for (let u = 0; u < 40; u++) {
      const pins = new Set(r.sample(30, 12).map((k) => `p${g * 30 + k}`));
      pins.add(`p${r.int(120)}`);
      r.shuffle([...pins]).forEach((pinId, k) => out.push({ userId: `g${g}u${u}`, pinId, weight: 1, timestamp: 1_000_000 + k * 60_000 }));
    }
  }
  return out;
}

test('every channel declares a search space whose draws are valid options', () => {
  const c = config();
  const r = new Random(1);
  for (const name of CHANNEL_NAMES) {
    const space = channelSpec(name).search;
    assert.ok(space, `${name} has no search space`);
    checkSpace(space);
    for (let i = 0; i < 30; i++) channelOptions(name, c, sampleParams(space, r));
  }
});

test('metric names are checked', () => {
  assert.equal(metricCutoff('NDCG@10'), 10);
  assert.equal(metricCutoff('Recall@50'), 50);
  assert.equal(metricCutoff('MRR'), 10);
  assert.throws(() => metricCutoff('Coverage@10'), /metric: must be MRR or one of HR, Precision/);
  assert.throws(() => metricCutoff('ndcg'), /got "ndcg"/);
});

test('item-cf: the configured options are trial 1, the best is at least as good on validation', async () => {
  const records = planted();
  const trials: number[] = [];
  const result = await tuneChannel('item-cf', records, { config: config(), trials: 6, seed: 3, onTrial: (t) => trials.push(t.number) });
  assert.deepEqual(trials, [1, 2, 3, 4, 5, 6]);
  assert.equal(result.trials[0]!.params.neighbours, 100);
  assert.equal(result.trials[0]!.params.similarity, 'cosine');
  assert.equal(result.validation.split, 'leave-last-out');
  assert.equal(result.validation.users, 160);
  assert.equal(result.validation.trainRecords, records.length - 160);
  for (const t of result.trials) {
    assert.equal(t.status, 'complete');
    assert.ok(t.value! >= 0 && t.value! <= 1);
    assert.deepEqual(t.curve, [], 'item-cf has no epochs');
  }
  assert.ok(result.best.value! >= result.trials[0]!.value!);
  // The planted groups are easy: item-CF recalls a user's held-out group pin often.
  assert.ok(result.best.value! > 0.1, `NDCG@10 ${result.best.value}`);
});

test('bpr: every epoch is scored on validation with that epoch\'s parameters, and poor trials are pruned', async () => {
  const result = await tuneChannel('bpr', planted(), {
    config: config({ bpr: { factors: 16, epochs: 20 } }),
    trials: 12,
    seed: 5,
    pruning: 'median',
    startupTrials: 3,
    warmupEpochs: 1,
    metric: 'Recall@20',
    scoreEpochs: 'every',
  });
  const complete = result.trials.filter((t) => t.status === 'complete');
  const pruned = result.trials.filter((t) => t.status === 'pruned');
  assert.ok(pruned.length > 0, 'some trials pruned');
  for (const t of complete) {
    assert.equal(t.curve.length, t.params.epochs);
    // The last epoch's score is the final model's: scoring read the parameters as trained so far.
    assert.ok(Math.abs(t.curve[t.curve.length - 1]!.value - t.value!) < 1e-12, `trial ${t.number}`);
    assert.ok(t.curve.every((p) => typeof p.extra?.loss === 'number'));
  }
  for (const t of pruned) assert.ok(t.curve.length <= (t.params.epochs as number) && t.value === undefined);
  // Curves rise from random initial factors.
  const best = result.best;
  assert.ok(best.curve[best.curve.length - 1]!.value > best.curve[0]!.value);
});

test('ials: iterations report validation scores too', async () => {
  const result = await tuneChannel('ials', planted(), {
    config: config({ ials: { threads: 1 } }),
    trials: 3,
    seed: 2,
    pruning: 'off',
    validation: 'random',
    validationShare: 0.2,
  });
  assert.equal(result.validation.split, 'random');
  for (const t of result.trials) {
    // Scored after iterations 1, 2, 4, 8, 16 and the last.
    const iterations = t.params.iterations as number;
    const expected = [1, 2, 4, 8, 16].filter((e) => e < iterations).concat(iterations);
    assert.deepEqual(t.curve.map((p) => p.epoch), expected);
    assert.ok(Math.abs(t.curve[t.curve.length - 1]!.value - t.value!) < 1e-12);
    assert.ok(t.curve.every((p) => p.value >= 0 && p.value <= 1));
  }
});

test('a narrower space replaces or adds parameters of the declared one; a misnamed option or kind is named', async () => {
  const space = { neighbours: { kind: 'choice', values: [7] }, shrinkage: { kind: 'float', min: 1, max: 2 } } as const;
  const result = await tuneChannel('item-cf', planted(), { config: config(), trials: 4, seed: 3, space });
  assert.deepEqual(result.space.neighbours, space.neighbours);
  assert.deepEqual(result.space.similarity, channelSpec('item-cf').search!.similarity, 'the rest of the declared space stays');
  assert.equal(result.trials[0]!.params.neighbours, 100, 'trial 1 is still the configured options');
  for (const t of result.trials.slice(1)) {
    assert.equal(t.params.neighbours, 7);
    assert.ok((t.params.shrinkage as number) >= 1 && (t.params.shrinkage as number) <= 2);
  }
  await assert.rejects(
    tuneChannel('item-cf', planted(), { config: config(), trials: 2, seed: 3, space: { neighbors: { kind: 'int', min: 5, max: 9 } } }),
    /space\.neighbors: "item-cf" has no such option; its options: .*neighbours/,
  );
  await assert.rejects(
    tuneChannel('item-cf', planted(), { config: config(), trials: 2, seed: 3, space: { neighbours: { kind: 'integer', min: 5, max: 9 } as never } }),
    /search\.neighbours: kind must be one of int, float, log, choice, got "integer"/,
  );
});
