/**
 * CiteULike-t, cold-start items: 20% of the articles are held out entirely
 * (every save of them leaves train); the channels are fitted on the rest
 * and recommend among the held-out articles only, which they can reach from
 * the articles' text alone (mult.dat, as the importer turns it into pins);
 * Recall@50 and Recall@100 over the users with at least one held-out
 * article. Rows: content-only (content), CF-only (every interaction
 * channel: they cannot reach an article nobody saved in train) and the
 * hybrid (the blend of all of them).
 *
 * Blend weights are chosen the same way one level down: 20% of the training
 * articles held out as validation cold items, the channels fitted on the
 * remaining ones.
 */
import type { Pin } from '../../domain/types.js';
import { citeulikeSource } from '../../importers/datasets/citeulike-t.js';
import { Interactions } from '../../recall/interactions.js';
import type { RecallChannel } from '../../recall/types.js';
import { collectFullRankingCases, type BlendChoice } from '../blend.js';
import { evaluateRecall } from '../evaluate.js';
import { excludingAlso } from '../restrict.js';
import { heldOutItems, type HeldOutItemsSplit, type InteractionRecord } from '../splits.js';
import { readRecords, type RecordsAndCatalog } from './dataset.js';
import {
  datasetDir,
  latestTime,
  protocolRun,
  rankingMetricsOnly,
  startRun,
  type Protocol,
  type ProtocolOptions,
  type ProtocolRun,
  type TuningData,
} from './protocol.js';
import { chooseBlendWithProgress, evaluateTable, fitMembers, fitRows, type FittedRows } from './run-steps.js';

const SEED = 42;
export const COLD_SHARE = 0.2;
const BLEND_DEPTH = 200;

/** The saves, and every article as a pin (its words as title, tags and description). */
export const loadCiteulike = (dir: string): Promise<RecordsAndCatalog> => readRecords(citeulikeSource(dir));

/** The protocol's split: 20% of the articles (seeded) held out with all their saves. */
export function citeulikeSplit(records: readonly InteractionRecord[], seed = SEED): HeldOutItemsSplit {
  return heldOutItems(records, { share: COLD_SHARE, seed });
}

/** A channel's restriction to `cold`: everything else in the catalogue joins its exclusions. */
export function onlyAmongOf(catalog: readonly Pin[], cold: ReadonlySet<string>): (channel: RecallChannel) => RecallChannel {
  const others = new Set(catalog.map((p) => p.id).filter((id) => !cold.has(id)));
  return (channel) => excludingAlso(channel, others);
}

/** The channels, each recommending only among `cold`. */
export function onlyAmong(channels: readonly RecallChannel[], catalog: readonly Pin[], cold: ReadonlySet<string>): RecallChannel[] {
  return channels.map(onlyAmongOf(catalog, cold));
}

/** Validation, carved from train the same way: 20% of the training articles held out (blend weights, tuning). */
export function citeulikeValidation(train: readonly InteractionRecord[]): HeldOutItemsSplit {
  return heldOutItems(train, { share: COLD_SHARE, seed: SEED + 1 });
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const start = startRun(options, citeulikeCold, true);
  const data = await loadCiteulike(datasetDir(options, 'citeulike-t'));
  const split = citeulikeSplit(data.records);
  options.log?.(`citeulike-cold: ${data.catalog.length} articles, ${split.items.size} held out; ${split.train.length} training saves, ${split.test.size} users with a held-out article`);
  const now = latestTime(data.records);
  const fit = { now, catalog: data.catalog, tuned: start.tuned };

  let choice: BlendChoice | undefined;
  if (options.blend !== false) {
    const inner = citeulikeValidation(split.train);
    const validationTrain = Interactions.fromRecords(inner.train);
    const members = onlyAmong(await fitMembers(start.names, validationTrain, options, { ...fit, label: 'validation' }), data.catalog, inner.items);
    choice = chooseBlendWithProgress(options, 'blend validation', inner.test.size, 'Recall@100', (onProgress) =>
      collectFullRankingCases(members, validationTrain, inner.test, BLEND_DEPTH, { now, onProgress }),
    );
  }

  const train = Interactions.fromRecords(split.train);
  const fitted = restrictRows(await fitRows(start.names, train, options, { ...fit, label: 'test' }), data.catalog, split.items);
  const table = evaluateTable(options, fitted, choice, {
    title: 'CiteULike-t, cold-start articles',
    total: split.test.size,
    evaluate: (channel, onProgress) => rankingMetricsOnly(evaluateRecall(channel, train, split.test, { ks: [50, 100], now, onProgress })),
  });
  const metadata = {
    split: `${COLD_SHARE * 100}% of articles held out entirely (seed ${SEED}); ranking among the held-out articles only`,
    details: {
      articles: data.catalog.length,
      heldOutArticles: split.items.size,
      trainSaves: split.train.length,
      usersWithHeldOut: split.test.size,
      validation: `${COLD_SHARE * 100}% of the training articles held out the same way (seed ${SEED + 1})`,
    },
  };
  return protocolRun(citeulikeCold, start, metadata, [table]);
}

/** The fitted rows and members, each recommending only among `cold`. */
function restrictRows(fitted: FittedRows, catalog: readonly Pin[], cold: ReadonlySet<string>): FittedRows {
  const restrict = onlyAmongOf(catalog, cold);
  return { ...fitted, members: fitted.members.map(restrict), rows: fitted.rows.map((r) => ({ label: r.label, channel: restrict(r.channel) })) };
}

/** Tuning validates the way the protocol tests: the held-out training articles, ranked among themselves. */
async function tuningData(options: ProtocolOptions): Promise<TuningData> {
  const data = await loadCiteulike(datasetDir(options, 'citeulike-t'));
  const train = citeulikeSplit(data.records).train;
  const inner = citeulikeValidation(train);
  const restrict = onlyAmongOf(data.catalog, inner.items);
  const validation = { name: `held-out items (${COLD_SHARE * 100}% of the training articles, seed ${SEED + 1})`, train: inner.train, test: inner.test, restrict };
  return { records: train, catalog: data.catalog, validation, describe: 'the training articles (80%)' };
}

export const citeulikeCold: Protocol = {
  name: 'citeulike-cold',
  title: 'CiteULike-t, cold-start items',
  datasets: ['citeulike-t'],
  summary: '20% of articles held out entirely, recommended among themselves from their text',
  metrics: ['Recall@50', 'Recall@100'],
  published: [],
  run,
  tuningData,
};
