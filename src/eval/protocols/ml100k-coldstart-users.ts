/**
 * ML-100k, cold-start users: 20% of the users are held out entirely (every
 * rating is an interaction); the channels are fitted once on the other
 * users. Each held-out user is then recommended to from their first k
 * interactions (time order, given as their history at recommendation time,
 * not trained on), k = 0, 1, 3, 5, 10, and scored on the rest of their
 * history: NDCG@10 and Recall@10, one table per k.
 *
 * With k = 0 only who the user is is known: the baselines are plain
 * most-popular, demographic-popular (popular among users of the same
 * gender, age group and occupation, from u.user; see
 * ../demographic-popular.ts); cluster-popular (popular in the user's
 * k-means cluster of those profiles; src/coldstart/cluster-popular.ts) when
 * asked for. They are evaluated at every k, as are all
 * registered channels (those that need a history recommend nothing at k = 0).
 *
 * Blend weights are chosen per k the same way one level down: 20% of the
 * training users held out as validation users, the channels fitted on the
 * rest.
 */
import { clusterPopularChannel } from '../../coldstart/cluster-popular.js';
import type { Pin, User } from '../../domain/types.js';
import { ml100kSource } from '../../importers/datasets/movielens-100k.js';
import { Interactions } from '../../recall/interactions.js';
import type { RecallChannel } from '../../recall/types.js';
import { collectFullRankingCases, type BlendChoice } from '../blend.js';
import { DemographicPopularChannel } from '../demographic-popular.js';
import { evaluateRecall } from '../evaluate.js';
import { heldOutUsers, type HeldOutUsersSplit, type InteractionRecord } from '../splits.js';
import { readImport } from './dataset.js';
import {
  blendOf,
  channelsToEvaluate,
  chooseBlendWithProgress,
  datasetDir,
  evaluateEach,
  fitWithProgress,
  isRegistered,
  latestTime,
  type Protocol,
  type ProtocolOptions,
  type ProtocolRun,
  type ProtocolTable,
} from './protocol.js';

const SEED = 42;
export const COLD_USER_SHARE = 0.2;
export const REVEALED = [0, 1, 3, 5, 10] as const;
const BLEND_DEPTH = 100;
export const MOST_POPULAR = 'most-popular';
export const DEMOGRAPHIC_POPULAR = 'demographic-popular';
/**
 * Popular in the user's k-means cluster of profiles: evaluated when named in
 * `channels` only, as it adds nothing to the blend here (docs/cold-start.md).
 * On the validation users every k from 2 to 64 did about as well (NDCG@10 at
 * k = 0 within 0.553-0.558, against most-popular's 0.548).
 */
export const CLUSTER_POPULAR = 'cluster-popular';
const CLUSTERS = 8;
const BASELINES = [MOST_POPULAR, DEMOGRAPHIC_POPULAR];

export interface Ml100kData {
  records: InteractionRecord[];
  catalog: Pin[];
  /** Per user id: gender, age group, occupation (coarse to fine; "unknown" where missing). */
  profiles: Map<string, string[]>;
  users: User[];
}

/** The demographic attributes of a MovieLens user as the importer maps them. */
export function demographicProfile(user: User): string[] {
  const occupation = user.interests.find((i) => i.startsWith('occupation:'));
  return [user.gender ?? 'unknown', user.ageRange ?? 'unknown', occupation ?? 'unknown'];
}

export async function loadMl100k(dir: string): Promise<Ml100kData> {
  const { pins, users, records } = await readImport(ml100kSource(dir));
  return { records, catalog: pins, profiles: new Map(users.map((u) => [u.id, demographicProfile(u)])), users };
}

/** The protocol's split with each held-out user's first `k` interactions revealed (in its train). */
export function coldStartSplit(records: readonly InteractionRecord[], k: number, seed = SEED): HeldOutUsersSplit {
  return heldOutUsers(records, { share: COLD_USER_SHARE, seed, reveal: k });
}

/** Registered channels fitted with fitChannels, the two baselines fitted directly. */
async function fitAll(
  names: readonly string[],
  records: readonly InteractionRecord[],
  data: Ml100kData,
  options: ProtocolOptions,
  now: number,
  label: string,
): Promise<RecallChannel[]> {
  const train = Interactions.fromRecords(records);
  const fitted = await fitWithProgress(names.filter(isRegistered), train, options, { now, catalog: data.catalog, users: data.users, label });
  const baselines = new Map<string, RecallChannel>([
    [MOST_POPULAR, new DemographicPopularChannel({ profiles: new Map(), name: MOST_POPULAR })],
    [DEMOGRAPHIC_POPULAR, new DemographicPopularChannel({ profiles: data.profiles, name: DEMOGRAPHIC_POPULAR })],
    [CLUSTER_POPULAR, clusterPopularChannel(data.users, { k: CLUSTERS, seed: SEED, interestWeight: 1, name: CLUSTER_POPULAR })],
  ]);
  return names.map((name) => {
    const baseline = baselines.get(name);
    if (!baseline) return fitted.get(name)!;
    baseline.fit(train, { now });
    return baseline;
  });
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const started = performance.now();
  const data = await loadMl100k(datasetDir(options, 'ml-100k'));
  const names = channelsToEvaluate(options, 'ml100k-coldstart-users', true, options.channels ? [...BASELINES, CLUSTER_POPULAR] : BASELINES);
  const warm = coldStartSplit(data.records, 0);
  options.log?.(`ml100k-coldstart-users: ${data.records.length} ratings, ${warm.users.size} held-out users, ${warm.train.length} training ratings`);
  const now = latestTime(warm.train);
  const loop = { now, unknownUsers: 'empty-history' as const };

  let validationChannels: RecallChannel[] | undefined;
  if (options.blend !== false) {
    const inner = heldOutUsers(warm.train, { share: COLD_USER_SHARE, seed: SEED + 1 });
    validationChannels = await fitAll(names, inner.train, data, options, now, 'validation');
  }
  const members = await fitAll(names, warm.train, data, options, now, 'test');

  const tables: ProtocolTable[] = [];
  for (const k of REVEALED) {
    let choice: BlendChoice | undefined;
    if (validationChannels) {
      const channels = validationChannels;
      const inner = heldOutUsers(warm.train, { share: COLD_USER_SHARE, seed: SEED + 1, reveal: k });
      const history = Interactions.fromRecords(inner.train);
      choice = chooseBlendWithProgress(options, `blend validation k=${k}`, inner.test.size, 'NDCG@10', (onProgress) =>
        collectFullRankingCases(channels, history, inner.test, BLEND_DEPTH, { ...loop, onProgress }),
      );
    }
    const split = coldStartSplit(data.records, k);
    const history = Interactions.fromRecords(split.train);
    const evaluated = choice ? [...members, blendOf(members, choice)] : members;
    const results = evaluateEach(evaluated, options, split.test.size, 'users', (channel, onProgress) =>
      evaluateRecall(channel, history, split.test, { ks: [10], ...loop, onProgress }),
    );
    tables.push({ key: `k=${k}`, title: `first ${k} interaction${k === 1 ? '' : 's'} known`, results, ...(choice ? { blend: choice } : {}) });
  }
  return {
    protocol: ml100kColdstartUsers.name,
    title: ml100kColdstartUsers.title,
    metadata: {
      protocol: ml100kColdstartUsers.name,
      split: `${COLD_USER_SHARE * 100}% of users held out (seed ${SEED}); their first k interactions as history, the rest as test`,
      details: {
        ratings: data.records.length,
        heldOutUsers: warm.users.size,
        trainRatings: warm.train.length,
        ks: REVEALED.join(','),
        validation: `${COLD_USER_SHARE * 100}% of the training users held out the same way (seed ${SEED + 1})`,
      },
    },
    metrics: ml100kColdstartUsers.metrics,
    tables,
    published: ml100kColdstartUsers.published,
    seconds: (performance.now() - started) / 1000,
  };
}

export const ml100kColdstartUsers: Protocol = {
  name: 'ml100k-coldstart-users',
  title: 'ML-100k, cold-start users',
  datasets: ['ml-100k'],
  summary: '20% of users held out; recommended to from demographics and their first k = 0, 1, 3, 5, 10 interactions',
  metrics: ['NDCG@10', 'Recall@10'],
  published: [],
  run,
};
