/**
 * The feed's ranker as part of a model set: trained on the model set's
 * event log (point-in-time examples, src/features/examples.ts), on the
 * latest `maxExamples` impressions, with the architecture and options of
 * `feed.rank`. When the log holds too few impressions to learn from (say,
 * a dataset of ratings without impressions) no ranker is trained, and the
 * outcome says why: the feed then ranks by channel fusion.
 */
import { ConfigError, type Config } from '../config.js';
import type { Examples } from '../features/examples.js';
import { exampleCount, subsetExamples, type LabelledExamples } from './data.js';
import { TASKS } from './heads.js';
import { MultiTaskRanker, multiTaskOptions, type Architecture, type MultiTaskOptions } from './multitask.js';
import type { RankConfig } from './stage-config.js';

/** What a model set records about its ranker (in its manifest). */
export type RankerInfo =
  | {
      status: 'trained';
      architecture: Architecture;
      /** Impressions in the event log, and how many of the latest the ranker trained on (validation included). */
      impressions: number;
      examples: number;
      epochs: number;
      bestEpoch: number;
      seconds: number;
    }
  | { status: 'skipped'; reason: string; impressions?: number };

export const RANKER_OFF: RankerInfo = { status: 'skipped', reason: 'feed.rank is null' };

export interface FeedRankerOutcome {
  ranker?: MultiTaskRanker;
  info: RankerInfo;
}

export interface FeedRankerHooks {
  onStage?: (message: string) => void;
  onEpoch?: (epoch: number, epochs: number) => void;
}

/** The ranker's training options from `feed.rank`, validated; errors name the configuration field. */
export function rankerOptions(rank: NonNullable<RankConfig>, startup = false): MultiTaskOptions {
  let options: MultiTaskOptions;
  try {
    options = multiTaskOptions({ ...(rank.options as Partial<MultiTaskOptions>), architecture: rank.architecture });
  } catch (error) {
    throw new ConfigError(`feed.rank.options${(error as Error).message.replace(/^ranker options/, '')}`);
  }
  return startup ? { ...options, epochs: Math.min(options.epochs, rank.startup.epochs) } : options;
}

/** The latest `n` examples (the log is in time order). */
function latest(examples: LabelledExamples, n: number): LabelledExamples {
  const total = exampleCount(examples);
  if (total <= n) return examples;
  return subsetExamples(examples, Array.from({ length: n }, (_, i) => total - n + i));
}

function engaged(examples: LabelledExamples): number {
  let count = 0;
  for (let i = 0; i < exampleCount(examples); i++) if (TASKS.some((t) => examples.labels[t][i] === 1)) count++;
  return count;
}

/**
 * Trains the ranker of `config.feed.rank` on `examples`, or says why not.
 * `startup` applies `feed.rank.startup`'s caps (the training before a first
 * feed is served).
 */
export async function trainFeedRanker(
  examples: Examples | LabelledExamples,
  config: Config,
  options: { startup?: boolean } & FeedRankerHooks = {},
): Promise<FeedRankerOutcome> {
  const rank = config.feed.rank;
  const impressions = exampleCount(examples);
  const skip = (reason: string): FeedRankerOutcome => ({ info: { status: 'skipped', reason, impressions } });
  if (!rank) return { info: RANKER_OFF };
  if (impressions < rank.minImpressions) {
    return skip(`${impressions} impressions of known pins in the event log, fewer than feed.rank.minImpressions (${rank.minImpressions})`);
  }
  const used = latest(examples, Math.min(rank.maxExamples, options.startup ? rank.startup.maxExamples : Infinity));
  if (engaged(used) === 0) return skip('no impression was followed by a closeup, click, save or hide');
  const networkOptions = rankerOptions(rank, options.startup);
  const started = performance.now();
  const ranker = await MultiTaskRanker.fit(used, networkOptions, {
    onStage: options.onStage,
    onEpoch: (e) => options.onEpoch?.(e.epoch, networkOptions.epochs),
  });
  const training = ranker.fitInfo!.training;
  return {
    ranker,
    info: {
      status: 'trained',
      architecture: networkOptions.architecture,
      impressions,
      examples: exampleCount(used),
      epochs: training.epochs.length,
      bestEpoch: training.bestEpoch,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/** One line for people: what the model set's ranking stage will do. */
export function describeRanker(info: RankerInfo | undefined): string {
  if (!info) return 'no ranker in this model set (trained before rankers were): the feed ranks by channel fusion';
  if (info.status === 'skipped') return `no ranker (${info.reason}): the feed ranks by channel fusion`;
  return (
    `ranker ${info.architecture}: ${info.examples} of ${info.impressions} impressions, ` +
    `${info.epochs} epochs (kept ${info.bestEpoch}) in ${info.seconds.toFixed(1)} s`
  );
}
