/**
 * Last.fm HetRec 2011, RecBole protocol: every user-artist pair of
 * user_artists.dat is a positive; each user's pairs are split at random
 * 80/10/10 into train/validation/test (seeded, RecBole's rounding); the
 * channels rank every artist the user has no training pair with ("full
 * sort"); Recall@10 and NDCG@10 on test. The channels are fitted on train
 * only; validation chooses the blend weights.
 *
 * As the protocol is written, validation artists stay among the candidates
 * at test time (RecBole itself also masks them, which can only raise its
 * figures a little).
 */
import { lastfmSource } from '../../importers/datasets/lastfm-hetrec.js';
import { Interactions } from '../../recall/interactions.js';
import { collectFullRankingCases, type BlendChoice } from '../blend.js';
import { evaluateRecall } from '../evaluate.js';
import { randomSplit, type InteractionRecord, type Split } from '../splits.js';
import { readRecords, type RecordsAndCatalog } from './dataset.js';
import { datasetDir, latestTime, protocolRun, startRun, type Protocol, type ProtocolOptions, type ProtocolRun, type TuningData } from './protocol.js';
import { chooseBlendWithProgress, evaluateTable, fitRows } from './run-steps.js';

const SEED = 42;
export const LASTFM_RATIOS = [0.8, 0.1, 0.1] as const;
/** How many pins each channel gives the blend. */
const BLEND_DEPTH = 100;

/** The user-artist pairs, and the artists as pins (names and top tags) for the content channel. */
export const loadLastfm = (dir: string): Promise<RecordsAndCatalog> => readRecords(lastfmSource(dir));

/** The protocol's split: per user, 80/10/10 at random (seeded). */
export function lastfmSplit(records: readonly InteractionRecord[], seed = SEED): Split & { validation: Map<string, Set<string>> } {
  const split = randomSplit(records, { ratios: LASTFM_RATIOS, seed });
  return { ...split, validation: split.validation! };
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const start = startRun(options, lastfmRecbole, true);
  const data = await loadLastfm(datasetDir(options, 'lastfm-hetrec'));
  const split = lastfmSplit(data.records);
  options.log?.(`lastfm-recbole: ${data.records.length} pairs; ${split.train.length} train, ${split.validation.size} validation users, ${split.test.size} test users`);
  const train = Interactions.fromRecords(split.train);
  const now = latestTime(split.train);
  const fitted = await fitRows(start.names, train, options, { now, catalog: data.catalog, label: 'train', tuned: start.tuned });

  let choice: BlendChoice | undefined;
  if (options.blend !== false) {
    choice = chooseBlendWithProgress(options, 'blend validation', split.validation.size, 'NDCG@10', (onProgress) =>
      collectFullRankingCases(fitted.members, train, split.validation, BLEND_DEPTH, { now, onProgress }),
    );
  }
  const table = evaluateTable(options, fitted, choice, {
    title: 'Last.fm HetRec, RecBole protocol',
    total: split.test.size,
    evaluate: (channel, onProgress) => evaluateRecall(channel, train, split.test, { ks: [10, 20], now, onProgress }),
  });
  const metadata = {
    split: `random ${LASTFM_RATIOS.map((r) => r * 100).join('/')} per user (seed ${SEED}), full ranking of items not in train`,
    details: { pairs: data.records.length, trainPairs: split.train.length, testUsers: split.test.size, validation: 'the 10% validation part (blend weights)' },
  };
  return protocolRun(lastfmRecbole, start, metadata, [table]);
}

/** Tuning fits on the 80% train part and validates on 10% of each user's training pairs (the protocol's own split is random too). */
async function tuningData(options: ProtocolOptions): Promise<TuningData> {
  const data = await loadLastfm(datasetDir(options, 'lastfm-hetrec'));
  return { records: lastfmSplit(data.records).train, catalog: data.catalog, validation: 'random', describe: `the ${LASTFM_RATIOS[0] * 100}% train part` };
}

export const lastfmRecbole: Protocol = {
  name: 'lastfm-recbole',
  title: 'Last.fm HetRec, RecBole protocol',
  datasets: ['lastfm-hetrec'],
  summary: 'random 80/10/10 split per user, full ranking of every artist not in the user’s train',
  metrics: ['Recall@10', 'NDCG@10'],
  published: [
    { system: 'BPR', metrics: { 'Recall@10': 0.1761, 'NDCG@10': 0.1674 }, source: 'RecBole-GNN, results/social/lastfm.md' },
    { system: 'NeuMF', metrics: { 'Recall@10': 0.1696, 'NDCG@10': 0.1604 }, source: 'RecBole-GNN, results/social/lastfm.md' },
    { system: 'LightGCN', metrics: { 'Recall@10': 0.2064, 'NDCG@10': 0.1972 }, source: 'RecBole-GNN, results/social/lastfm.md' },
  ],
  run,
  tuningData,
};
