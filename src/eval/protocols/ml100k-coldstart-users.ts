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
  datasetDir,
  isRegistered,
  latestTime,
  protocolRun,
  startRun,
  type Protocol,
  type ProtocolOptions,
  type ProtocolRun,
  type ProtocolTable,
} from './protocol.js';
import { chooseBlendWithProgress, evaluateTable, fitMembers, fitRows, type FittedRows, type Row } from './run-steps.js';

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

/** The baselines among `names` (they are not registered channels), fitted directly. */
function fitBaselines(names: readonly string[], train: Interactions, data: Ml100kData, now: number): Row[] {
  return names
    .filter((name) => !isRegistered(name))
    .map((name) => {
      const channel =
        name === CLUSTER_POPULAR
          ? clusterPopularChannel(data.users, { k: CLUSTERS, seed: SEED, interestWeight: 1, name })
          : new DemographicPopularChannel({ profiles: name === DEMOGRAPHIC_POPULAR ? data.profiles : new Map(), name });
      channel.fit(train, { now });
      return { label: name, channel };
    });
}

async function run(options: ProtocolOptions): Promise<ProtocolRun> {
  const start = startRun(options, ml100kColdstartUsers, true, options.channels ? [...BASELINES, CLUSTER_POPULAR] : BASELINES);
  const data = await loadMl100k(datasetDir(options, 'ml-100k'));
  const registered = start.names.filter(isRegistered);
  const warm = coldStartSplit(data.records, 0);
  options.log?.(`ml100k-coldstart-users: ${data.records.length} ratings, ${warm.users.size} held-out users, ${warm.train.length} training ratings`);
  const now = latestTime(warm.train);
  const fit = { now, catalog: data.catalog, users: data.users, tuned: start.tuned };
  const loop = { now, unknownUsers: 'empty-history' as const };

  let validationMembers: RecallChannel[] | undefined;
  if (options.blend !== false) {
    const inner = Interactions.fromRecords(heldOutUsers(warm.train, { share: COLD_USER_SHARE, seed: SEED + 1 }).train);
    const members = await fitMembers(registered, inner, options, { ...fit, label: 'validation' });
    validationMembers = [...members, ...fitBaselines(start.names, inner, data, now).map((r) => r.channel)];
  }
  const train = Interactions.fromRecords(warm.train);
  const channels = await fitRows(registered, train, options, { ...fit, label: 'test' });
  const baselines = fitBaselines(start.names, train, data, now);
  const fitted: FittedRows = { ...channels, rows: [...channels.rows, ...baselines], members: [...channels.members, ...baselines.map((r) => r.channel)] };

  const tables: ProtocolTable[] = [];
  for (const k of REVEALED) {
    let choice: BlendChoice | undefined;
    if (validationMembers) {
      const members = validationMembers;
      const inner = heldOutUsers(warm.train, { share: COLD_USER_SHARE, seed: SEED + 1, reveal: k });
      const history = Interactions.fromRecords(inner.train);
      choice = chooseBlendWithProgress(options, `blend validation k=${k}`, inner.test.size, 'NDCG@10', (onProgress) =>
        collectFullRankingCases(members, history, inner.test, BLEND_DEPTH, { ...loop, onProgress }),
      );
    }
    const split = coldStartSplit(data.records, k);
    const history = Interactions.fromRecords(split.train);
    tables.push(
      evaluateTable(options, fitted, choice, {
        title: `first ${k} interaction${k === 1 ? '' : 's'} known`,
        key: `k=${k}`,
        total: split.test.size,
        evaluate: (channel, onProgress) => evaluateRecall(channel, history, split.test, { ks: [10], ...loop, onProgress }),
      }),
    );
  }
  const metadata = {
    split: `${COLD_USER_SHARE * 100}% of users held out (seed ${SEED}); their first k interactions as history, the rest as test`,
    details: {
      ratings: data.records.length,
      heldOutUsers: warm.users.size,
      trainRatings: warm.train.length,
      ks: REVEALED.join(','),
      validation: `${COLD_USER_SHARE * 100}% of the training users held out the same way (seed ${SEED + 1})`,
    },
  };
  return protocolRun(ml100kColdstartUsers, start, metadata, tables);
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
