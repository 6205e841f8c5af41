/**
 * Offline evaluation of the ranking stage (`tessera evaluate --ranking`):
 * point-in-time examples from the event log, split by time (the latest
 * `testFraction` of impressions is the test; the models carve their
 * validation from the end of the rest), then the multi-task networks, FTRL
 * and a popularity ordering (each pin's smoothed rate of the task, as it
 * stood at the impression) compared per task on AUC, GAUC (per-user AUC,
 * weighted by impressions) and log loss, plus dwell RMSE on dwelled
 * impressions.
 */
import type { Pin, User } from '../domain/types.js';
import { buildExamples, EXAMPLE_DEFAULTS } from '../features/examples.js';
import type { Store } from '../store/store.js';
import { exampleCount, splitByTime, type LabelledExamples } from '../rank/data.js';
import { FtrlRanker, ftrlRankerOptions, type FtrlRankerOptions } from '../rank/ftrl-ranker.js';
import { TASKS, type PinKeys, type Predictions, type Task } from '../rank/heads.js';
import { MultiTaskRanker, multiTaskOptions, type Architecture, type MultiTaskOptions } from '../rank/multitask.js';
import { logLoss, rmse } from './classification.js';
import { auc, gaucFromImpressions } from './metrics.js';

export const RANKING_MODELS = ['shared-bottom', 'mmoe', 'ple', 'ftrl', 'popularity'] as const;
export type RankingModel = (typeof RANKING_MODELS)[number];

export interface TaskMetrics {
  auc: number;
  gauc: number;
  logLoss: number;
}

export interface ModelResult {
  model: RankingModel;
  tasks: Record<Task, TaskMetrics>;
  /** RMSE of ln(1 + dwell seconds) on test impressions with dwell; absent for models without a dwell head. */
  dwellRmse?: number;
  fitSeconds: number;
  /** Epochs run and the epoch kept (networks only). */
  epochs?: { run: number; best: number };
}

export interface RankingReport {
  protocol: 'event-log-ranking';
  split: string;
  cutTime: string;
  examples: { train: number; test: number };
  /** Share of test impressions with each label. */
  testRates: Record<Task, number>;
  /** Dwell RMSE of predicting the training mean for every dwelled test impression. */
  dwellBaselineRmse: number;
  models: ModelResult[];
  /** Per task, the best model by each metric (null when the test has no positives for the task). */
  best: Record<Task, { auc: RankingModel | null; gauc: RankingModel | null; logLoss: RankingModel | null }>;
}

export interface RankingEvaluationOptions {
  /** Share of impressions, by time, held out as the test. */
  testFraction: number;
  models: readonly RankingModel[];
  /** Overrides for every network (e.g. fewer epochs). */
  network?: Partial<MultiTaskOptions>;
  ftrl?: Partial<FtrlRankerOptions>;
  onProgress?: (message: string) => void;
}

export const RANKING_EVALUATION_DEFAULTS: RankingEvaluationOptions = { testFraction: 0.2, models: RANKING_MODELS };

export function metricsOf(test: LabelledExamples, predictions: Predictions): Record<Task, TaskMetrics> {
  const out = {} as Record<Task, TaskMetrics>;
  for (const t of TASKS) {
    const labels = test.labels[t];
    const p = predictions[t];
    const positives: number[] = [];
    const negatives: number[] = [];
    for (let i = 0; i < labels.length; i++) (labels[i] ? positives : negatives).push(p[i]!);
    out[t] = {
      auc: positives.length > 0 && negatives.length > 0 ? auc(positives, negatives) : Number.NaN,
      gauc: gaucFromImpressions(test.userIds, labels, p),
      logLoss: logLoss(labels, p),
    };
  }
  return out;
}

/** Each impression's pin's smoothed task rate, read from the feature row (as it stood at the impression). */
function popularityPredictions(test: LabelledExamples): Predictions {
  const w = test.names.length;
  const n = exampleCount(test);
  const out = {} as Predictions;
  for (const t of TASKS) {
    const column = test.names.indexOf(`pin_${t}_rate`);
    if (column < 0) throw new Error(`popularity baseline: no pin_${t}_rate feature`);
    out[t] = new Float32Array(n);
    for (let i = 0; i < n; i++) out[t][i] = test.rows[i * w + column]!;
  }
  return out;
}

/** The best model by `metric`, or null when no model has a value (e.g. the test has no positives). */
function bestBy(models: readonly ModelResult[], task: Task, metric: keyof TaskMetrics): RankingModel | null {
  const better = metric === 'logLoss' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  let best: ModelResult | undefined;
  for (const m of models) {
    const value = m.tasks[task][metric];
    if (!Number.isNaN(value) && (!best || better(value, best.tasks[task][metric]))) best = m;
  }
  return best?.model ?? null;
}

export const splitDescription = (testFraction: number, validationFraction: number) =>
  `global temporal ${Math.round((1 - testFraction) * 100)}/${Math.round(testFraction * 100)} by impression time; validation = the latest ${Math.round(validationFraction * 100)}% of train`;

/** Trains one network on `train`, reporting its stages and epochs through `log`. */
export function fitNetwork(train: LabelledExamples, architecture: Architecture, overrides: Partial<MultiTaskOptions> | undefined, log: (message: string) => void): Promise<MultiTaskRanker> {
  return MultiTaskRanker.fit(train, { ...overrides, architecture }, {
    onStage: (m) => log(`training ${m}`),
    onEpoch: (e) =>
      log(`  ${architecture} epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, validation loss ${e.validationLoss.toFixed(4)} (${e.seconds.toFixed(1)} s)`),
  });
}

/** Epochs run and the epoch kept by a freshly trained network. */
export const epochsOf = (ranker: MultiTaskRanker) => ({ run: ranker.fitInfo!.training.epochs.length, best: ranker.fitInfo!.training.bestEpoch });

/** The options validated (errors name the field) before any slow work starts. */
function checkedOptions(options: RankingEvaluationOptions): { network: MultiTaskOptions; ftrl: FtrlRankerOptions } {
  const unknown = options.models.find((m) => !RANKING_MODELS.includes(m));
  if (unknown) throw new Error(`unknown ranking model "${unknown}"; known: ${RANKING_MODELS.join(', ')}`);
  if (!(options.testFraction > 0 && options.testFraction < 1)) throw new RangeError(`testFraction must be between 0 and 1, got ${options.testFraction}`);
  return { network: multiTaskOptions(options.network), ftrl: ftrlRankerOptions(options.ftrl) };
}

/** Trains every model on the earlier examples and measures it on the later ones. */
export async function evaluateRanking(
  examples: LabelledExamples,
  pins: ReadonlyMap<string, PinKeys>,
  options: RankingEvaluationOptions = RANKING_EVALUATION_DEFAULTS,
): Promise<RankingReport> {
  const { network } = checkedOptions(options);
  const log = options.onProgress ?? (() => {});
  const { before: train, after: test, cutTime } = splitByTime(examples, 1 - options.testFraction);
  if (exampleCount(train) === 0 || exampleCount(test) === 0) throw new Error('ranking evaluation: the time split left no training or no test examples');
  const testPins = test.pinIds.map((id) => pins.get(id)!);
  const dwelled = (i: number) => test.dwell[i]! > 0;
  let dwellSum = 0;
  let dwellCount = 0;
  for (const d of train.dwell) if (d > 0) (dwellSum += d), dwellCount++;
  const dwellMean = dwellCount > 0 ? dwellSum / dwellCount : 0;

  const models: ModelResult[] = [];
  for (const model of options.models) {
    const started = performance.now();
    let predictions: Predictions;
    let epochs: ModelResult['epochs'];
    if (model === 'popularity') {
      predictions = popularityPredictions(test);
    } else if (model === 'ftrl') {
      log('training ftrl…');
      const ranker = FtrlRanker.fit(train, pins, options.ftrl, (done, total) => {
        if (done % 50_000 === 0) log(`  ftrl: ${done}/${total} updates`);
      });
      predictions = ranker.predict(test.rows, { userIds: test.userIds, pins: testPins });
    } else {
      const ranker = await fitNetwork(train, model as Architecture, options.network, log);
      predictions = ranker.predict(test.rows);
      epochs = epochsOf(ranker);
      ranker.dispose();
    }
    const fitSeconds = (performance.now() - started) / 1000;
    models.push({
      model,
      tasks: metricsOf(test, predictions),
      dwellRmse: predictions.dwell ? rmse(test.dwell, predictions.dwell, dwelled) : undefined,
      fitSeconds,
      epochs,
    });
    log(`${model}: done in ${fitSeconds.toFixed(1)} s`);
  }
  const n = exampleCount(test);
  return {
    protocol: 'event-log-ranking',
    split: splitDescription(options.testFraction, network.validationFraction),
    cutTime: new Date(cutTime).toISOString(),
    examples: { train: exampleCount(train), test: n },
    testRates: Object.fromEntries(TASKS.map((t) => [t, test.labels[t].reduce((s, v) => s + v, 0) / n])) as Record<Task, number>,
    dwellBaselineRmse: rmse(test.dwell, new Float32Array(n).fill(dwellMean), dwelled),
    models,
    best: Object.fromEntries(
      TASKS.map((t) => {
        // Log loss ranks models even without positives; a task with none has no winner worth naming.
        const judged = test.labels[t].includes(1);
        const best = (metric: keyof TaskMetrics) => (judged ? bestBy(models, t, metric) : null);
        return [t, { auc: best('auc'), gauc: best('gauc'), logLoss: best('logLoss') }];
      }),
    ) as RankingReport['best'],
  };
}

/** Ranking examples from a store's event log: every impression of a known pin, with its labels (an error when there are none). */
export async function rankingExamplesFromStore(
  store: Store,
  onProgress?: (message: string) => void,
): Promise<{ examples: LabelledExamples; pins: Map<string, Pin> }> {
  const pins = new Map<string, Pin>();
  for await (const batch of store.pins.scan(5000)) for (const p of batch) pins.set(p.id, p);
  const users = new Map<string, User>();
  for await (const batch of store.users.scan(5000)) for (const u of batch) users.set(u.id, u);
  let reported = 0;
  const examples = await buildExamples(store.events.scan(), pins, users, {
    ...EXAMPLE_DEFAULTS,
    onProgress: (read) => {
      if (read - reported >= 100_000) {
        reported = read;
        onProgress?.(`building examples: ${read} events read`);
      }
    },
  });
  if (exampleCount(examples) === 0) throw new Error('nothing to rank: the event log has no impressions of known pins (try `tessera seed-demo`)');
  onProgress?.(`${exampleCount(examples)} impressions become examples`);
  return { examples, pins };
}

// null: a NaN that went through JSON.
const f4 = (x: number | null | undefined) => (x == null || Number.isNaN(x) ? '   n/a' : x.toFixed(4));

export function formatRankingReport(report: RankingReport): string {
  const lines = [
    `ranking (${report.split}): ${report.examples.train} training and ${report.examples.test} test impressions; test from ${report.cutTime}`,
    '',
    `${'task'.padEnd(8)} ${'model'.padEnd(14)} ${'AUC'.padStart(7)} ${'GAUC'.padStart(7)} ${'logloss'.padStart(8)}`,
  ];
  for (const t of TASKS) {
    lines.push(`${t.padEnd(8)} (rate ${(report.testRates[t] * 100).toFixed(2)}%)`);
    for (const m of report.models) {
      const x = m.tasks[t];
      lines.push(`${''.padEnd(8)} ${m.model.padEnd(14)} ${f4(x.auc).padStart(7)} ${f4(x.gauc).padStart(7)} ${f4(x.logLoss).padStart(8)}`);
    }
    const b = report.best[t];
    lines.push(`${''.padEnd(8)} best: AUC ${b.auc ?? 'n/a'}, GAUC ${b.gauc ?? 'n/a'}, log loss ${b.logLoss ?? 'n/a'}`);
  }
  const dwell = report.models.filter((m) => m.dwellRmse !== undefined);
  if (dwell.length > 0 && report.dwellBaselineRmse != null && !Number.isNaN(report.dwellBaselineRmse)) {
    lines.push('', `dwell RMSE of ln(1+s) on dwelled test impressions (training mean: ${f4(report.dwellBaselineRmse)}):`);
    for (const m of dwell) lines.push(`  ${m.model.padEnd(14)} ${f4(m.dwellRmse)}`);
  }
  lines.push('', 'time:');
  for (const m of report.models) {
    lines.push(`  ${m.model.padEnd(14)} ${m.fitSeconds.toFixed(1)} s${m.epochs ? ` (${m.epochs.run} epochs, kept ${m.epochs.best})` : ''}`);
  }
  return lines.join('\n');
}

/** Examples from the store's event log, then `evaluateRanking`. */
export async function evaluateRankingOnStore(store: Store, options: RankingEvaluationOptions = RANKING_EVALUATION_DEFAULTS): Promise<RankingReport> {
  checkedOptions(options);
  const { examples, pins } = await rankingExamplesFromStore(store, options.onProgress);
  return evaluateRanking(examples, pins, options);
}
