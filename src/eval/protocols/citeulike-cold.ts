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
import { readImport } from './dataset.js';
import {
  blendOf,
  channelsToEvaluate,
  chooseBlendWithProgress,
  datasetDir,
  evaluateEach,
  fitWithProgress,
  latestTime,
  rankingMetricsOnly,
  type Protocol,
  type ProtocolOptions,
  type ProtocolRun,
} from './protocol.js';

const SEED = 42;
export const COLD_SHARE = 0.2;
const BLEND_DEPTH = 200;

export interface CiteulikeData {
  records: InteractionRecord[];
  /** Every article as a pin (its words as title, tags and description). */
  catalog: Pin[];
}

export async function loadCiteulike(dir: string): Promise<CiteulikeData> {
  const { pins, records } = await readImport(citeulikeSource(dir));
  return { records, catalog: pins };
}

/** The protocol's split: 20% of the articles (seeded) held out with all their saves. */
export function citeulikeSplit(records: readonly InteractionRecord[], seed = SEED): HeldOutItemsSplit {
  return heldOutItems(records, { share: COLD_SHARE, seed });
}

/** The channels, each recommending only among `cold` (everything else in the catalogue joins its exclusions). */
export function onlyAmong(channels: readonly RecallChannel[], catalog: readonly Pin[], cold: ReadonlySet<string>): RecallChannel[] {
  const others = new Set(catalog.map((p) => p.id).filter((id) => !cold.has(id)));
  return channels.map((c) => excludingAlso(c, others));
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const started = performance.now();
  const data = await loadCiteulike(datasetDir(options, 'citeulike-t'));
  const split = citeulikeSplit(data.records);
  options.log?.(`citeulike-cold: ${data.catalog.length} articles, ${split.items.size} held out; ${split.train.length} training saves, ${split.test.size} users with a held-out article`);
  const names = channelsToEvaluate(options, 'citeulike-cold', true);
  const now = latestTime(data.records);

  let choice: BlendChoice | undefined;
  if (options.blend !== false) {
    const inner = heldOutItems(split.train, { share: COLD_SHARE, seed: SEED + 1 });
    const validationTrain = Interactions.fromRecords(inner.train);
    const fitted = await fitWithProgress(names, validationTrain, options, { now, catalog: data.catalog, label: 'validation' });
    const members = onlyAmong(names.map((n) => fitted.get(n)!), data.catalog, inner.items);
    choice = chooseBlendWithProgress(options, 'blend validation', inner.test.size, 'Recall@100', (onProgress) =>
      collectFullRankingCases(members, validationTrain, inner.test, BLEND_DEPTH, { now, onProgress }),
    );
  }

  const train = Interactions.fromRecords(split.train);
  const fitted = await fitWithProgress(names, train, options, { now, catalog: data.catalog, label: 'test' });
  const members = onlyAmong(names.map((n) => fitted.get(n)!), data.catalog, split.items);
  const evaluated = choice ? [...members, blendOf(members, choice)] : members;
  const results = evaluateEach(evaluated, options, split.test.size, 'users', (channel, onProgress) =>
    rankingMetricsOnly(evaluateRecall(channel, train, split.test, { ks: [50, 100], now, onProgress })),
  );
  return {
    protocol: citeulikeCold.name,
    title: citeulikeCold.title,
    metadata: {
      protocol: citeulikeCold.name,
      split: `${COLD_SHARE * 100}% of articles held out entirely (seed ${SEED}); ranking among the held-out articles only`,
      details: {
        articles: data.catalog.length,
        heldOutArticles: split.items.size,
        trainSaves: split.train.length,
        usersWithHeldOut: split.test.size,
        validation: `${COLD_SHARE * 100}% of the training articles held out the same way (seed ${SEED + 1})`,
      },
    },
    metrics: citeulikeCold.metrics,
    tables: [{ title: 'CiteULike-t, cold-start articles', results, ...(choice ? { blend: choice } : {}) }],
    published: citeulikeCold.published,
    seconds: (performance.now() - started) / 1000,
  };
}

export const citeulikeCold: Protocol = {
  name: 'citeulike-cold',
  title: 'CiteULike-t, cold-start items',
  datasets: ['citeulike-t'],
  summary: '20% of articles held out entirely, recommended among themselves from their text',
  metrics: ['Recall@50', 'Recall@100'],
  published: [],
  run,
};
