/**
 * `tessera evaluate`: offline evaluation of every recall channel.
 * Without files it splits the engine's own event log by time (the last 10%
 * of time is the test); with --train/--test it evaluates on any dataset.
 */
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { LoggedEvent, Pin } from '../../domain/types.js';
import { RERANK_REPORT_DEFAULTS, rerankReport, type RerankReport } from '../../eval/rerank-report.js';
import { evaluateRecall, type EvaluationResult } from '../../eval/evaluate.js';
import { evaluateSampled } from '../../eval/evaluate-sampled.js';
import { readNegatives, readPairs, testSetOf } from '../../eval/protocols/files.js';
import { resultAt } from '../../eval/cutoffs.js';
import { defaultDatasetsDir, formatProtocolRun, PROTOCOL_NAMES, protocolJson, runProtocol } from '../../eval/protocols/index.js';
import { formatTable, metricNames, reportJson, type ReportMetadata } from '../../eval/report.js';
import { temporalSplit, type InteractionRecord, type TestSet } from '../../eval/splits.js';
import { eventWeight, Interactions } from '../../recall/interactions.js';
import { fitChannels } from '../../recall/fit.js';
import { CHANNEL_NAMES, channelSpec, EVALUATED_CHANNEL_NAMES } from '../../recall/registry.js';
import { openStore } from '../../store/open.js';
import { terminalProgress } from '../progress.js';
import { configFrom, withDataDir, type CommonFlags } from '../shared.js';
import { banditsMode, type BanditFlags } from './evaluate-bandits.js';
import { crossValidationMode, epochRecorder, evaluationKs, tuningMode, utilitySweepMode, writeHtml, type ModeFlags } from './evaluate-modes.js';
import { protocolTuningMode } from './protocol-tuning.js';

interface EvaluateFlags extends CommonFlags, ModeFlags, Omit<BanditFlags, 'seed' | 'html' | 'json'> {
  bandits?: boolean;
  train?: string;
  test?: string;
  negatives?: string;
  channels?: string;
  k: string;
  json?: boolean;
  rerank?: boolean;
  protocol?: string;
  datasets?: string;
  blend: boolean;
  tuned: boolean;
  ranking?: boolean;
  epochs?: string;
  sweep?: boolean;
  weights?: string;
}

/** Positive interactions from the event log, one record per event, and the pins. */
async function readLog(config: Config): Promise<{ records: InteractionRecord[]; catalog: Pin[] }> {
  const store = openStore(config);
  const weighting = { weights: config.training.eventWeights, dwellThresholdMs: config.training.dwellThresholdMs };
  const records: InteractionRecord[] = [];
  for await (const batch of store.events.scan()) {
    for (const e of batch) {
      const weight = eventWeight(e, weighting);
      if (weight > 0) records.push({ userId: e.userId, pinId: e.pinId!, weight, timestamp: e.timestamp });
    }
  }
  const catalog: Pin[] = [];
  for await (const batch of store.pins.scan(5000)) catalog.push(...batch);
  await store.close();
  return { records, catalog };
}

function parseKs(text: string): number[] {
  const ks = text.split(',').map(Number);
  if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new Error(`--k takes whole numbers like 10,20; got "${text}"`);
  return ks;
}

export async function evaluate(flags: EvaluateFlags): Promise<void> {
  const config = configFrom(flags);
  if (flags.rerank) return evaluateReranking(config, flags);
  if (flags.bandits) return banditsMode(config, flags);
  if (flags.protocol) {
    if (flags.train || flags.test || flags.negatives) throw new Error('--protocol reads its own dataset: leave out --train/--test/--negatives');
    if (flags.folds !== undefined) throw new Error('--protocol makes its own split: it goes without --folds');
    const options = {
      config,
      datasetsDir: flags.datasets ?? defaultDatasetsDir(),
      ...(flags.channels ? { channels: flags.channels.split(',') } : {}),
      blend: flags.blend,
      ...(flags.tuned ? {} : { tuned: false as const }),
      progress: terminalProgress,
      log: (line: string) => process.stderr.write(`${line}\n`),
    };
    if (flags.tune) return protocolTuningMode(flags.protocol, options, flags);
    const run = await runProtocol(flags.protocol, options);
    console.log(flags.json ? JSON.stringify(protocolJson(run)) : formatProtocolRun(run));
    return;
  }
  if ((flags.sweep || flags.weights !== undefined) && !flags.ranking) throw new Error('--sweep and --weights are about the ranking utility: they go with --ranking');
  if (flags.ranking) {
    const network = flags.epochs === undefined ? undefined : { epochs: Number(flags.epochs) };
    if (flags.sweep) return utilitySweepMode(config, { k: parseKs(flags.k)[0]!, network, flags });
    if (flags.weights !== undefined) throw new Error('--weights marks the configured point of a sweep: it goes with --sweep');
    // Loaded on demand: it brings in TensorFlow.js, which no other command needs.
    const { evaluateRankingOnStore, formatRankingReport, RANKING_EVALUATION_DEFAULTS } = await import('../../eval/ranking.js');
    const store = openStore(config);
    const onProgress = (message: string) => process.stderr.write(`${message}\n`);
    const report = await evaluateRankingOnStore(store, { ...RANKING_EVALUATION_DEFAULTS, network, onProgress }).finally(() => store.close());
    console.log(flags.json ? JSON.stringify(report) : formatRankingReport(report));
    return;
  }
  const ks = parseKs(flags.k);
  if (flags.folds !== undefined && (flags.tune || flags.negatives)) throw new Error('--folds makes its own test folds: it goes without --tune and --negatives');
  if (flags.tune && flags.negatives) throw new Error('--tune evaluates by full ranking: it goes without --negatives');
  let trainRecords: InteractionRecord[];
  let catalog: Pin[] | undefined;
  let test: TestSet = new Map();
  let metadata: ReportMetadata;
  if (flags.train || flags.test) {
    if (flags.folds !== undefined) {
      if (!flags.train || flags.test) throw new Error('--folds cross-validates on --train alone (it makes its own test folds): give --train without --test');
    } else if (!flags.train || !flags.test) throw new Error('--train and --test go together');
    trainRecords = await readPairs(flags.train);
    if (flags.test) test = testSetOf(await readPairs(flags.test));
    const split = flags.folds !== undefined ? 'k-fold cross-validation' : flags.negatives ? 'given, sampled negatives' : 'given, full ranking';
    metadata = { protocol: 'files', split, details: flags.test ? { train: flags.train, test: flags.test } : { train: flags.train } };
  } else if (flags.folds !== undefined) {
    const log = await readLog(config);
    catalog = log.catalog;
    trainRecords = log.records;
    metadata = { protocol: 'event-log', split: 'k-fold cross-validation (per-user random folds)' };
  } else {
    const log = await readLog(config);
    catalog = log.catalog;
    const split = temporalSplit(log.records, { quantile: 0.9 });
    trainRecords = split.train;
    test = split.test;
    metadata = { protocol: 'event-log', split: 'global temporal 90/10', details: { cut: new Date(split.cutTime).toISOString() } };
  }
  if (trainRecords.length === 0) throw new Error('nothing to train on: the event log has no engagement (try `tessera seed-demo`)');
  const train = Interactions.fromRecords(trainRecords);
  const now = trainRecords.reduce((t, r) => Math.max(t, r.timestamp), 0);
  const cases = flags.negatives ? await readNegatives(flags.negatives) : undefined;
  // Files carry interactions only, so channels that read pin text are left out unless named.
  const names = flags.channels
    ? flags.channels.split(',')
    : EVALUATED_CHANNEL_NAMES.filter((name) => catalog !== undefined || !channelSpec(name).readsCatalog);
  const modeInput = { config, names, ks, catalog, metadata, flags };
  if (flags.folds !== undefined) return crossValidationMode(trainRecords, modeInput);
  if (flags.tune) return tuningMode(trainRecords, test, modeInput);
  const recorder = epochRecorder();
  const { channels } = await fitChannels(names, train, config, {
    now,
    catalog,
    onChannel: (name) => flags.json || process.stderr.write(`fitting ${name}…\n`),
    onEpoch: flags.html ? recorder.onEpoch : undefined,
  });
  const results: EvaluationResult[] = [];
  for (const name of names) {
    const channel = channels.get(name)!;
    const bar = flags.json ? undefined : terminalProgress(`evaluating ${name}`, cases?.length ?? test.size, 'users');
    const onProgress = (done: number) => bar?.update(done);
    results.push(
      cases
        ? evaluateSampled(channel, train, cases, { ks, now, onProgress })
        : evaluateRecall(channel, train, test, { ks: evaluationKs(ks, flags), now, onProgress }),
    );
    bar?.stop();
  }
  if (flags.html) {
    const tableMetrics = metricNames(results.map((r) => resultAt(r, ks)));
    writeHtml(flags.html, { title: 'Tessera evaluation', metadata, results, tableMetrics, epochs: recorder.epochs });
  }
  if (flags.json) {
    const report = reportJson(results.map((r) => resultAt(r, ks)), metadata);
    const metrics = Object.fromEntries(results.map((r) => [r.channel, resultAt(r, ks).metrics]));
    console.log(JSON.stringify({ ...metrics, report }));
  } else {
    console.log(`${metadata.protocol} (${metadata.split}): ${results[0]?.users ?? 0} users evaluated`);
    console.log(formatTable(results.map((r) => resultAt(r, ks))));
  }
}

/** `--rerank`: the feed's first page before and after the re-ranking stage. */
async function evaluateReranking(config: Config, flags: EvaluateFlags): Promise<void> {
  const store = openStore(config);
  const events: LoggedEvent[] = [];
  for await (const batch of store.events.scan()) events.push(...batch);
  const catalog: Pin[] = [];
  for await (const batch of store.pins.scan(5000)) catalog.push(...batch);
  await store.close();
  const k = parseKs(flags.k)[0]!;
  if (!flags.json) process.stderr.write('fitting the feed channels on the first 90% of the log…\n');
  const bar = flags.json ? undefined : terminalProgress('feeds before and after re-ranking', RERANK_REPORT_DEFAULTS.users, 'users');
  const report = await rerankReport(events, catalog, config, { ...RERANK_REPORT_DEFAULTS, k, onProgress: (d) => bar?.update(d) });
  bar?.stop();
  if (flags.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`first page of ${k} pins for ${report.users} users, without and with re-ranking:`);
  console.log(formatComparison(report));
}

function formatComparison(r: RerankReport): string {
  const rows: [string, keyof RerankReport['before']][] = [
    ['intra-list diversity', 'ild'],
    ['categories per page', 'categoriesPerPage'],
    ['category coverage', 'categoryCoverage'],
    ['Gini of creator exposure', 'creatorGini'],
    ['Gini of pin exposure', 'pinGini'],
    [`HR@${r.k}`, 'hitRate'],
    [`Recall@${r.k}`, 'recall'],
    [`NDCG@${r.k}`, 'ndcg'],
  ];
  const lines = rows.map(([label, key]) => `${label.padEnd(26)} ${r.before[key].toFixed(4).padStart(8)} ${r.after[key].toFixed(4).padStart(8)}`);
  return [`${''.padEnd(26)} ${'before'.padStart(8)} ${'after'.padStart(8)}`, ...lines, `engagement cost (NDCG): ${(100 * r.engagementCost).toFixed(1)}%`].join('\n');
}

export function register(program: Command): void {
  withDataDir(
    program
      .command('evaluate')
      .description("evaluate the recall channels offline, on the engine's event log or on files")
      .option('--protocol <name>', `a named protocol on a public dataset: ${PROTOCOL_NAMES.join(', ')}`)
      .option('--datasets <dir>', 'where the public datasets are (default TESSERA_DATASETS or ../shared/datasets)')
      .option('--no-blend', 'with --protocol: skip the best blend (and its validation fit)')
      .option('--no-tuned', "with --protocol: default options only, without the protocol's tuned settings (rows \"name (tuned)\")")
      .option('--train <file>', 'training pairs: user<TAB>item[<TAB>time] per line')
      .option('--test <file>', 'test pairs, same format')
      .option('--negatives <file>', 'sampled negatives per test case (user<TAB>positive<TAB>negs... or NCF (user,item)<TAB>negs...)')
      .option('--channels <names>', `comma-separated channels (default: all of ${CHANNEL_NAMES.join(', ')})`)
      .option('-k, --k <list>', 'cut-offs (a protocol uses its own)', '10,20')
      .option('--json', 'print one JSON object of metrics per channel on stdout')
      .option('--rerank', 'compare the feed before and after re-ranking (diversity, creator exposure, engagement) on a time split')
      .option('--folds <k>', 'k-fold cross-validation (per-user random folds) instead of one split: mean and standard deviation')
      .option('--tune', "search each channel's hyperparameters on a validation split of train, then report the best on the test set (with --protocol: print them as tuned settings)")
      .option('--trials <n>', 'tuning: trials per channel at most', '30')
      .option('--patience <n>', 'tuning: stop a channel\'s search after this many trials without improvement', '10')
      .option('--metric <name>', 'tuning: the validation metric maximised, e.g. NDCG@10, Recall@20, MRR', 'NDCG@10')
      .option('--pruning <rule>', 'tuning: stop iterative trials below the median (or best) curve of earlier trials: median, best, off', 'median')
      .option('--validation <split>', "tuning: validation carved from train: leave-last-out (default) or random (10% of each user); with --protocol, default the protocol's own")
      .option('--space <json>', 'tuning: search parameters replacing or adding to a channel\'s declared space, e.g. {"ials":{"factors":{"kind":"int","min":32,"max":128}}}')
      .option('--seed <n>', 'seed of the folds and of the search', '42')
      .option('--html <file>', 'also write a self-contained HTML report with charts')
      .option('--ranking', 'evaluate the ranking models (multi-task networks, FTRL, popularity) on the event log instead')
      .option('--epochs <n>', 'with --ranking: most epochs per network (default 20; early stopping ends sooner)')
      .option('--sweep', 'with --ranking: sweep the utility weights over held-out requests and report the Pareto front of saves, closeups and hides in the top k (first of --k); with --bandits: also sweep clusters and prior strength on validation users')
      .option('--weights <json>', 'with --ranking --sweep: the configured utility weights to mark, e.g. \'{"save": 6}\' (others keep their defaults)')
      .option('--bandits', "simulate the cold-start bandits for new users of the demo world: regret against random and the oracle")
      .option('--rounds <n>', 'with --bandits: impressions per new user', '500')
      .option('--users <n>', 'with --bandits: new users simulated at most (default all held out)')
      .option('--page-size <n>', 'with --bandits: also simulate whole pages of this many impressions (0: not)', '25')
      .option('--svg <file>', 'with --bandits: write the regret chart as SVG'),
  ).action(evaluate);
}
