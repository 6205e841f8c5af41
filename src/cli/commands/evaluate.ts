/**
 * `tessera evaluate`: offline evaluation of every recall channel.
 * Without files it splits the engine's own event log by time (the last 10%
 * of time is the test); with --train/--test it evaluates on any dataset.
 */
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { Pin } from '../../domain/types.js';
import { evaluateRecall, type EvaluationResult } from '../../eval/evaluate.js';
import { evaluateSampled } from '../../eval/evaluate-sampled.js';
import { readNegatives, readPairs, testSetOf } from '../../eval/protocols/files.js';
import { formatTable, reportJson, type ReportMetadata } from '../../eval/report.js';
import { temporalSplit, type InteractionRecord, type TestSet } from '../../eval/splits.js';
import { eventWeight, Interactions } from '../../recall/interactions.js';
import { fitChannels } from '../../recall/fit.js';
import { CHANNEL_NAMES, channelSpec } from '../../recall/registry.js';
import { openStore } from '../../store/open.js';
import { terminalProgress } from '../progress.js';
import { configFrom, withDataDir, type CommonFlags } from '../shared.js';

interface EvaluateFlags extends CommonFlags {
  train?: string;
  test?: string;
  negatives?: string;
  channels?: string;
  k: string;
  json?: boolean;
  ranking?: boolean;
  epochs?: string;
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
  if (flags.ranking) {
    // Loaded on demand: it brings in TensorFlow.js, which no other command needs.
    const { evaluateRankingOnStore, formatRankingReport, RANKING_EVALUATION_DEFAULTS } = await import('../../eval/ranking.js');
    const store = openStore(config);
    const onProgress = (message: string) => process.stderr.write(`${message}\n`);
    const network = flags.epochs === undefined ? undefined : { epochs: Number(flags.epochs) };
    const report = await evaluateRankingOnStore(store, { ...RANKING_EVALUATION_DEFAULTS, network, onProgress }).finally(() => store.close());
    console.log(flags.json ? JSON.stringify(report) : formatRankingReport(report));
    return;
  }
  const ks = parseKs(flags.k);
  let trainRecords: InteractionRecord[];
  let catalog: Pin[] | undefined;
  let test: TestSet = new Map();
  let metadata: ReportMetadata;
  if (flags.train || flags.test) {
    if (!flags.train || !flags.test) throw new Error('--train and --test go together');
    trainRecords = await readPairs(flags.train);
    test = testSetOf(await readPairs(flags.test));
    metadata = { protocol: 'files', split: flags.negatives ? 'given, sampled negatives' : 'given, full ranking', details: { train: flags.train, test: flags.test } };
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
    : CHANNEL_NAMES.filter((name) => catalog !== undefined || !channelSpec(name).readsCatalog);
  const { channels } = await fitChannels(names, train, config, {
    now,
    catalog,
    onChannel: (name) => flags.json || process.stderr.write(`fitting ${name}…\n`),
  });
  const results: EvaluationResult[] = [];
  for (const name of names) {
    const channel = channels.get(name)!;
    const bar = flags.json ? undefined : terminalProgress(`evaluating ${name}`, cases?.length ?? test.size, 'users');
    const onProgress = (done: number) => bar?.update(done);
    results.push(
      cases
        ? evaluateSampled(channel, train, cases, { ks, now, onProgress })
        : evaluateRecall(channel, train, test, { ks, now, onProgress }),
    );
    bar?.stop();
  }
  if (flags.json) {
    const report = reportJson(results, metadata);
    const metrics = Object.fromEntries(results.map((r) => [r.channel, r.metrics]));
    console.log(JSON.stringify({ ...metrics, report }));
  } else {
    console.log(`${metadata.protocol} (${metadata.split}): ${results[0]?.users ?? 0} users evaluated`);
    console.log(formatTable(results));
  }
}

export function register(program: Command): void {
  withDataDir(
    program
      .command('evaluate')
      .description("evaluate the recall channels offline, on the engine's event log or on files")
      .option('--train <file>', 'training pairs: user<TAB>item[<TAB>time] per line')
      .option('--test <file>', 'test pairs, same format')
      .option('--negatives <file>', 'sampled negatives per test case (user<TAB>positive<TAB>negs... or NCF (user,item)<TAB>negs...)')
      .option('--channels <names>', `comma-separated channels (default: all of ${CHANNEL_NAMES.join(', ')})`)
      .option('-k, --k <list>', 'cut-offs', '10,20')
      .option('--ranking', 'evaluate the ranking models (multi-task networks, FTRL, popularity) on the event log instead')
      .option('--epochs <n>', 'with --ranking: most epochs per network (default 20; early stopping ends sooner)')
      .option('--json', 'print one JSON object of metrics per channel on stdout'),
  ).action(evaluate);
}
