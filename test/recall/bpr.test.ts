import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { BPR_DEFAULTS, BprChannel, type BprOptions } from '../../src/recall/bpr.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import type { RecallContext } from '../../src/recall/types.js';

/**
 * A planted structure: 4 groups of 30 pins and 50 users per group; each user
 * engages 10 random pins of their group and 1 random pin of any group.
 */
const GROUPS = 4;
const PINS_PER_GROUP = 30;
const groupOf = (pinId: string) => Math.floor(Number(pinId.slice(1)) / PINS_PER_GROUP);

function planted(seed = 1): { data: Interactions; rows: Map<string, string[]> } {
  const r = new Random(seed);
  const rows = new Map<string, string[]>();
  for (let g = 0; g < GROUPS; g++) {
    for (let u = 0; u < 50; u++) {
      const pins = new Set(r.sample(PINS_PER_GROUP, 10).map((k) => `p${g * PINS_PER_GROUP + k}`));
      pins.add(`p${r.int(GROUPS * PINS_PER_GROUP)}`);
      rows.set(`g${g}u${u}`, [...pins]);
    }
  }
  const records = [...rows].flatMap(([userId, pins]) => pins.map((pinId, k) => ({ userId, pinId, weight: 1, timestamp: k })));
  return { data: Interactions.fromRecords(records), rows };
}

const SMALL: BprOptions = { ...BPR_DEFAULTS, factors: 16, epochs: 30 };

function context(userId: string, pins: readonly string[], exclude: string[] = []): RecallContext {
  return { userId, now: 0, history: pins.map((pinId) => ({ pinId, weight: 1, timestamp: 0 })), exclude: new Set([...pins, ...exclude]) };
}

function trained(options: BprOptions = SMALL): { bpr: BprChannel; curve: Record<string, number>[]; rows: Map<string, string[]> } {
  const { data, rows } = planted();
  const bpr = new BprChannel(options);
  const curve: Record<string, number>[] = [];
  bpr.fit(data, { now: 0, onEpoch: (epoch, metrics) => curve.push({ epoch, ...metrics }) });
  return { bpr, curve, rows };
}

/** Share of the top-k recalled pins in the user's own group. */
function ownGroupShare(bpr: BprChannel, userId: string, pins: readonly string[], k = 10): number {
  const list = bpr.recall(context(userId, pins), k);
  assert.equal(list.length, k);
  return list.filter((c) => groupOf(c.pinId) === Number(userId[1])).length / k;
}

test('the loss falls and the sampled training AUC rises over the epochs', () => {
  const { curve } = trained();
  assert.equal(curve.length, SMALL.epochs);
  assert.deepEqual(curve.map((c) => c.epoch), Array.from({ length: SMALL.epochs }, (_, i) => i + 1));
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  assert.ok(last.loss! < 0.5 * first.loss!, `loss ${first.loss} → ${last.loss}`);
  assert.ok(first.auc! < 0.75 && last.auc! > 0.9, `AUC ${first.auc} → ${last.auc}`);
  // Averaged over five epochs, each stretch improves on the one before.
  const mean = (from: number, key: string) => curve.slice(from, from + 5).reduce((s, c) => s + c[key]!, 0) / 5;
  for (let e = 5; e + 5 <= curve.length; e += 5) {
    assert.ok(mean(e, 'loss') < mean(e - 5, 'loss'), `loss at epochs ${e}-${e + 5}`);
    assert.ok(mean(e, 'auc') > mean(e - 5, 'auc'), `AUC at epochs ${e}-${e + 5}`);
  }
  assert.ok(curve.every((c) => c.seconds! >= 0 && c.learningRate! > 0));
  assert.ok(last.learningRate! < first.learningRate!, 'the step size decays');
});

test('recall finds the planted groups, for trained users and folded-in ones', () => {
  const { bpr, rows } = trained();
  let share = 0;
  for (const userId of ['g0u1', 'g1u7', 'g2u3', 'g3u9']) share += ownGroupShare(bpr, userId, rows.get(userId)!) / 4;
  assert.ok(share >= 0.9, `trained users: ${share} of their top 10 in their group`);
  const stranger = ['p60', 'p61', 'p65', 'p70', 'p77', 'p88'];
  assert.ok(ownGroupShare(bpr, 'x2', stranger) >= 0.9, 'a user unknown to training, folded in from six group-2 pins');
  assert.deepEqual(bpr.recall(context('x', ['no-such-pin']), 10), [], 'nothing known: no candidates');
  const similar = bpr.similarItems('p95', 10);
  assert.ok(similar.filter((c) => groupOf(c.pinId) === 3).length >= 8, 'similar pins share the group');
  assert.ok(!similar.some((c) => c.pinId === 'p95') && similar.every((c) => c.seedPinId === 'p95'));
});

test('recall never returns history or excluded pins, and returns at most n', () => {
  const { bpr, rows } = trained({ ...SMALL, epochs: 5 });
  const history = rows.get('g1u2')!;
  const exclude = bpr.recall(context('g1u2', history), 5).map((c) => c.pinId);
  const list = bpr.recall(context('g1u2', history, exclude), 1000);
  assert.equal(list.length, GROUPS * PINS_PER_GROUP - history.length - exclude.length);
  for (const c of list) assert.ok(!history.includes(c.pinId) && !exclude.includes(c.pinId), c.pinId);
  for (let k = 1; k < list.length; k++) assert.ok(list[k - 1]!.score >= list[k]!.score, 'best first');
  assert.equal(bpr.recall(context('g1u2', history), 3).length, 3);
});

test('user and pin embeddings reproduce the recall scores', () => {
  const { bpr, rows } = trained({ ...SMALL, epochs: 3 });
  const c = context('g2u4', rows.get('g2u4')!);
  const user = bpr.userEmbedding(c)!;
  const { ids, vectors } = bpr.pinEmbeddings();
  assert.equal(user.length, bpr.dimensions);
  assert.equal(vectors.length, ids.length * bpr.dimensions);
  for (const candidate of bpr.recall(c, 5)) {
    const j = ids.indexOf(candidate.pinId);
    let dot = 0;
    for (let f = 0; f < bpr.dimensions; f++) dot += user[f]! * vectors[j * bpr.dimensions + f]!;
    assert.ok(Math.abs(dot - candidate.score) < 1e-4, `${dot} vs ${candidate.score}`);
  }
  assert.equal(bpr.userEmbedding(context('x', [])), undefined);
});

test('Adam and popularity-weighted negatives learn the structure too', () => {
  for (const options of [
    { ...SMALL, optimizer: 'adam', learningRate: 0.01 },
    { ...SMALL, negativeSampling: 'popularity' },
  ] satisfies BprOptions[]) {
    const { bpr, curve, rows } = trained(options);
    assert.ok(curve[curve.length - 1]!.auc! > 0.85, `${JSON.stringify(options)}: AUC ${curve[curve.length - 1]!.auc}`);
    assert.ok(ownGroupShare(bpr, 'g3u5', rows.get('g3u5')!) >= 0.8, JSON.stringify(options));
  }
});

test('the same seed trains the same model; save and load give identical recall', () => {
  const a = trained({ ...SMALL, epochs: 4 });
  const b = trained({ ...SMALL, epochs: 4 });
  assert.deepEqual(a.bpr.save(), b.bpr.save());
  const loaded = new BprChannel(SMALL);
  loaded.load(decodeState(encodeState(a.bpr.save())));
  for (const [userId, pins] of [['g0u0', a.rows.get('g0u0')!], ['stranger', ['p1', 'p2', 'p3']]] as const) {
    assert.deepEqual(loaded.recall(context(userId, pins), 20), a.bpr.recall(context(userId, pins), 20));
  }
  assert.deepEqual(loaded.similarItems('p40', 5), a.bpr.similarItems('p40', 5));
  assert.throws(() => loaded.load({ ...a.bpr.save(), factors: 3 }), /inconsistent/);
});
