/**
 * The `coldStart` configuration section: the cold-start channel for users
 * with few interactions (clusters and a bandit over interest categories) and
 * the exploration budget for new pins and new creators. Both join the home
 * feed as candidate sources next to `feed.channels`; see docs/cold-start.md.
 */
import { Type, type Static } from 'typebox';
import type { Config } from '../config.js';
import { POLICY_NAMES } from './bandits/policies.js';

/** The cold-start channel's options (also settable as `training.channels.cold-start`). */
export const ColdStartUserOptions = Type.Object(
  {
    policy: Type.Enum([...POLICY_NAMES], { description: 'The bandit over interest categories: epsilon-greedy, ucb1 or thompson.' }),
    epsilon: Type.Number({ minimum: 0, maximum: 1, description: 'epsilon-greedy: share of slots given to a uniformly random category.' }),
    ucbExploration: Type.Number({ minimum: 0, description: 'UCB1: c in mean + sqrt(c ln N / n); 2 is UCB1 as published.' }),
    priorStrength: Type.Number({ minimum: 0, description: "How many impressions' worth the user's cluster counts for in each category's prior." }),
    smoothing: Type.Number({ minimum: 0, description: "Pseudo-impressions pulling a cluster's category rate toward the population's, and that toward the overall rate." }),
    hidePenalty: Type.Number({ minimum: 0, description: 'A hide counts as this many failed impressions of its category.' }),
    maxInteractions: Type.Integer({ minimum: 0, description: 'Users who engaged with more pins than this get nothing from the channel (the other channels know them).' }),
    clusters: Type.Integer({
      minimum: 0,
      description: 'k of the k-means clustering of user profiles (demographics, declared interests); 0 chooses k from 1, 2, 4 … 32 on held-out users.',
    }),
    interestWeight: Type.Number({ minimum: 0, description: 'How much the declared interests weigh in the clustering against one demographic field.' }),
    pinsPerCategory: Type.Integer({ minimum: 1, description: 'Popular and fresh pins kept per cluster and category.' }),
    freshShare: Type.Number({ minimum: 0, maximum: 1, description: "Share of a category's slots filled with its newest pins rather than its most popular." }),
    maxCategoryShare: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "At most this share of a page's slots goes to one category, whatever the bandit's preference." }),
    pageSize: Type.Integer({ minimum: 1, description: 'Slots per page for maxCategoryShare (from feed.defaultPageSize when served).' }),
    seed: Type.Integer({ minimum: 0, description: 'Seeds k-means and the per-request bandit draws (with the user and their history).' }),
  },
  { additionalProperties: false },
);
export type ColdStartUserOptions = Static<typeof ColdStartUserOptions>;

/** The exploration channel's options (also settable as `training.channels.explore`). */
export const ExploreOptions = Type.Object(
  {
    newPinHours: Type.Number({ exclusiveMinimum: 0, description: 'Pins younger than this are new.' }),
    newCreatorDays: Type.Number({ minimum: 0, description: "Pins of creators whose first pin is younger than this are explored too." }),
    minImpressions: Type.Integer({ minimum: 1, description: 'Users a new pin is shown to before it can graduate or stop being explored.' }),
    maxImpressions: Type.Integer({ minimum: 1, description: 'A new pin not graduated after this many users stops being explored.' }),
    graduationLift: Type.Number({ minimum: 0, description: "A pin graduates when its engagement rate reaches this multiple of the catalogue's." }),
    priorStrength: Type.Number({ minimum: 0, description: "Impressions' worth of the catalogue's engagement rate in each new pin's prior." }),
    maxPool: Type.Integer({ minimum: 1, description: 'At most this many pins are explored at once (the newest).' }),
    seed: Type.Integer({ minimum: 0, description: 'Seeds the per-request Thompson draws (with the user and the time).' }),
  },
  { additionalProperties: false },
);
export type ExploreOptions = Static<typeof ExploreOptions>;

// The page size is the feed's (feed.defaultPageSize), not a setting of its own here.
const { pageSize: _pageSize, ...userSettings } = ColdStartUserOptions.properties;

export const ColdStartConfig = Type.Object(
  {
    users: Type.Object(
      {
        /** Candidates the channel adds to the feed (0: off). */
        quota: Type.Integer({ minimum: 0 }),
        /** Its weight in channel-score fusion. */
        weight: Type.Number({ minimum: 0 }),
        ...userSettings,
      },
      { additionalProperties: false },
    ),
    exploration: Type.Object(
      {
        /** Share of the feed's slots given to new pins and new creators (0: off). */
        share: Type.Number({ minimum: 0, maximum: 0.5 }),
        /** Candidate new pins fetched per request. */
        quota: Type.Integer({ minimum: 1 }),
        ...ExploreOptions.properties,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ColdStartConfig = Static<typeof ColdStartConfig>;

export const COLD_START_USER_DEFAULTS: ColdStartUserOptions = {
  // Chosen on validation users of the demo world (docs/cold-start.md): UCB1 had the least regret of the
  // three; c = 0.1 with a prior worth 20 impressions is within 1% of the best setting tried (c = 0.5, 50)
  // up to 100 impressions, 9% behind at 300, and lets the user's own feedback count 2.5 times as much.
  policy: 'ucb1',
  epsilon: 0.1,
  ucbExploration: 0.1,
  priorStrength: 20,
  smoothing: 20,
  hidePenalty: 2,
  maxInteractions: 5,
  clusters: 0,
  interestWeight: 1,
  pinsPerCategory: 100,
  freshShare: 0.2,
  maxCategoryShare: 0.4,
  pageSize: 25,
  seed: 42,
};

export const EXPLORE_DEFAULTS: ExploreOptions = {
  newPinHours: 72,
  newCreatorDays: 14,
  minImpressions: 20,
  maxImpressions: 200,
  graduationLift: 1,
  priorStrength: 2,
  maxPool: 5000,
  seed: 42,
};

const { pageSize: _defaultPageSize, ...userDefaults } = COLD_START_USER_DEFAULTS;

export const COLD_START_DEFAULTS: ColdStartConfig = {
  users: { quota: 100, weight: 0.5, ...userDefaults },
  exploration: { share: 0.05, quota: 50, ...EXPLORE_DEFAULTS },
};

export const COLD_START_CHANNEL = 'cold-start';
export const EXPLORE_CHANNEL = 'explore';

/** The cold-start channel's options as configured (the section minus what the feed reads, plus the feed's page size). */
export function coldStartUserOptions(config: Pick<Config, 'coldStart' | 'feed'>): ColdStartUserOptions {
  const { quota: _quota, weight: _weight, ...options } = config.coldStart.users;
  return { ...options, pageSize: config.feed.defaultPageSize };
}

export function exploreOptions(config: Pick<Config, 'coldStart'>): ExploreOptions {
  const { share: _share, quota: _quota, ...options } = config.coldStart.exploration;
  return options;
}

export interface FeedChannelEntry {
  name: string;
  quota: number;
  weight: number;
}

/** The feed's cold-start sources that are switched on, as feed channel entries. */
export function coldStartFeedChannels(config: Pick<Config, 'coldStart'>): FeedChannelEntry[] {
  const { users, exploration } = config.coldStart;
  const out: FeedChannelEntry[] = [];
  if (users.quota > 0) out.push({ name: COLD_START_CHANNEL, quota: users.quota, weight: users.weight });
  // Weight 0: explored pins do not compete on score; ExplorationSlots places them.
  if (exploration.share > 0) out.push({ name: EXPLORE_CHANNEL, quota: exploration.quota, weight: 0 });
  return out;
}

/** Every channel the home feed recalls from: `feed.channels`, then the cold-start sources switched on. */
export function servedChannels(config: Pick<Config, 'feed' | 'coldStart'>): FeedChannelEntry[] {
  return [...config.feed.channels, ...coldStartFeedChannels(config)];
}
