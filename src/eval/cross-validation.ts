/**
 * k-fold cross-validation over users' interactions: each user's distinct
 * pins are dealt at random (seeded per user) into k folds; fold f is the test
 * set once, with the other k - 1 folds as train. Every channel is fitted and
 * evaluated (full ranking) on each fold, and each metric is summarised as the
 * mean and the sample standard deviation (n - 1) over the folds.
 */
import { Random, fnv1a } from '../math/random.js';
import { Interactions } from '../recall/interactions.js';
import type { RecallChannel } from '../recall/types.js';
import { InputError } from '../wire/convert.js';
import type { EvaluationResult } from './context.js';
import { evaluateRecall } from './evaluate.js';
import type { InteractionRecord, TestSet } from './splits.js';

export interface KFoldOptions {
  /** At least 2. */
  folds: number;
  seed: number;
}

export interface Fold {
  train: InteractionRecord[];
  test: TestSet;
}

function checkFolds(folds: number): void {
  if (!Number.isInteger(folds) || folds < 2) throw new InputError('folds', `must be a whole number of at least 2, got ${folds}`);
}

/**
 * The k train/test splits. A user's pins are ordered by id, shuffled by a
 * generator seeded from (seed, user id), and dealt round-robin from a random
 * starting fold, so each user's folds differ in size by at most one and no
 * fold is systematically larger. Every record of a (user, pin) pair lands in
 * the same fold, so a test pin is never also in that fold's train.
 */
export function kFoldSplits(records: readonly InteractionRecord[], options: KFoldOptions): Fold[] {
  const { folds, seed } = options;
  checkFolds(folds);
  const pinsByUser = new Map<string, Set<string>>();
  for (const r of records) {
    let pins = pinsByUser.get(r.userId);
    if (!pins) pinsByUser.set(r.userId, (pins = new Set()));
    pins.add(r.pinId);
  }
  const foldOf = new Map<string, Map<string, number>>();
  for (const [userId, pins] of pinsByUser) {
    const random = new Random(fnv1a(`${seed}:${userId}`));
    const ordered = random.shuffle([...pins].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const offset = random.int(folds);
    foldOf.set(userId, new Map(ordered.map((pinId, p) => [pinId, (p + offset) % folds])));
  }
  const out: Fold[] = Array.from({ length: folds }, () => ({ train: [], test: new Map() }));
  for (const [userId, pins] of foldOf) {
    for (const [pinId, f] of pins) {
      const test = out[f]!.test;
      let set = test.get(userId);
      if (!set) test.set(userId, (set = new Set()));
      set.add(pinId);
    }
  }
  for (const r of records) {
    const f = foldOf.get(r.userId)!.get(r.pinId)!;
    for (let g = 0; g < folds; g++) if (g !== f) out[g]!.train.push(r);
  }
  return out;
}

export interface MeanAndDeviation {
  mean: number;
  /** Sample standard deviation (n - 1); NaN for a single value. */
  std: number;
}

export function meanAndDeviation(values: readonly number[]): MeanAndDeviation {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: Number.NaN };
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}

/** Fits the channels to evaluate on one fold's train. */
export type FitFold = (train: Interactions, now: number, fold: number) => Promise<ReadonlyMap<string, RecallChannel>>;

export interface CrossValidationOptions extends KFoldOptions {
  ks: readonly number[];
  /** Channels to evaluate, of those `fit` returns; default: all of them, in the order returned. */
  channels?: readonly string[];
  /** Called as each fold starts. */
  onFold?: (fold: number, folds: number) => void;
  /** Progress of each evaluation loop. */
  onProgress?: (channel: string, done: number, total: number) => void;
}

export interface CrossValidationResult {
  channel: string;
  /** One result per fold. */
  folds: EvaluationResult[];
  mean: Record<string, number>;
  std: Record<string, number>;
  /** The folds summed up, with the mean metrics: users and seconds are totals over the folds. */
  summary: EvaluationResult;
}

function summarise(channel: string, folds: readonly EvaluationResult[]): CrossValidationResult {
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  const keys = new Set(folds.flatMap((f) => Object.keys(f.metrics)));
  for (const key of keys) {
    const m = meanAndDeviation(folds.map((f) => f.metrics[key] ?? Number.NaN));
    mean[key] = m.mean;
    std[key] = m.std;
  }
  const sum = (pick: (r: EvaluationResult) => number) => folds.reduce((a, r) => a + pick(r), 0);
  const summary: EvaluationResult = {
    channel,
    metrics: mean,
    users: sum((r) => r.users),
    skipped: { notInTrain: sum((r) => r.skipped.notInTrain), noRelevant: sum((r) => r.skipped.noRelevant) },
    excludedRelevant: sum((r) => r.excludedRelevant),
    seconds: sum((r) => r.seconds),
  };
  return { channel, folds: [...folds], mean, std, summary };
}

/** Fits and evaluates on every fold; one result per channel. */
export async function crossValidate(
  records: readonly InteractionRecord[],
  fit: FitFold,
  options: CrossValidationOptions,
): Promise<CrossValidationResult[]> {
  const splits = kFoldSplits(records, options);
  const byChannel = new Map<string, EvaluationResult[]>();
  for (let f = 0; f < splits.length; f++) {
    options.onFold?.(f, splits.length);
    const { train: trainRecords, test } = splits[f]!;
    if (trainRecords.length === 0) throw new InputError('records', `fold ${f + 1} has nothing to train on`);
    const train = Interactions.fromRecords(trainRecords);
    const now = trainRecords.reduce((t, r) => Math.max(t, r.timestamp), -Infinity);
    const channels = await fit(train, now, f);
    for (const name of options.channels ?? [...channels.keys()]) {
      const channel = channels.get(name);
      if (!channel) throw new Error(`cross-validation: the fold's fit returned no channel "${name}"`);
      const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(name, done, total));
      const result = evaluateRecall(channel, train, test, { ks: options.ks, now, onProgress });
      let results = byChannel.get(name);
      if (!results) byChannel.set(name, (results = []));
      results.push(result);
    }
  }
  return [...byChannel].map(([name, folds]) => summarise(name, folds));
}
