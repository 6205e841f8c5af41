/**
 * What every named evaluation protocol shares: how it describes itself, the
 * published figures it is compared with, what a run returns, and the steps
 * of a run (fit the channels with progress, evaluate each, choose the blend
 * weights on validation data and evaluate the blend like any channel).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Pin, User } from '../../domain/types.js';
import { silentProgress, type Progress, type ProgressFactory } from '../../progress.js';
import { fitChannels } from '../../recall/fit.js';
import type { Interactions } from '../../recall/interactions.js';
import { CHANNEL_NAMES, channelSpec, EVALUATED_CHANNEL_NAMES } from '../../recall/registry.js';
import type { RecallChannel } from '../../recall/types.js';
import { InputError } from '../../wire/convert.js';
import { BlendChannel, chooseBlend, type BlendCases, type BlendChoice } from '../blend.js';
import type { EvaluationResult } from '../context.js';
import type { ReportMetadata } from '../report.js';

export interface ProtocolOptions {
  config: Config;
  /** The folder holding the public datasets, one sub-folder each (e.g. ../shared/datasets). */
  datasetsDir: string;
  /** Channels to evaluate; default every channel the protocol's data can feed. */
  channels?: readonly string[];
  /** Choose and evaluate the best blend (default true; it needs a second fit on validation data). */
  blend?: boolean;
  /** Progress bars for long steps (default none). */
  progress?: ProgressFactory;
  /** One line per step (default none). */
  log?: (line: string) => void;
}

/** A figure another system published under the same protocol. */
export interface PublishedFigure {
  system: string;
  metrics: Record<string, number>;
  /** Where it was published. */
  source: string;
}

export interface ProtocolTable {
  /** Tells the tables of one run apart (e.g. "k=3"); absent when the run has one table. */
  key?: string;
  title: string;
  /** One per channel, the blend last. */
  results: EvaluationResult[];
  /** The blend's weights and how they were chosen, when a blend was evaluated. */
  blend?: BlendChoice;
}

export interface ProtocolRun {
  protocol: string;
  title: string;
  metadata: ReportMetadata;
  /** The metrics the protocol reports (its tables show these). */
  metrics: readonly string[];
  tables: ProtocolTable[];
  published: readonly PublishedFigure[];
  seconds: number;
}

export interface Protocol {
  name: string;
  title: string;
  /** Dataset folders it reads. */
  datasets: readonly string[];
  /** One line: the split and what is ranked. */
  summary: string;
  metrics: readonly string[];
  published: readonly PublishedFigure[];
  run(options: ProtocolOptions): Promise<ProtocolRun>;
}

/** The name every protocol gives the blend row. */
export const BLEND = 'blend';

/** The dataset's folder, or a clear error when it is missing. */
export function datasetDir(options: ProtocolOptions, name: string): string {
  const dir = path.join(options.datasetsDir, name);
  if (!fs.existsSync(dir)) throw new InputError('datasets', `dataset "${name}" not found at ${dir} (set --datasets or TESSERA_DATASETS)`);
  return dir;
}

/**
 * The channels to evaluate: those asked for, or every registered channel the
 * data can feed (channels that read pin text only with a catalogue), then
 * the protocol's own baselines (`extra`).
 */
export function channelsToEvaluate(options: ProtocolOptions, protocol: string, hasCatalog: boolean, extra: readonly string[] = []): string[] {
  if (!options.channels) return [...EVALUATED_CHANNEL_NAMES.filter((name) => hasCatalog || !channelSpec(name).readsCatalog), ...extra];
  for (const name of options.channels) {
    if (name === BLEND) throw new InputError('channels', `"${BLEND}" is not a channel: the blend is evaluated unless turned off`);
    if (extra.includes(name)) continue;
    if (channelSpec(name).readsCatalog && !hasCatalog) throw new InputError('channels', `channel "${name}" reads pin text, which ${protocol} does not have`);
  }
  return [...new Set(options.channels)];
}

export const isRegistered = (name: string): boolean => CHANNEL_NAMES.includes(name);

/** Fits registered channels (and what they depend on), one progress bar per channel. */
export async function fitWithProgress(
  names: readonly string[],
  data: Interactions,
  options: ProtocolOptions,
  fit: { now: number; catalog?: readonly Pin[]; users?: readonly User[]; label: string },
): Promise<Map<string, RecallChannel>> {
  const progress = options.progress ?? silentProgress;
  let bar: Progress | undefined;
  let current = '';
  const { channels, fitSeconds } = await fitChannels(names, data, options.config, {
    now: fit.now,
    catalog: fit.catalog,
    users: fit.users,
    onChannel: (name) => {
      bar?.stop();
      bar = undefined;
      current = name;
      options.log?.(`${fit.label}: fitting ${name}…`);
    },
    onProgress: (done, total) => {
      bar ??= progress(`fitting ${current}`, total, 'steps');
      bar.update(done);
    },
  });
  bar?.stop();
  options.log?.(`${fit.label}: fitted ${Object.entries(fitSeconds).map(([name, s]) => `${name} ${s.toFixed(1)}s`).join(', ')}`);
  return channels;
}

/** Evaluates each channel with a progress bar; `evaluate` runs one of the loops of src/eval. */
export function evaluateEach(
  channels: readonly RecallChannel[],
  options: ProtocolOptions,
  total: number,
  unit: string,
  evaluate: (channel: RecallChannel, onProgress: (done: number) => void) => EvaluationResult,
): EvaluationResult[] {
  const progress = options.progress ?? silentProgress;
  return channels.map((channel) => {
    const bar = progress(`evaluating ${channel.name}`, total, unit);
    const result = evaluate(channel, (done) => bar.update(done));
    bar.stop();
    return result;
  });
}

/**
 * Chooses blend weights from validation cases that `collect` gathers (with a
 * progress bar), maximising `objective`.
 */
export function chooseBlendWithProgress(
  options: ProtocolOptions,
  label: string,
  total: number,
  objective: string,
  collect: (onProgress: (done: number) => void) => BlendCases,
): BlendChoice {
  const bar = (options.progress ?? silentProgress)(label, total, 'users');
  const cases = collect((done) => bar.update(done));
  bar.stop();
  const choice = chooseBlend(cases, { objective });
  const weights = Object.entries(choice.weights)
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name} ${w}`)
    .join(', ');
  options.log?.(`blend: ${choice.normalisation} normalisation, weights ${weights}; validation ${objective} ${choice.validation.toFixed(4)} on ${choice.cases} cases`);
  return choice;
}

/** The blend of `members` (already fitted, by name) with the chosen weights. */
export function blendOf(members: readonly RecallChannel[], choice: BlendChoice): BlendChannel {
  return new BlendChannel(new Map(members.map((c) => [c.name, c])), choice, BLEND);
}

/** Only the ranking metrics of a result (for protocols where beyond-accuracy metrics over the training catalogue mean nothing). */
export function rankingMetricsOnly(result: EvaluationResult): EvaluationResult {
  const metrics = Object.fromEntries(Object.entries(result.metrics).filter(([key]) => /^(HR|Precision|Recall|NDCG|MAP|MRR)(@|$)/.test(key)));
  return { ...result, metrics };
}

/** The latest timestamp of the records: the time recall runs at. */
export function latestTime(records: readonly { timestamp: number }[]): number {
  let t = 0;
  for (const r of records) t = Math.max(t, r.timestamp);
  return t;
}
