import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { IALS_DEFAULTS, IalsChannel, type IalsOptions } from '../../src/recall/ials.js';
import { trainIals, type IterationReport, type TrainOptions } from '../../src/recall/ials/train.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { createChannel } from '../../src/recall/registry.js';
import { isEmbeddingModel, type RecallContext } from '../../src/recall/types.js';
import { loadConfig } from '../../src/config.js';
import os from 'node:os';

/**
 * Users in `groups` taste groups, each engaging mostly with its own block of
 * pins; a few dislikes (negative weights) and impressions (weight 0) mixed in.
 */
function clustered(seed: number, users: number, items: number, groups = 4, perUser = 12): Interactions {
  const r = new Random(seed);
  const records: { userId: string; pinId: string; weight: number; timestamp: number }[] = [];
  const block = Math.floor(items / groups);
  for (let u = 0; u < users; u++) {
    const g = u % groups;
    for (let k = 0; k < perUser; k++) {
      const own = r.bernoulli(0.85);
      const item = own ? g * block + r.int(block) : r.int(items);
      const weight = k === 0 ? 0 : k === 1 ? -1 : 1 + r.int(3);
      records.push({ userId: `u${u}`, pinId: `p${item}`, weight, timestamp: k });
    }
  }
  return Interactions.fromRecords(records);
}

const matrixOf = (data: Interactions) => ({ users: data.userCount, items: data.itemCount, byUser: data.byUser, byItem: data.byItem });

const options = (o: Partial<TrainOptions> = {}): TrainOptions => ({
  ...IALS_DEFAULTS,
  factors: 10, // stride 12: the padded lanes must stay inert
  iterations: 5,
  regularization: 0.1,
  threads: 1,
  computeLoss: true,
  ...o,
});

/** The loss as trainIals reports it, computed directly from the factors. */
function directLoss(data: Interactions, o: TrainOptions, user: Float32Array, item: Float32Array): number {
  const f = o.factors;
  let error = 0;
  let total = 0;
  const reg = (rowConfidence: number) => o.regularization * rowConfidence ** o.regularizationExponent;
  const norm = (m: Float32Array, r: number) => m.subarray(r * f, r * f + f).reduce((s, v) => s + v * v, 0);
  for (let u = 0; u < data.userCount; u++) {
    const entries = new Map<number, number>();
    for (let k = data.byUser.indptr[u]!; k < data.byUser.indptr[u + 1]!; k++) {
      if (data.byUser.values[k] !== 0) entries.set(data.byUser.indices[k]!, o.alpha * data.byUser.values[k]!);
    }
    let rowConfidence = data.itemCount;
    for (let i = 0; i < data.itemCount; i++) {
      let s = 0;
      for (let j = 0; j < f; j++) s += user[u * f + j]! * item[i * f + j]!;
      const c = entries.get(i);
      if (c === undefined) error += s * s;
      else {
        error += c > 0 ? (1 + c) * (1 - s) ** 2 : (1 - c) * s * s;
        rowConfidence += Math.abs(c);
      }
    }
    total += rowConfidence;
    error += reg(rowConfidence) * norm(user, u);
  }
  for (let i = 0; i < data.itemCount; i++) {
    let rowConfidence = data.userCount;
    for (let k = data.byItem.indptr[i]!; k < data.byItem.indptr[i + 1]!; k++) rowConfidence += Math.abs(o.alpha * data.byItem.values[k]!);
    error += reg(rowConfidence) * norm(item, i);
  }
  return error / total;
}

test('every ALS iteration lowers the weighted loss, and the reported loss is the true one', async () => {
  const data = clustered(1, 120, 60);
  for (const o of [options(), options({ regularizationExponent: 1, regularization: 0.001 })]) {
    const reports: IterationReport[] = [];
    const trained = await trainIals(matrixOf(data), o, (r) => reports.push(r));
    assert.deepEqual(reports.map((r) => r.iteration), [1, 2, 3, 4, 5]);
    for (let k = 1; k < reports.length; k++) {
      assert.ok(reports[k]!.loss! < reports[k - 1]!.loss!, `iteration ${k + 1}: ${reports[k]!.loss} < ${reports[k - 1]!.loss}`);
    }
    const direct = directLoss(data, o, trained.userFactors, trained.itemFactors);
    const reported = reports[reports.length - 1]!.loss!;
    assert.ok(Math.abs(direct - reported) < 1e-4 * direct, `reported ${reported} vs direct ${direct}`);
    assert.equal(trained.userFactors.length, data.userCount * o.factors);
  }
});

test('training on worker threads gives the same factors as the single-threaded baseline', async () => {
  // Enough users for several Gram and loss chunks (2,048 and 1,024 rows).
  const data = clustered(2, 5000, 400, 8, 10);
  const run = async (threads: number) => {
    const losses: number[] = [];
    const trained = await trainIals(matrixOf(data), options({ threads, iterations: 3 }), (r) => losses.push(r.loss!));
    return { trained, losses };
  };
  const single = await run(1);
  const parallel = await run(2);
  assert.equal(parallel.trained.threads, 2);
  assert.deepEqual(parallel.losses, single.losses);
  let maxDiff = 0;
  for (let k = 0; k < single.trained.itemFactors.length; k++) {
    maxDiff = Math.max(maxDiff, Math.abs(single.trained.itemFactors[k]! - parallel.trained.itemFactors[k]!));
  }
  assert.ok(maxDiff <= 1e-6, `item factors differ by ${maxDiff}`);
});

const channelOptions = (o: Partial<IalsOptions> = {}): IalsOptions => ({ ...IALS_DEFAULTS, factors: 16, iterations: 12, threads: 1, ...o });

function contextOf(data: Interactions, userId: string, extraExclude: string[] = []): RecallContext {
  const history = data.history(userId);
  return { userId, now: 0, history, exclude: new Set([...history.map((h) => h.pinId), ...extraExclude]) };
}

test('folding in a training user from their history reproduces their learned factors', async () => {
  const data = clustered(3, 200, 80);
  const channel = new IalsChannel(channelOptions({ iterations: 20 }));
  await channel.fit(data, { now: 0 });
  const state = channel.save()!;
  const f = state.factors;
  for (const u of [0, 1, 2, 3, 57, 199]) {
    const userId = `u${u}`;
    const row = data.users.get(userId)!;
    const learned = state.userFactors.subarray(row * f, row * f + f);
    const folded = channel.userEmbedding(contextOf(data, userId))!;
    let dotProduct = 0;
    let a = 0;
    let b = 0;
    for (let j = 0; j < f; j++) {
      dotProduct += learned[j]! * folded[j]!;
      a += learned[j]! ** 2;
      b += folded[j]! ** 2;
    }
    const cosine = dotProduct / Math.sqrt(a * b);
    assert.ok(cosine > 0.99, `${userId}: cosine ${cosine}`);
    assert.ok(Math.abs(Math.sqrt(b / a) - 1) < 0.05, `${userId}: norm ratio ${Math.sqrt(b / a)}`);
  }
});

test('recall ranks the taste group first, excludes history and exclusions; similar pins; save and load', async () => {
  const data = clustered(4, 300, 160);
  const channel = new IalsChannel(channelOptions());
  const epochs: Record<string, number>[] = [];
  await channel.fit(data, { now: 0, onEpoch: (_e, m) => epochs.push(m) });
  assert.equal(epochs.length, 12);
  assert.ok(epochs.every((m) => m.seconds! >= 0 && m.loss === undefined));

  const context = contextOf(data, 'u1', ['p45', 'p46']);
  const list = channel.recall(context, 30);
  assert.equal(list.length, 30);
  for (const c of list) assert.ok(!context.exclude.has(c.pinId), `${c.pinId} is excluded`);
  for (let k = 1; k < list.length; k++) assert.ok(list[k - 1]!.score >= list[k]!.score, 'best first');
  // u1 is in group 1, whose pins are p40..p79.
  const inGroup = list.slice(0, 10).filter((c) => {
    const i = Number(c.pinId.slice(1));
    return i >= 40 && i < 80;
  });
  assert.ok(inGroup.length >= 8, `top 10 in the user's group: ${inGroup.length}`);
  // Asking for more than there is returns every pin that is not excluded.
  const everything = channel.recall(context, 10_000);
  assert.equal(everything.length, data.itemCount - new Set([...context.exclude].filter((p) => data.items.get(p) !== undefined)).size);

  // A new user with fresh history is placed too; a history of unknown pins or only dislikes is not.
  const fresh = channel.recall({ userId: 'new', now: 0, history: [{ pinId: 'p41', weight: 2, timestamp: 0 }, { pinId: 'p45', weight: 1, timestamp: 0 }], exclude: new Set() }, 5);
  assert.equal(fresh.length, 5);
  assert.ok(fresh.every((c) => c.pinId !== 'p41' && c.pinId !== 'p45'));
  assert.deepEqual(channel.recall({ userId: 'x', now: 0, history: [{ pinId: 'nope', weight: 1, timestamp: 0 }], exclude: new Set() }, 5), []);
  assert.equal(channel.userEmbedding({ userId: 'x', now: 0, history: [{ pinId: 'p3', weight: -1, timestamp: 0 }], exclude: new Set() }), undefined);

  const similar = channel.similarItems('p5', 5);
  assert.equal(similar.length, 5);
  assert.ok(similar.every((c) => c.pinId !== 'p5' && c.seedPinId === 'p5' && c.score <= 1 + 1e-6));
  assert.deepEqual(channel.similarItems('nope', 5), []);

  assert.ok(isEmbeddingModel(channel));
  const { ids, vectors } = channel.pinEmbeddings();
  assert.equal(ids.length, data.itemCount);
  assert.equal(vectors.length, data.itemCount * channel.dimensions);

  const restored = new IalsChannel(channelOptions({ factors: 99 }));
  restored.load(decodeState(encodeState(channel.save())));
  assert.equal(restored.dimensions, 16);
  assert.deepEqual(restored.recall(context, 30), list);
  assert.deepEqual(restored.similarItems('p5', 5), similar);
  assert.throws(() => restored.load({ factors: 3 }), /ials: saved state is malformed/);
});

test('the registry creates the channel from its defaults and validates options', () => {
  const config = (channels: Record<string, Record<string, unknown>> = {}) => loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels } } });
  assert.ok(createChannel('ials', config()) instanceof IalsChannel);
  assert.throws(() => createChannel('ials', config({ ials: { factors: 0 } })), /training\.channels\.ials\/factors/);
  assert.throws(() => createChannel('ials', config({ ials: { threads: -1 } })), /training\.channels\.ials\/threads/);
});
