/**
 * ML-1M, NCF protocol (He et al., WWW 2017), on the published split in
 * ml-1m/ncf/: train.rating for training, each user's latest interaction
 * (test.rating) ranked among its 99 negatives (test.negative); HR@10 and
 * NDCG@10 over the 6,040 users. For 156 users the published file lists the
 * held-out item among its own negatives; it counts once (99 candidates), as
 * in NCF's own evaluation code.
 *
 * Items are mapped to the MovieLens movies (ncf/item_ids.tsv) so that the
 * content channel reads their titles and genres.
 *
 * Blend weights are chosen on a validation case per user: one of their
 * training items with 99 sampled negatives, the channels fitted without
 * those items. train.rating carries no times and lists each user's ratings
 * in the order of the original ratings.dat (not time order), so the
 * validation item is a seeded random pick rather than the latest one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Pin } from '../../domain/types.js';
import { ml1mPinId, ml1mSource } from '../../importers/datasets/movielens-1m.js';
import { Random, fnv1a } from '../../math/random.js';
import { Interactions } from '../../recall/interactions.js';
import { InputError } from '../../wire/convert.js';
import { collectSampledCases, type BlendChoice } from '../blend.js';
import { evaluateSampled, type SampledCase } from '../evaluate-sampled.js';
import type { InteractionRecord } from '../splits.js';
import { readImport } from './dataset.js';
import { readNegatives, readPairs } from './files.js';
import { datasetDir, latestTime, protocolRun, startRun, type Protocol, type ProtocolOptions, type ProtocolRun, type TuningData } from './protocol.js';
import { chooseBlendWithProgress, evaluateTable, fitMembers, fitRows } from './run-steps.js';

const SEED = 42;
const NEGATIVES = 99;

export interface NcfData {
  train: InteractionRecord[];
  /** One per test user: the held-out item and its negatives. */
  cases: SampledCase[];
  /** The movies of the NCF items, as pins. */
  catalog: Pin[];
}

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such file');
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** NCF item id → pin id of its movie, from ncf/item_ids.tsv. */
function readItemPins(file: string): Map<string, string> {
  const out = new Map<string, string>();
  readLines(file).forEach((line, n) => {
    const [item, movie] = line.split('\t');
    if (n === 0 && item === 'ncf_item') return;
    if (!item || !movie || !/^\d+$/.test(movie)) throw new InputError(`${file}:${n + 1}`, 'expected ncf_item<TAB>movie_id');
    out.set(item, ml1mPinId(Number(movie)));
  });
  return out;
}

/** Reads the NCF split of ml-1m, items mapped to movie pins. */
export async function loadNcf(ml1mDir: string): Promise<NcfData> {
  const dir = path.join(ml1mDir, 'ncf');
  const pinOf = readItemPins(path.join(dir, 'item_ids.tsv'));
  const mapItem = (item: string, where: string) => {
    const pin = pinOf.get(item);
    if (pin === undefined) throw new InputError(where, `item ${item} is not in ncf/item_ids.tsv`);
    return pin;
  };
  const train = (await readPairs(path.join(dir, 'train.rating'))).map((r) => ({ ...r, pinId: mapItem(r.pinId, 'train.rating') }));
  const testPairs = readLines(path.join(dir, 'test.rating')).map((line) => line.split('\t').slice(0, 2).join('\t'));
  const negatives = await readNegatives(path.join(dir, 'test.negative'));
  if (negatives.length !== testPairs.length) throw new InputError('test.negative', `has ${negatives.length} cases, test.rating ${testPairs.length}`);
  const cases = negatives.map((c, n) => {
    if (`${c.userId}\t${c.positive}` !== testPairs[n]) throw new InputError(`test.negative:${n + 1}`, `(${c.userId},${c.positive}) is not test.rating's pair ${testPairs[n]}`);
    return { userId: c.userId, positive: mapItem(c.positive, 'test.negative'), negatives: c.negatives.map((i) => mapItem(i, 'test.negative')) };
  });
  const items = new Set(pinOf.values());
  const { pins } = await readImport(ml1mSource(ml1mDir), { events: false });
  return { train, cases, catalog: pins.filter((p) => items.has(p.id)) };
}

/**
 * Validation for the blend: per user with 2+ training items, one of them
 * (seeded random pick) leaves train and is ranked among 99 items the user
 * never interacted with (neither in train nor in test), drawn from the
 * items of the split.
 */
export function ncfValidation(data: NcfData, seed = SEED): { train: InteractionRecord[]; cases: SampledCase[] } {
  const itemsOf = new Map<string, Set<string>>();
  const universe = new Set<string>();
  for (const r of data.train) {
    universe.add(r.pinId);
    let items = itemsOf.get(r.userId);
    if (!items) itemsOf.set(r.userId, (items = new Set()));
    items.add(r.pinId);
  }
  for (const c of data.cases) for (const pin of [c.positive, ...c.negatives]) universe.add(pin);
  const catalogue = [...universe];
  const testItem = new Map(data.cases.map((c) => [c.userId, c.positive]));
  const held = new Map<string, string>();
  const cases: SampledCase[] = [];
  for (const [userId, seen] of itemsOf) {
    if (seen.size < 2 || catalogue.length - seen.size - 1 < NEGATIVES) continue;
    const random = new Random(fnv1a(`${seed}:${userId}`));
    const positive = random.pick([...seen]);
    const negatives = new Set<string>();
    while (negatives.size < NEGATIVES) {
      const pin = random.pick(catalogue);
      if (!seen.has(pin) && pin !== testItem.get(userId)) negatives.add(pin);
    }
    held.set(userId, positive);
    cases.push({ userId, positive, negatives: [...negatives] });
  }
  return { train: data.train.filter((r) => held.get(r.userId) !== r.pinId), cases };
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const start = startRun(options, ml1mNcf, true);
  const data = await loadNcf(datasetDir(options, 'ml-1m'));
  options.log?.(`ml1m-ncf: ${data.train.length} training pairs, ${data.cases.length} test cases, ${data.catalog.length} movies`);
  const train = Interactions.fromRecords(data.train);
  const fit = { now: latestTime(data.train), catalog: data.catalog, tuned: start.tuned };
  const loop = { now: fit.now, depth: train.itemCount };

  let choice: BlendChoice | undefined;
  if (options.blend !== false) {
    const validation = ncfValidation(data);
    const validationTrain = Interactions.fromRecords(validation.train);
    const members = await fitMembers(start.names, validationTrain, options, { ...fit, label: 'validation' });
    choice = chooseBlendWithProgress(options, 'blend validation', validation.cases.length, 'NDCG@10', (onProgress) =>
      collectSampledCases(members, validationTrain, validation.cases, loop.depth, { now: loop.now, onProgress }),
    );
  }

  const fitted = await fitRows(start.names, train, options, { ...fit, label: 'test' });
  const table = evaluateTable(options, fitted, choice, {
    title: 'ML-1M, NCF protocol',
    total: data.cases.length,
    evaluate: (channel, onProgress) => evaluateSampled(channel, train, data.cases, { ks: [10], ...loop, onProgress }),
  });
  const metadata = {
    split: 'NCF leave-latest-out (ml-1m/ncf), 1 positive + 99 given negatives per user',
    details: {
      trainPairs: data.train.length,
      testCases: data.cases.length,
      validation: `one random training item per user + ${NEGATIVES} sampled negatives (seed ${SEED}), channels refitted without it`,
    },
  };
  return protocolRun(ml1mNcf, start, metadata, [table]);
}

/**
 * Tuning fits on train.rating and validates on 10% of each user's pairs by
 * full ranking: the file has no times (its order is not time order), so
 * the split is random rather than latest-out.
 */
async function tuningData(options: ProtocolOptions): Promise<TuningData> {
  const data = await loadNcf(datasetDir(options, 'ml-1m'));
  return { records: data.train, catalog: data.catalog, validation: 'random', describe: 'ncf/train.rating' };
}

export const ml1mNcf: Protocol = {
  name: 'ml1m-ncf',
  title: 'ML-1M, NCF protocol (He et al., WWW 2017)',
  datasets: ['ml-1m'],
  summary: "each user's latest interaction ranked among 99 given negatives (ml-1m/ncf split)",
  metrics: ['HR@10', 'NDCG@10'],
  published: [
    { system: 'NeuMF with pre-training', metrics: { 'HR@10': 0.726, 'NDCG@10': 0.445 }, source: 'He et al. 2017' },
    { system: 'NeuMF without pre-training', metrics: { 'HR@10': 0.701, 'NDCG@10': 0.425 }, source: 'He et al. 2017' },
    { system: 'MLP', metrics: { 'HR@10': 0.692, 'NDCG@10': 0.425 }, source: 'He et al. 2017' },
    { system: 'MF, well tuned (about)', metrics: { 'HR@10': 0.73, 'NDCG@10': 0.45 }, source: 'Rendle et al. 2020' },
  ],
  run,
  tuningData,
};
