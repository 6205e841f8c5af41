/**
 * Hyperparameter search for a recall channel: random search over the
 * channel's declared space (ChannelSpec.search), each trial fitted on train
 * minus a validation split carved from it and scored on that split (full
 * ranking). The first trial is the configured options, so the best found is
 * never worse on validation than what is configured. Iterative channels
 * (those calling FitOptions.onEpoch) are scored after every epoch, which
 * gives their training curves and lets poor trials be pruned early.
 */
import type { Config } from '../config.js';
import type { Pin } from '../domain/types.js';
import { inDependencyOrder, fitChannels } from '../recall/fit.js';
import { Interactions } from '../recall/interactions.js';
import { channelOptions, channelSpec, createChannel } from '../recall/registry.js';
import type { SearchSpace } from '../recall/search-space.js';
import type { RecallChannel } from '../recall/types.js';
import { InputError } from '../wire/convert.js';
import { RANKING_METRICS } from './accumulator.js';
import { evaluateRecall } from './evaluate.js';
import { randomSearch, type Objective, type Params, type Pruning, type Trial } from './search.js';
import { leaveLastOut, randomSplit, type InteractionRecord, type Split, type TestSet } from './splits.js';

export type ValidationSplit = 'leave-last-out' | 'random';
export const VALIDATION_SPLITS: readonly ValidationSplit[] = ['leave-last-out', 'random'];

/**
 * A validation split made by the caller instead of `validation`, for
 * protocols whose test is shaped differently (e.g. cold items ranked among
 * themselves): `train` must come from the training records only.
 */
export interface CustomValidation {
  /** Named in the result (e.g. "held-out items"). */
  name: string;
  train: readonly InteractionRecord[];
  test: TestSet;
  /** What each trial's model is scored as (e.g. restricted to the validation items). */
  restrict?: (channel: RecallChannel) => RecallChannel;
}

export interface TuneOptions {
  config: Config;
  trials: number;
  seed: number;
  /** Stop after this many trials without improvement. Default: never. */
  patience?: number;
  /** Default 'median'. */
  pruning?: Pruning;
  /** Trials that must have completed before any is pruned. Default 5. */
  startupTrials?: number;
  /**
   * Epochs up to this one are never pruned. Default 3: validation scores of
   * the first epochs mostly reflect the learning rate, not where a trial ends.
   */
  warmupEpochs?: number;
  /** Maximised on validation, e.g. "NDCG@10" (default), "Recall@20", "MRR". */
  metric?: string;
  /** How validation is carved from the records: each user's latest pin (default), a random share of each user's pins, or the caller's split. */
  validation?: ValidationSplit | CustomValidation;
  /** For the random split: the share of each user's pins held out. Default 0.1. */
  validationShare?: number;
  /**
   * Which epochs of iterative channels are scored on validation (for curves
   * and pruning): 1, 2, 4, 8, ... (default; scoring can cost more than an
   * epoch) or every one. The last epoch is always scored.
   */
  scoreEpochs?: 'doubling' | 'every';
  /** The pins, for channels that read their content. */
  catalog?: readonly Pin[];
  /**
   * Replaces or adds parameters of the channel's declared space (a narrower
   * second search; a one-value choice fixes an option). Each must be an
   * option of the channel.
   */
  space?: SearchSpace;
  onTrial?: (trial: Trial) => void;
}

export interface TuneResult {
  channel: string;
  metric: string;
  space: SearchSpace;
  validation: { split: string; users: number; trainRecords: number };
  /** The configured values of the searched options (trial 1). */
  configured: Params;
  best: Trial;
  trials: Trial[];
  stoppedEarly?: string;
  seconds: number;
}

/** The metric's cut-off, with a clear error for a metric the evaluation loop does not compute or that is not "higher is better". */
export function metricCutoff(metric: string): number {
  if (metric === 'MRR') return 10;
  const match = /^([A-Za-z]+)@(\d+)$/.exec(metric);
  if (!match || !(RANKING_METRICS as readonly string[]).includes(match[1]!) || Number(match[2]) < 1) {
    throw new InputError('metric', `must be MRR or one of ${RANKING_METRICS.join(', ')} at a cut-off, like NDCG@10; got "${metric}"`);
  }
  return Number(match[2]);
}

/** Train minus validation, and the validation pins per user. */
export function validationSplit(records: readonly InteractionRecord[], split: ValidationSplit, share: number, seed: number): Split {
  if (split === 'leave-last-out') return leaveLastOut(records);
  if (split === 'random') {
    if (!(share > 0 && share < 1)) throw new InputError('validationShare', `must be strictly between 0 and 1, got ${share}`);
    return randomSplit(records, { ratios: [1 - share, share], seed });
  }
  throw new InputError('validation', `must be one of ${VALIDATION_SPLITS.join(', ')}, got "${split as string}"`);
}

/** The declared space with `changes` applied, each checked to be an option of the channel. */
function searchSpaceOf(channel: string, declared: SearchSpace, defaults: object, changes: SearchSpace = {}): SearchSpace {
  const options = Object.keys(defaults);
  for (const name of Object.keys(changes)) {
    if (!options.includes(name)) throw new InputError(`space.${name}`, `"${channel}" has no such option; its options: ${options.join(', ')}`);
  }
  return { ...declared, ...changes };
}

/** Searches `channel`'s space on `records` (the training records; the test set never enters). */
export async function tuneChannel(channel: string, records: readonly InteractionRecord[], options: TuneOptions): Promise<TuneResult> {
  const started = performance.now();
  const spec = channelSpec(channel);
  if (!spec.search) throw new InputError('channels', `channel "${channel}" declares no search space`);
  const space = searchSpaceOf(channel, spec.search, spec.defaults, options.space);
  const metric = options.metric ?? 'NDCG@10';
  const ks = [metricCutoff(metric)];
  const chosen = options.validation ?? 'leave-last-out';
  const custom = typeof chosen === 'string' ? undefined : chosen;
  const splitName = typeof chosen === 'string' ? chosen : chosen.name;
  const { train: fitRecords, test: validation }: { train: readonly InteractionRecord[]; test: TestSet } =
    typeof chosen === 'string' ? validationSplit(records, chosen, options.validationShare ?? 0.1, options.seed) : chosen;
  if (fitRecords.length === 0 || validation.size === 0) {
    throw new InputError('records', `the ${splitName} validation split left ${fitRecords.length} records to fit and ${validation.size} users to validate on`);
  }
  const data = Interactions.fromRecords(fitRecords);
  const now = fitRecords.reduce((t, r) => Math.max(t, r.timestamp), -Infinity);
  const { config, catalog } = options;

  // Channels this one builds on are fitted once, with their configured options.
  const dependencies = inDependencyOrder([channel], config).filter((name) => name !== channel);
  const { channels: fitted } = await fitChannels(dependencies, data, config, { now, catalog });

  const configuredOptions = channelOptions(channel, config) as Record<string, unknown>;
  const configured: Params = {};
  for (const name of Object.keys(space)) configured[name] = configuredOptions[name] as Params[string];

  const scoreEvery = options.scoreEpochs === 'every';
  const objective: Objective = async (params, trial) => {
    const model = createChannel(channel, config, params);
    const scored = custom?.restrict ? custom.restrict(model) : model;
    const score = () => evaluateRecall(scored, data, validation, { ks, now }).metrics[metric]!;
    let last: { epoch: number; metrics: Record<string, number>; scored: boolean } | undefined;
    const onEpoch = (epoch: number, metrics: Record<string, number>) => {
      const scored = scoreEvery || (epoch & (epoch - 1)) === 0;
      last = { epoch, metrics, scored };
      if (scored) trial.reportEpoch(epoch, score(), metrics);
    };
    await model.fit(data, { now, catalog, fitted, onEpoch });
    const value = score();
    // The fitted model is its last epoch's, so the final score completes the curve.
    if (last && !last.scored) trial.recordEpoch(last.epoch, value, last.metrics);
    return value;
  };
  const search = await randomSearch(space, objective, {
    trials: options.trials,
    seed: options.seed,
    patience: options.patience,
    pruning: options.pruning,
    startupTrials: options.startupTrials ?? 5,
    warmupEpochs: options.warmupEpochs ?? 3,
    initial: [configured],
    onTrial: options.onTrial,
  });
  const result: TuneResult = {
    channel,
    metric,
    space,
    validation: { split: splitName, users: validation.size, trainRecords: fitRecords.length },
    configured,
    best: search.best,
    trials: search.trials,
    seconds: (performance.now() - started) / 1000,
  };
  if (search.stoppedEarly) result.stoppedEarly = search.stoppedEarly;
  return result;
}
