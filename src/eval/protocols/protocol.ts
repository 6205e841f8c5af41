/**
 * What every named evaluation protocol shares: how it describes itself, the
 * published figures it is compared with, what a run returns, how a run
 * starts (the channels, the tuned settings) and ends. The steps in between
 * are in run-steps.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Pin } from '../../domain/types.js';
import type { ProgressFactory } from '../../progress.js';
import { CHANNEL_NAMES, channelSpec, EVALUATED_CHANNEL_NAMES } from '../../recall/registry.js';
import { InputError } from '../../wire/convert.js';
import type { BlendChoice } from '../blend.js';
import type { EvaluationResult } from '../context.js';
import type { ReportMetadata } from '../report.js';
import type { InteractionRecord } from '../splits.js';
import type { CustomValidation, ValidationSplit } from '../tune.js';
import { tunedSettingsFor, type ProtocolTuned, type TunedSettings } from './tuned.js';

export interface ProtocolOptions {
  config: Config;
  /** The folder holding the public datasets, one sub-folder each (e.g. ../shared/datasets). */
  datasetsDir: string;
  /** Channels to evaluate; default every channel the protocol's data can feed. */
  channels?: readonly string[];
  /** Choose and evaluate the best blend (default true; it needs a second fit on validation data). */
  blend?: boolean;
  /**
   * Tuned channel options per protocol (default the project's,
   * tuned-settings.ts); false runs every channel with default options only.
   */
  tuned?: TunedSettings | false;
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
  /** The blend's members fitted with tuned options (the others with default options). */
  tunedMembers?: readonly string[];
}

export interface ProtocolRun {
  protocol: string;
  title: string;
  metadata: ReportMetadata;
  /** The metrics the protocol reports (its tables show these). */
  metrics: readonly string[];
  tables: ProtocolTable[];
  published: readonly PublishedFigure[];
  /** The tuned settings the run used, by channel (rows "name (tuned)"). */
  tuned: ProtocolTuned;
  seconds: number;
}

/**
 * A protocol's training data for `tessera evaluate --protocol NAME --tune`:
 * the records its channels are fitted on for the test (never the test
 * itself), and the validation split that suits the protocol.
 */
export interface TuningData {
  records: readonly InteractionRecord[];
  catalog?: readonly Pin[];
  /** The default validation split carved from `records`. */
  validation: ValidationSplit | CustomValidation;
  /** What the records are, in a few words (e.g. "the 80% train part"). */
  describe: string;
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
  /** Absent when the protocol's test has no validation counterpart the tuner can score. */
  tuningData?(options: ProtocolOptions): Promise<TuningData>;
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

/** What a run starts from: when, the channels to evaluate and the protocol's tuned settings. */
export interface RunStart {
  started: number;
  names: string[];
  tuned: ProtocolTuned;
}

/** Checks the channels asked for and the protocol's tuned settings before any data is read. */
export function startRun(options: ProtocolOptions, protocol: Protocol, hasCatalog: boolean, extra: readonly string[] = []): RunStart {
  return {
    started: performance.now(),
    names: channelsToEvaluate(options, protocol.name, hasCatalog, extra),
    tuned: tunedSettingsFor(options.tuned, protocol.name),
  };
}

/** What a run returns, from the protocol's description and what the run measured. */
export function protocolRun(protocol: Protocol, start: RunStart, metadata: Omit<ReportMetadata, 'protocol'>, tables: ProtocolTable[]): ProtocolRun {
  return {
    protocol: protocol.name,
    title: protocol.title,
    metadata: { protocol: protocol.name, ...metadata },
    metrics: protocol.metrics,
    tables,
    published: protocol.published,
    tuned: Object.fromEntries(Object.entries(start.tuned).filter(([name]) => start.names.includes(name))),
    seconds: (performance.now() - start.started) / 1000,
  };
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
