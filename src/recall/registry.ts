/**
 * The recall channels Tessera knows. Each channel declares its options as a
 * schema with defaults; configuration (`training.channels.<name>`) and
 * callers (evaluation, hyperparameter search) override them, validated here.
 * Adding a channel is one file and one entry below.
 */
import type { TSchema } from 'typebox';
import { ConfigError, type Config } from '../config.js';
import { wireValidator } from '../wire/validate.js';
import { ColdStartChannel } from '../coldstart/cold-start-channel.js';
import {
  COLD_START_USER_DEFAULTS,
  ColdStartUserOptions,
  coldStartUserOptions,
  EXPLORE_DEFAULTS,
  ExploreOptions,
  exploreOptions,
} from '../coldstart/config.js';
import { ExploreChannel } from '../coldstart/exploration/explore-channel.js';
import { BPR_DEFAULTS, BprChannel, BprOptions } from './bpr.js';
import { CO_ENGAGEMENT_DEFAULTS, CoEngagementChannel, CoEngagementOptions } from './co-engagement.js';
import { ITEM_CF_DEFAULTS, ItemCfChannel, ItemCfOptions } from './item-cf.js';
import { IALS_DEFAULTS, IalsChannel, IalsOptions } from './ials.js';
import { CONTENT_DEFAULTS, ContentChannel, ContentOptions } from './content.js';
import { EASE_DEFAULTS, EaseChannel, EaseOptions } from './ease.js';
import { POPULAR_DEFAULTS, PopularChannel, PopularOptions } from './popular.js';
import { RANDOM_WALK_DEFAULTS, RandomWalkChannel, RandomWalkOptions } from './random-walk.js';
import type { SearchSpace } from './search-space.js';
import { TRENDING_DEFAULTS, TrendingChannel, TrendingOptions } from './trending.js';
import type { RecallChannel } from './types.js';
import { USER_CF_DEFAULTS, UserCfChannel, UserCfOptions } from './user-cf.js';
import { VECTOR_DEFAULTS, VectorChannel, VectorOptions } from './vector.js';

export interface ChannelSpec<O extends object = object> {
  name: string;
  description: string;
  options: TSchema;
  defaults: O;
  /** Fitting needs the pins' content (`FitOptions.catalog`), not interactions alone. */
  readsCatalog?: boolean;
  /** The options worth tuning and where to look (`tessera evaluate --tune`, docs/tuning.md). */
  search?: SearchSpace;
  /** Options the channel takes from its own configuration section (applied before `training.channels.<name>`). */
  fromConfig?(config: Config): Partial<O>;
  /**
   * False for channels that only make sense inside the feed (exploration of
   * new pins, users with few interactions): evaluation leaves them out unless
   * they are named.
   */
  evaluatedByDefault?: boolean;
  create(options: O): RecallChannel;
}

function spec<O extends object>(s: ChannelSpec<O>): ChannelSpec {
  return s as unknown as ChannelSpec;
}

const SPECS: readonly ChannelSpec[] = [
  spec({
    name: 'popular',
    description: 'pins ranked by time-decayed engagement',
    options: PopularOptions,
    defaults: POPULAR_DEFAULTS,
    search: { halfLifeHours: { kind: 'log', min: 1, max: 5000 } },
    create: (o) => new PopularChannel(o),
  }),
  spec({
    name: 'trending',
    description: 'pins whose engagement in the last hours rises above their own usual rate (windowed counts)',
    options: TrendingOptions,
    defaults: TRENDING_DEFAULTS,
    search: {
      windowHours: { kind: 'log', min: 1, max: 168 },
      baselineHours: { kind: 'log', min: 24, max: 24 * 60 },
      score: { kind: 'choice', values: ['count', 'lift'] },
      prior: { kind: 'float', min: 0, max: 50 },
    },
    create: (o) => new TrendingChannel(o),
  }),
  spec({
    name: 'co-engagement',
    description: 'item-to-item neighbours from pins engaged by the same users',
    options: CoEngagementOptions,
    defaults: CO_ENGAGEMENT_DEFAULTS,
    search: {
      neighbours: { kind: 'int', min: 10, max: 500, log: true },
      shrinkage: { kind: 'float', min: 0, max: 50 },
      maxSeeds: { kind: 'int', min: 5, max: 500, log: true },
      seedHalfLifeHours: { kind: 'log', min: 1, max: 5000 },
    },
    create: (o) => new CoEngagementChannel(o),
  }),
  spec({
    name: 'item-cf',
    description: "item-based CF: each pin's K most similar pins, summed over the user's engaged pins",
    options: ItemCfOptions,
    defaults: ITEM_CF_DEFAULTS,
    search: {
      similarity: { kind: 'choice', values: ['cosine', 'jaccard', 'adjusted-cosine', 'pearson'] },
      neighbours: { kind: 'int', min: 5, max: 500, log: true },
      shrinkage: { kind: 'float', min: 0, max: 100 },
      weighting: { kind: 'choice', values: ['none', 'idf', 'bm25'] },
      neighbourhood: { kind: 'choice', values: ['seed', 'candidate'] },
      normalize: { kind: 'choice', values: [false, true] },
    },
    create: (o) => new ItemCfChannel(o),
  }),
  spec({
    name: 'user-cf',
    description: "user-based CF: the pins of the user's K most similar users, voted by similarity",
    options: UserCfOptions,
    defaults: USER_CF_DEFAULTS,
    search: {
      similarity: { kind: 'choice', values: ['cosine', 'jaccard'] },
      neighbours: { kind: 'int', min: 5, max: 1000, log: true },
      shrinkage: { kind: 'float', min: 0, max: 100 },
      weighting: { kind: 'choice', values: ['none', 'idf', 'bm25'] },
      voteExponent: { kind: 'float', min: 0.5, max: 4 },
    },
    create: (o) => new UserCfChannel(o),
  }),
  spec({
    name: 'ials',
    description: 'matrix factorisation of implicit feedback (alternating least squares), trained on worker threads',
    options: IalsOptions,
    defaults: IALS_DEFAULTS,
    search: {
      factors: { kind: 'int', min: 8, max: 256, log: true },
      regularization: { kind: 'log', min: 0.001, max: 100 },
      alpha: { kind: 'log', min: 0.1, max: 100 },
      iterations: { kind: 'int', min: 3, max: 30 },
      // Frequency-scaled regularisation (Rendle et al. 2022) moves the best λ by decades, so it is drawn from a few settings.
      regularizationExponent: { kind: 'choice', values: [0, 0.5, 1] },
    },
    create: (o) => new IalsChannel(o),
  }),
  spec({
    name: 'vector',
    description: "pins nearest to the user's embedding from an embedding channel (exact or HNSW index)",
    options: VectorOptions,
    defaults: VECTOR_DEFAULTS,
    // ef only acts with an HNSW index (training.channels.vector.index); with the exact index it changes nothing.
    search: {
      ef: { kind: 'int', min: 16, max: 1024, log: true },
      metric: { kind: 'choice', values: ['ip', 'cosine'] },
    },
    create: (o) => new VectorChannel(o),
  }),
  spec({
    name: 'content',
    description: 'pins whose text (title, description, tags) is nearest to the text of the pins the user engaged with',
    options: ContentOptions,
    defaults: CONTENT_DEFAULTS,
    readsCatalog: true,
    search: {
      weighting: { kind: 'choice', values: ['tfidf', 'bm25'] },
      k1: { kind: 'float', min: 0.5, max: 2.5 },
      b: { kind: 'float', min: 0, max: 1 },
      titleWeight: { kind: 'float', min: 0, max: 5 },
      descriptionWeight: { kind: 'float', min: 0, max: 3 },
      tagsWeight: { kind: 'float', min: 0, max: 6 },
      queryTerms: { kind: 'int', min: 8, max: 256, log: true },
      maxHistory: { kind: 'int', min: 5, max: 200, log: true },
      halfLifeHours: { kind: 'log', min: 6, max: 5000 },
    },
    create: (o) => new ContentChannel(o),
  }),
  spec({
    name: 'random-walk',
    description: 'Pixie-style random walks on the user–pin graph from the pins the user engaged with',
    options: RandomWalkOptions,
    defaults: RANDOM_WALK_DEFAULTS,
    search: {
      totalSteps: { kind: 'int', min: 1000, max: 100_000, log: true },
      restartProbability: { kind: 'float', min: 0.1, max: 0.9 },
      maxQueryPins: { kind: 'int', min: 5, max: 200, log: true },
      halfLifeHours: { kind: 'log', min: 6, max: 5000 },
      edgeWeight: { kind: 'choice', values: ['weight', 'log', 'binary'] },
      userDegreePenalty: { kind: 'float', min: 0, max: 1 },
      pinDegreePenalty: { kind: 'float', min: 0, max: 1 },
    },
    create: (o) => new RandomWalkChannel(o),
  }),
  spec({
    name: 'bpr',
    description: 'matrix factorisation trained for pairwise ranking (BPR) with sampled negatives',
    options: BprOptions,
    defaults: BPR_DEFAULTS,
    search: {
      factors: { kind: 'int', min: 8, max: 256, log: true },
      learningRate: { kind: 'log', min: 0.005, max: 0.3 },
      learningRateDecay: { kind: 'float', min: 0.9, max: 1 },
      regularization: { kind: 'log', min: 0.00001, max: 0.1 },
      epochs: { kind: 'int', min: 5, max: 80 },
    },
    create: (o) => new BprChannel(o),
  }),
  spec({
    name: 'ease',
    description: 'EASE: closed-form linear pin-to-pin model over the most engaged pins',
    options: EaseOptions,
    defaults: EASE_DEFAULTS,
    search: {
      lambda: { kind: 'log', min: 1, max: 20_000 },
      values: { kind: 'choice', values: ['binary', 'weight', 'log1p'] },
    },
    create: (o) => new EaseChannel(o),
  }),
  spec({
    name: 'cold-start',
    description:
      'users with few interactions: a bandit over interest categories (prior from their k-means cluster of profiles) fills slots with popular and fresh pins',
    options: ColdStartUserOptions,
    defaults: COLD_START_USER_DEFAULTS,
    readsCatalog: true,
    fromConfig: coldStartUserOptions,
    evaluatedByDefault: false,
    search: {
      priorStrength: { kind: 'log', min: 0.5, max: 100 },
      clusters: { kind: 'int', min: 1, max: 64, log: true },
      freshShare: { kind: 'float', min: 0, max: 0.5 },
    },
    create: (o) => new ColdStartChannel(o),
  }),
  spec({
    name: 'explore',
    description: 'new pins and pins of new creators still being explored, ranked by Thompson sampling on their engagement',
    options: ExploreOptions,
    defaults: EXPLORE_DEFAULTS,
    readsCatalog: true,
    fromConfig: exploreOptions,
    evaluatedByDefault: false,
    search: {
      minImpressions: { kind: 'int', min: 5, max: 200, log: true },
      graduationLift: { kind: 'float', min: 0.5, max: 2 },
      priorStrength: { kind: 'log', min: 0.5, max: 50 },
    },
    create: (o) => new ExploreChannel(o),
  }),
];

const BY_NAME = new Map(SPECS.map((s) => [s.name, { spec: s, validator: wireValidator(s.options) }]));

export const CHANNEL_NAMES: readonly string[] = SPECS.map((s) => s.name);

/** The channels evaluation runs when none are named. */
export const EVALUATED_CHANNEL_NAMES: readonly string[] = SPECS.filter((s) => s.evaluatedByDefault !== false).map((s) => s.name);

export function channelSpec(name: string): ChannelSpec {
  const found = BY_NAME.get(name);
  if (!found) throw new ConfigError(`unknown recall channel "${name}"; known: ${CHANNEL_NAMES.join(', ')}`);
  return found.spec;
}

/** The channel's options: its defaults, then configuration, then `overrides`, validated. */
export function channelOptions(name: string, config: Config, overrides: Record<string, unknown> = {}): object {
  const { spec: s, validator } = BY_NAME.get(channelSpec(name).name)!;
  const merged = { ...s.defaults, ...s.fromConfig?.(config), ...config.training.channels[name], ...overrides };
  try {
    return validator.parse(merged) as object;
  } catch (error) {
    throw new ConfigError(`training.channels.${name}${(error as Error).message}`);
  }
}

export function createChannel(name: string, config: Config, overrides: Record<string, unknown> = {}): RecallChannel {
  return channelSpec(name).create(channelOptions(name, config, overrides));
}

/** Checks every channel the configuration names, so a typo stops start-up rather than the first request. */
export function validateChannelConfig(config: Config): void {
  for (const name of new Set([...Object.keys(config.training.channels), ...config.feed.channels.map((c) => c.name)])) {
    channelOptions(name, config);
  }
}
