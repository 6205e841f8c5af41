/**
 * The `tessera evaluate` modes beyond one train/test evaluation:
 * `--folds k` (k-fold cross-validation), `--tune` (hyperparameter search per
 * channel, then the best options on the test set), `--html` (the report
 * page) and `--ranking --sweep` (the utility weight sweep). evaluate.ts reads
 * the data and calls these.
 */
import fs from 'node:fs';
import type { Config } from '../../config.js';
import type { Pin } from '../../domain/types.js';
import type { MultiTaskOptions } from '../../rank/multitask-options.js';
import { utilityWeights, type UtilityWeights } from '../../rank/utility.js';
import type { EvaluationResult } from '../../eval/context.js';
import { crossValidate } from '../../eval/cross-validation.js';
import { resultAt, withCurveKs } from '../../eval/cutoffs.js';
import { evaluateRecall } from '../../eval/evaluate.js';
import { renderHtmlReport, type EpochRecord, type HtmlReportInput } from '../../eval/html/report.js';
import { formatTable, metricNames, reportJson, type ReportMetadata } from '../../eval/report.js';
import { tunedLabel } from '../../eval/protocols/tuned.js';
import { PRUNING_RULES, type Pruning, type Trial } from '../../eval/search.js';
import type { InteractionRecord, TestSet } from '../../eval/splits.js';
import type { SearchSpace } from '../../recall/search-space.js';
import { tuneChannel, VALIDATION_SPLITS, type CustomValidation, type TuneResult, type ValidationSplit } from '../../eval/tune.js';
import { fitChannels } from '../../recall/fit.js';
import { Interactions } from '../../recall/interactions.js';
import { openStore } from '../../store/open.js';
import type { Progress } from '../progress.js';
import { terminalProgress } from '../progress.js';

export interface ModeFlags {
  folds?: string;
  tune?: boolean;
  trials: string;
  patience: string;
  pruning: string;
  metric: string;
  /** Default leave-last-out; with --protocol, the protocol's own. */
  validation?: string;
  /** JSON: channel → search parameters replacing or adding to its declared space. */
  space?: string;
  seed: string;
  html?: string;
  json?: boolean;
}

export interface ModeInput {
  config: Config;
  names: readonly string[];
  ks: readonly number[];
  catalog?: readonly Pin[];
  metadata: ReportMetadata;
  flags: ModeFlags;
}

export function parseWhole(text: string, flag: string, minimum: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < minimum) throw new Error(`${flag} takes a whole number of at least ${minimum}; got "${text}"`);
  return n;
}

export function oneOf<T extends string>(text: string, flag: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`${flag} takes one of ${allowed.join(', ')}; got "${text}"`);
  return text as T;
}

/** The Ks to evaluate at: the report draws metrics against K = 1..50. */
export const evaluationKs = (ks: readonly number[], flags: ModeFlags): number[] => (flags.html ? withCurveKs(ks) : [...ks]);

/** One progress bar at a time on stderr (none with --json), labelled by what it counts. */
export function progressLine(quiet: boolean): { update(label: string, done: number, total: number): void; stop(): void } {
  let bar: Progress | undefined;
  let current = '';
  return {
    update(label, done, total) {
      if (quiet) return;
      if (label !== current) {
        bar?.stop();
        bar = terminalProgress(label, total, 'users');
        current = label;
      }
      bar!.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = '';
    },
  };
}

export function writeHtml(file: string, input: HtmlReportInput): void {
  writeHtmlPage(file, renderHtmlReport(input));
}

function writeHtmlPage(file: string, html: string): void {
  fs.writeFileSync(file, html);
  process.stderr.write(`report written to ${file}\n`);
}

const say = (flags: ModeFlags, line: string) => flags.json || process.stderr.write(line + '\n');

/** `--folds k`: every channel fitted and evaluated on each of k folds of `records`; mean and standard deviation. */
export async function crossValidationMode(records: readonly InteractionRecord[], input: ModeInput): Promise<void> {
  const { config, names, ks, catalog, flags } = input;
  const folds = parseWhole(flags.folds!, '--folds', 2);
  const seed = parseWhole(flags.seed, '--seed', 0);
  const progress = progressLine(flags.json === true);
  const results = await crossValidate(
    records,
    async (train, now, fold) => {
      const fitted = await fitChannels(names, train, config, { now, catalog, onChannel: (name) => say(flags, `fold ${fold + 1}/${folds}: fitting ${name}…`) });
      return fitted.channels;
    },
    {
      folds,
      seed,
      ks: evaluationKs(ks, flags),
      channels: names,
      onProgress: (name, done, total) => progress.update(`evaluating ${name}`, done, total),
    },
  );
  progress.stop();
  const means = results.map((r) => resultAt(r.summary, ks));
  const deviations = results.map((r) => resultAt({ ...r.summary, metrics: r.std }, ks));
  const metadata = { ...input.metadata, details: { ...input.metadata.details, folds, seed } };
  if (flags.json) {
    const out = Object.fromEntries(
      results.map((r, i) => [r.channel, { mean: means[i]!.metrics, std: deviations[i]!.metrics, folds: r.folds.map((f) => resultAt(f, ks).metrics) }]),
    );
    console.log(JSON.stringify({ ...out, report: reportJson(means, metadata) }));
  } else {
    console.log(`${metadata.protocol} (${metadata.split}): ${folds} folds, ${means[0]?.users ?? 0} user-folds evaluated`);
    console.log('mean ± standard deviation (n - 1) over the folds; users and seconds are totals');
    console.log(formatTable(means, { deviations: Object.fromEntries(deviations.map((d) => [d.channel, d.metrics])) }));
  }
  if (flags.html) {
    writeHtml(flags.html, {
      title: `Tessera evaluation: ${folds}-fold cross-validation`,
      metadata,
      results: results.map((r) => r.summary),
      tableMetrics: metricNames(means),
      deviations: Object.fromEntries(results.map((r) => [r.channel, r.std])),
    });
  }
}

function trialLine(trial: Trial, total: number, metric: string): string {
  const value = trial.value === undefined ? '      -' : trial.value.toFixed(4);
  const outcome = trial.status === 'complete' ? '' : `  ${trial.note}`;
  return `  trial ${String(trial.number).padStart(3)}/${total}  ${metric} ${value}  ${trial.seconds.toFixed(1)}s  ${JSON.stringify(trial.params)}${outcome}`;
}

/** `--space`: channel → search parameters, for channels among `names`. */
function parseSpaces(text: string | undefined, names: readonly string[]): Record<string, SearchSpace> {
  if (text === undefined) return {};
  let spaces: unknown;
  try {
    spaces = JSON.parse(text);
  } catch (error) {
    throw new Error(`--space takes JSON like {"ials":{"factors":{"kind":"int","min":32,"max":128}}}: ${(error as Error).message}`);
  }
  if (typeof spaces !== 'object' || spaces === null || Array.isArray(spaces)) throw new Error('--space takes a JSON object: channel → search parameters');
  for (const [name, space] of Object.entries(spaces)) {
    if (!names.includes(name)) throw new Error(`--space names "${name}", which is not among the channels tuned (${names.join(', ')})`);
    if (typeof space !== 'object' || space === null) throw new Error(`--space: "${name}" needs an object of search parameters`);
  }
  return spaces as Record<string, SearchSpace>;
}

/** The search settings of the tuning flags, checked. */
export function parseTuning(flags: ModeFlags, names: readonly string[]): { trials: number; patience: number; seed: number; pruning: Pruning; spaces: Record<string, SearchSpace> } {
  return {
    trials: parseWhole(flags.trials, '--trials', 1),
    patience: parseWhole(flags.patience, '--patience', 1),
    seed: parseWhole(flags.seed, '--seed', 0),
    pruning: oneOf<Pruning>(flags.pruning, '--pruning', PRUNING_RULES),
    spaces: parseSpaces(flags.space, names),
  };
}

/** Each channel's search on `records` (validation carved from them), one line per trial on stderr. */
export async function tuneEach(
  names: readonly string[],
  records: readonly InteractionRecord[],
  input: { config: Config; catalog?: readonly Pin[]; flags: ModeFlags },
  validation: ValidationSplit | CustomValidation,
): Promise<TuneResult[]> {
  const { config, catalog, flags } = input;
  const { trials, patience, seed, pruning, spaces } = parseTuning(flags, names);
  const tuned: TuneResult[] = [];
  for (const name of names) {
    const split = typeof validation === 'string' ? validation : validation.name;
    say(flags, `tuning ${name}: up to ${trials} trials, ${flags.metric} on a ${split} validation split…`);
    const result = await tuneChannel(name, records, {
      config,
      trials,
      seed,
      patience,
      pruning,
      metric: flags.metric,
      validation,
      catalog,
      ...(spaces[name] ? { space: spaces[name] } : {}),
      onTrial: (t) => say(flags, trialLine(t, trials, flags.metric)),
    });
    say(flags, `${name}: best ${flags.metric} ${result.best.value!.toFixed(4)} (trial ${result.best.number}) in ${result.seconds.toFixed(1)}s${result.stoppedEarly ? `; stopped early: ${result.stoppedEarly}` : ''}`);
    tuned.push(result);
  }
  return tuned;
}

/**
 * `--tune`: each channel's search on `trainRecords` (validation carved from
 * them), then the configured and the best options fitted on all of train and
 * evaluated on the test set. The best options are printed as JSON for
 * `training.channels`.
 */
export async function tuningMode(trainRecords: readonly InteractionRecord[], test: TestSet, input: ModeInput): Promise<void> {
  const { config, names, ks, catalog, flags } = input;
  if (test.size === 0) throw new Error('--tune reports the best options on a test set, and this split has none');
  const { trials, seed } = parseTuning(flags, names);
  const validation = oneOf<ValidationSplit>(flags.validation ?? 'leave-last-out', '--validation', VALIDATION_SPLITS);
  const tuned = await tuneEach(names, trainRecords, { config, catalog, flags }, validation);

  const train = Interactions.fromRecords(trainRecords);
  const now = trainRecords.reduce((t, r) => Math.max(t, r.timestamp), -Infinity);
  const evalKs = evaluationKs(ks, flags);
  const progress = progressLine(flags.json === true);
  const results: EvaluationResult[] = [];
  for (const t of tuned) {
    for (const [label, overrides] of [[t.channel, {}], [tunedLabel(t.channel), { [t.channel]: t.best.params }]] as const) {
      say(flags, `fitting ${label} on all of train…`);
      const { channels } = await fitChannels([t.channel], train, config, { now, catalog, overrides });
      const result = evaluateRecall(channels.get(t.channel)!, train, test, {
        ks: evalKs,
        now,
        onProgress: (done, total) => progress.update(`evaluating ${label}`, done, total),
      });
      results.push({ ...result, channel: label });
    }
  }
  progress.stop();
  const table = results.map((r) => resultAt(r, ks));
  const best = Object.fromEntries(tuned.map((t) => [t.channel, t.best.params]));
  const metadata = { ...input.metadata, details: { ...input.metadata.details, tuned: flags.metric, validation, trials, seed } };
  if (flags.json) {
    const tuning = Object.fromEntries(
      tuned.map((t) => [t.channel, { metric: t.metric, best: t.best, configured: t.trials[0], trials: t.trials, stoppedEarly: t.stoppedEarly ?? null, seconds: t.seconds }]),
    );
    console.log(JSON.stringify({ best, tuning, report: reportJson(table, metadata) }));
  } else {
    console.log(`${metadata.protocol} (${metadata.split}): the configured and the tuned options on the test set`);
    console.log(formatTable(table));
    console.log('best options (for training.channels in tessera.config.json):');
    console.log(JSON.stringify(best, null, 2));
  }
  if (flags.html) {
    writeHtml(flags.html, { title: 'Tessera evaluation: hyperparameter search', metadata, results, tableMetrics: metricNames(table), tuning: tuned });
  }
}

/** Collects what iterative channels report per epoch while fitting, for the report's training curves. */
export function epochRecorder(): { onEpoch(name: string, epoch: number, metrics: Record<string, number>): void; epochs: Record<string, EpochRecord[]> } {
  const epochs: Record<string, EpochRecord[]> = {};
  return {
    epochs,
    onEpoch(name, epoch, metrics) {
      (epochs[name] ??= []).push({ epoch, metrics: { ...metrics } });
    },
  };
}

/** `--weights '{"save": 6}'`: the configured utility weights (`feed.rank.utility`, `base`), each named weight replacing its own. */
export function parseUtilityWeights(text: string | undefined, base: Partial<UtilityWeights> = {}): UtilityWeights {
  if (text === undefined) return utilityWeights(base);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`--weights takes a JSON object like '{"save": 6, "hide": -4}'; got ${JSON.stringify(text)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--weights takes a JSON object like '{"save": 6, "hide": -4}'; got ${text}`);
  return utilityWeights({ ...base, ...(parsed as Partial<UtilityWeights>) });
}

/**
 * `--ranking --sweep`: one network trained on the earlier impressions, the
 * utility weights swept over the later ones; the Pareto front as a table,
 * JSON (--json) or a page with its charts (--html).
 */
export async function utilitySweepMode(config: Config, input: { k: number; network?: Partial<MultiTaskOptions>; flags: ModeFlags & { weights?: string } }): Promise<void> {
  const { flags } = input;
  const configured = parseUtilityWeights(flags.weights, config.feed.rank?.utility);
  // Loaded on demand: it brings in TensorFlow.js, which no other command needs.
  const { evaluateUtilitySweepOnStore, formatUtilitySweep, sweepHeader, UTILITY_SWEEP_DEFAULTS } = await import('../../eval/ranking-sweep.js');
  const { renderSweepHtml } = await import('../../eval/html/sweep.js');
  const store = openStore(config);
  const report = await evaluateUtilitySweepOnStore(store, {
    ...UTILITY_SWEEP_DEFAULTS,
    k: input.k,
    configured,
    network: input.network,
    onProgress: (message) => process.stderr.write(`${message}\n`),
  }).finally(() => store.close());
  if (flags.html) writeHtmlPage(flags.html, renderSweepHtml(report, [...sweepHeader(report), new Date().toISOString()]));
  console.log(flags.json ? JSON.stringify(report) : formatUtilitySweep(report));
}
