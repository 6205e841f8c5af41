import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FeatureTransform } from '../../src/features/transform.js';
import { auc } from '../../src/eval/metrics.js';
import { Random } from '../../src/math/random.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { FtrlLogistic, type SparseRow } from '../../src/rank/ftrl.js';
import { FtrlRanker } from '../../src/rank/ftrl-ranker.js';
import type { LabelledExamples } from '../../src/rank/data.js';

const PARAMS = { alpha: 0.5, beta: 1, l1: 0, l2: 0 };

test('one FTRL step matches the per-coordinate update by hand', () => {
  const m = new FtrlLogistic(4, { alpha: 0.1, beta: 1, l1: 0.01, l2: 0.5 });
  const row = { indices: [1, 3], values: [2, -1] };
  const p = m.update(row, 1);
  assert.equal(p, 0.5, 'all weights start at zero');
  // g = (0.5 - 1)·x = [-1, 0.5]; σ = (√(g²) - 0)/α; z = g - σ·0 = g; n = g².
  // w_1 = -(z - sgn(z)·λ1)/((β + √n)/α + λ2) = -(-1 + 0.01)/((1 + 1)/0.1 + 0.5) = 0.99/20.5
  assert.ok(Math.abs(m.weight(1) - 0.99 / 20.5) < 1e-12);
  assert.ok(Math.abs(m.weight(3) - -(0.5 - 0.01) / ((1 + 0.5) / 0.1 + 0.5)) < 1e-12);
  assert.equal(m.weight(0), 0, 'untouched coordinates stay zero');
  assert.ok(m.predict(row) > 0.5, 'the step moved the prediction towards the label');
});

test('FTRL learns a linearly separable problem', () => {
  const random = new Random(3);
  const rows: { row: SparseRow; label: number }[] = [];
  for (let i = 0; i < 2000; i++) {
    const x = [random.normal(), random.normal(), random.normal()];
    rows.push({ row: { indices: [0, 1, 2, 3], values: [...x, 1] }, label: 2 * x[0]! - x[1]! + 0.3 > 0 ? 1 : 0 });
  }
  const m = new FtrlLogistic(4, PARAMS);
  for (let epoch = 0; epoch < 3; epoch++) for (const { row, label } of rows) m.update(row, label);
  let correct = 0;
  const pos: number[] = [];
  const neg: number[] = [];
  for (const { row, label } of rows) {
    const p = m.predict(row);
    if ((p > 0.5 ? 1 : 0) === label) correct++;
    (label ? pos : neg).push(p);
  }
  assert.ok(correct / rows.length > 0.97, `accuracy ${correct / rows.length}`);
  assert.ok(auc(pos, neg) > 0.995);
  assert.ok(m.weight(0) > 0 && m.weight(1) < 0 && Math.abs(m.weight(2)) < Math.abs(m.weight(1)), 'signs follow the true rule; the noise feature stays small');
});

test('L1 makes the weights sparse: irrelevant one-hot coordinates stay exactly zero', () => {
  const random = new Random(5);
  const data: { row: SparseRow; label: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const signal = random.int(2); // coordinate 0 or 1 decides the label
    const noise = 2 + random.int(500); // one of 500 irrelevant coordinates
    data.push({ row: { indices: [signal, noise], values: [1, 1] }, label: random.bernoulli(signal === 0 ? 0.9 : 0.1) ? 1 : 0 });
  }
  const train = (l1: number) => {
    const m = new FtrlLogistic(502, { alpha: 0.2, beta: 1, l1, l2: 0 });
    for (const { row, label } of data) m.update(row, label);
    return m;
  };
  const dense = train(0);
  const sparse = train(2);
  assert.ok(dense.nonZeroWeights() > 450, `without L1: ${dense.nonZeroWeights()} non-zero`);
  assert.ok(sparse.nonZeroWeights() < 50, `with L1: ${sparse.nonZeroWeights()} non-zero`);
  assert.ok(sparse.weight(0) > 0 && sparse.weight(1) < 0, 'the informative coordinates survive');
});

test('online updates move predictions; save and load keep the model exactly', () => {
  const m = new FtrlLogistic(10, PARAMS);
  const row = { indices: [2, 7], values: [1, 0.5] };
  const before = m.predict(row);
  m.update(row, 1);
  const up = m.predict(row);
  assert.ok(up > before);
  m.update(row, 0);
  m.update(row, 0);
  assert.ok(m.predict(row) < up);
  const loaded = FtrlLogistic.load(decodeState(encodeState(m.save())));
  assert.equal(loaded.predict(row), m.predict(row));
  assert.equal(m.save().touched.length, 2, 'only touched coordinates are saved');
  assert.throws(() => m.predict({ indices: [10], values: [1] }), /coordinate 10 is outside 0..9/);
  assert.throws(() => FtrlLogistic.load({ size: 3 }), /malformed/);
});

/** Users who like one category; the dense feature carries no signal, only the user × category cross does. */
function crossProblem(n: number, seed: number): { examples: LabelledExamples; pins: Map<string, { id: string; creatorId: string; tags: string[] }> } {
  const random = new Random(seed);
  const categories = ['a', 'b', 'c', 'd'];
  const pins = new Map(Array.from({ length: 40 }, (_, i) => [`p${i}`, { id: `p${i}`, creatorId: `c${i % 7}`, tags: [categories[i % 4]!] }]));
  const rows = new Float32Array(n);
  const labels = { closeup: new Uint8Array(n), click: new Uint8Array(n), save: new Uint8Array(n), hide: new Uint8Array(n) };
  const userIds: string[] = [];
  const pinIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = random.int(30);
    const p = random.int(40);
    rows[i] = random.normal();
    userIds.push(`u${u}`);
    pinIds.push(`p${p}`);
    const liked = categories[u % 4] === categories[p % 4];
    labels.save[i] = random.bernoulli(liked ? 0.5 : 0.05) ? 1 : 0;
    labels.closeup[i] = random.bernoulli(0.2) ? 1 : 0;
  }
  return {
    examples: { names: ['noise'], rows, labels, dwell: new Float32Array(n), userIds, pinIds, timestamps: Float64Array.from({ length: n }, (_, i) => i) },
    pins,
  };
}

test('the FTRL ranker learns from hashed user × category crosses and updates online', () => {
  const { examples, pins } = crossProblem(6000, 11);
  const ranker = FtrlRanker.fit(examples, pins, { crosses: ['user-category'], hashBits: 12, alpha: 0.2, l1: 0.1 });
  const test = crossProblem(2000, 12);
  const ids = { userIds: test.examples.userIds, pins: test.examples.pinIds.map((id) => test.pins.get(id)!) };
  const p = ranker.predict(test.examples.rows, ids);
  const pos: number[] = [];
  const neg: number[] = [];
  test.examples.labels.save.forEach((y, i) => (y ? pos : neg).push(p.save[i]!));
  // The best possible AUC here is about 0.81 (liked categories save at 0.5, others at 0.05).
  assert.ok(auc(pos, neg) > 0.77, `save AUC ${auc(pos, neg)}`);
  assert.ok(ranker.nonZeroWeights().save < 4096, 'hashed buckets without data stay zero');

  const example = { row: Float32Array.of(0), userId: 'u-new', pin: test.pins.get('p1')!, labels: { save: 1 } };
  const before = ranker.predict(example.row, { userIds: [example.userId], pins: [example.pin] }).save[0]!;
  for (let i = 0; i < 5; i++) ranker.update(example);
  const after = ranker.predict(example.row, { userIds: [example.userId], pins: [example.pin] });
  assert.ok(after.save[0]! > before, `save ${before} → ${after.save[0]}`);
  assert.throws(() => ranker.update({ ...example, labels: { save: 2 } }), /labels.save must be 0 or 1/);
  assert.throws(() => ranker.predict(test.examples.rows), /needs the user and pin of each of the 2000 rows/);

  const loaded = FtrlRanker.load(decodeState(encodeState(ranker.save())));
  assert.deepEqual(loaded.predict(test.examples.rows, ids).save, ranker.predict(test.examples.rows, ids).save);
  assert.throws(() => FtrlRanker.fit(examples, pins, { hashBits: 40 }), /ftrl options\/hashBits/);
});

test('the FTRL ranker standardises dense features with its transform', () => {
  const transform = FeatureTransform.fit(Float32Array.of(0, 10, Number.NaN), ['x']);
  const ranker = FtrlRanker.create(transform, { crosses: [] });
  const p = ranker.predict(Float32Array.of(5), { userIds: ['u'], pins: [{ id: 'p', creatorId: 'c', tags: [] }] });
  assert.equal(p.save[0], 0.5, 'an untrained model predicts 1/2');
});
