/**
 * `tessera evaluate --ranking --sweep`: the utility weight sweep
 * (utility-sweep.ts) on the event log. The same time split as the ranking
 * evaluation; one multi-task network is trained on the earlier impressions
 * and its calibrated predictions for the later ones are what the weights
 * fuse.
 *
 * Serving scores candidates before they have a slot, so by default every
 * held-out impression is scored as if at one position (0): otherwise the
 * position feature would pull the logged order into every weighting.
 */
import type { Store } from '../store/store.js';
import { exampleCount, splitByTime, type LabelledExamples } from '../rank/data.js';
import { TASKS, type Task } from '../rank/heads.js';
import { multiTaskOptions, type Architecture, type MultiTaskOptions } from '../rank/multitask.js';
import { UTILITY_DEFAULTS, utilityWeights, type UtilityWeights } from '../rank/utility.js';
import { epochsOf, fitNetwork, metricsOf, rankingExamplesFromStore, splitDescription } from './ranking.js';
import { formatSweep, sweepUtilityWeights, type SweepReport } from './utility-sweep.js';

export interface UtilitySweepEvaluationOptions {
  /** Share of impressions, by time, held out as the test. */
  testFraction: number;
  k: number;
  /** The configured utility weights (marked, and the reference of every relative yield). */
  configured: UtilityWeights;
  architecture: Architecture;
  network?: Partial<MultiTaskOptions>;
  /** The slot every test impression is scored at, or 'logged' to keep the position it was shown at. */
  scorePosition: number | 'logged';
  multipliers?: readonly number[];
  onProgress?: (message: string) => void;
}

export const UTILITY_SWEEP_DEFAULTS: UtilitySweepEvaluationOptions = {
  testFraction: 0.2,
  k: 10,
  configured: UTILITY_DEFAULTS,
  architecture: 'mmoe',
  scorePosition: 0,
};

export interface UtilitySweepEvaluation extends SweepReport {
  protocol: 'event-log-utility-sweep';
  split: string;
  cutTime: string;
  examples: { train: number; test: number };
  model: { architecture: Architecture; fitSeconds: number; epochs: { run: number; best: number }; auc: Record<Task, number> };
  scorePosition: number | 'logged';
  sweepSeconds: number;
}

function checkedOptions(options: UtilitySweepEvaluationOptions): MultiTaskOptions {
  if (!(options.testFraction > 0 && options.testFraction < 1)) throw new RangeError(`testFraction must be between 0 and 1, got ${options.testFraction}`);
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${options.k}`);
  const p = options.scorePosition;
  if (p !== 'logged' && !(Number.isInteger(p) && p >= 0)) throw new RangeError(`scorePosition must be a slot (a whole number ≥ 0) or "logged", got ${p}`);
  utilityWeights(options.configured);
  return multiTaskOptions({ ...options.network, architecture: options.architecture });
}

/** The rows with the position feature set to `position` for every row. */
export function rowsAtPosition(x: Pick<LabelledExamples, 'names' | 'rows'>, position: number): Float32Array {
  const column = x.names.indexOf('position');
  if (column < 0) throw new Error('utility sweep: the examples have no position feature to score at a fixed slot (use scorePosition "logged")');
  const rows = x.rows.slice();
  for (let j = column; j < rows.length; j += x.names.length) rows[j] = position;
  return rows;
}

/** Trains a network on the earlier examples and sweeps the utility weights over the later ones. */
export async function evaluateUtilitySweep(examples: LabelledExamples, options: UtilitySweepEvaluationOptions = UTILITY_SWEEP_DEFAULTS): Promise<UtilitySweepEvaluation> {
  const network = checkedOptions(options);
  const log = options.onProgress ?? (() => {});
  const { before: train, after: test, cutTime } = splitByTime(examples, 1 - options.testFraction);
  if (exampleCount(train) === 0 || exampleCount(test) === 0) throw new Error('utility sweep: the time split left no training or no test examples');
  const started = performance.now();
  const ranker = await fitNetwork(train, options.architecture, options.network, log);
  const fitSeconds = (performance.now() - started) / 1000;
  const epochs = epochsOf(ranker);
  const asShown = ranker.predict(test.rows);
  const predictions = options.scorePosition === 'logged' ? asShown : ranker.predict(rowsAtPosition(test, options.scorePosition));
  ranker.dispose();
  const metrics = metricsOf(test, asShown);
  log(`${options.architecture}: trained in ${fitSeconds.toFixed(1)} s; sweeping the utility weights over ${exampleCount(test)} test impressions…`);
  const sweepStarted = performance.now();
  const sweep = sweepUtilityWeights(predictions, test, { k: options.k, configured: options.configured, gridBase: UTILITY_DEFAULTS, multipliers: options.multipliers });
  const sweepSeconds = (performance.now() - sweepStarted) / 1000;
  log(`swept ${sweep.points.length} weight vectors in ${sweepSeconds.toFixed(1)} s`);
  return {
    protocol: 'event-log-utility-sweep',
    split: splitDescription(options.testFraction, network.validationFraction),
    cutTime: new Date(cutTime).toISOString(),
    examples: { train: exampleCount(train), test: exampleCount(test) },
    model: { architecture: options.architecture, fitSeconds, epochs, auc: Object.fromEntries(TASKS.map((t) => [t, metrics[t].auc])) as Record<Task, number> },
    scorePosition: options.scorePosition,
    sweepSeconds,
    ...sweep,
  };
}

/** What was swept over and with which model: the first lines of the text and HTML reports. */
export function sweepHeader(report: UtilitySweepEvaluation): string[] {
  const auc = TASKS.map((t) => `${t} ${report.model.auc[t] == null ? 'n/a' : report.model.auc[t].toFixed(4)}`).join(', ');
  const position = report.scorePosition === 'logged' ? 'at the positions they were shown at' : `as if at position ${report.scorePosition}`;
  return [
    `utility weight sweep (${report.split}): ${report.examples.train} training and ${report.examples.test} test impressions; test from ${report.cutTime}`,
    `${report.model.architecture}: ${report.model.fitSeconds.toFixed(1)} s, ${report.model.epochs.run} epochs (kept ${report.model.epochs.best}); test AUC ${auc}; impressions scored ${position}`,
  ];
}

export function formatUtilitySweep(report: UtilitySweepEvaluation): string {
  return [...sweepHeader(report), formatSweep(report)].join('\n');
}

/** Examples from the store's event log, then `evaluateUtilitySweep`. */
export async function evaluateUtilitySweepOnStore(store: Store, options: UtilitySweepEvaluationOptions = UTILITY_SWEEP_DEFAULTS): Promise<UtilitySweepEvaluation> {
  checkedOptions(options);
  const { examples } = await rankingExamplesFromStore(store, options.onProgress);
  return evaluateUtilitySweep(examples, options);
}
