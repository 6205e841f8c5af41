/**
 * The ranking features, defined once for training and serving. Each feature
 * reads the request context and the engagement aggregates as they stand and
 * returns a number, or undefined when it is unknown (imputed later, with a
 * missing flag; see transform.ts).
 */
import type { Pin, Surface, User } from '../domain/types.js';
import { pinCategory, type CountedType, type EngagementAggregates } from './aggregates.js';

/** Pin vectors (e.g. from iALS or the two-tower model) for similarity features. */
export interface PinEmbeddings {
  vector(pinId: string): Float32Array | undefined;
}

export interface FeatureContext {
  userId: string;
  user?: User;
  pin: Pin;
  now: number;
  position?: number;
  surface?: Surface;
  aggregates: EngagementAggregates;
  embeddings?: PinEmbeddings;
}

export interface FeatureDefinition {
  name: string;
  /** user | pin | creator | context | cross, for documentation and reports. */
  group: 'user' | 'pin' | 'creator' | 'context' | 'cross';
  compute(context: FeatureContext): number | undefined;
}

const DAY_MS = 86_400_000;
/** Pseudo-impressions of the global rate added to every smoothed rate (a Beta prior). */
export const RATE_PRIOR_IMPRESSIONS = 20;

/** (count + prior · global rate) / (impressions + prior): rates of pins with few impressions lean on the global rate. */
function smoothedRate(count: number, impressions: number, globalRate: number): number {
  return (count + RATE_PRIOR_IMPRESSIONS * globalRate) / (impressions + RATE_PRIOR_IMPRESSIONS);
}

function pinRate(type: CountedType): FeatureDefinition {
  return {
    name: `pin_${type}_rate`,
    group: 'pin',
    compute: ({ pin, aggregates: a }) => smoothedRate(a.pinCount(pin.id, type), a.pinCount(pin.id, 'impression'), a.globalRate(type)),
  };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

const hourOfDay = (now: number) => ((now % DAY_MS) + DAY_MS) % DAY_MS / 3600_000;

export const FEATURES: readonly FeatureDefinition[] = [
  {
    name: 'user_category_affinity',
    group: 'cross',
    compute: ({ userId, pin, now, aggregates }) => {
      const category = pinCategory(pin);
      return category === undefined ? undefined : aggregates.categoryAffinity(userId, category, now);
    },
  },
  {
    name: 'user_creator_affinity',
    group: 'cross',
    compute: ({ userId, pin, now, aggregates }) => aggregates.creatorAffinity(userId, pin.creatorId, now),
  },
  {
    name: 'declared_interest',
    group: 'cross',
    compute: ({ user, pin }) => {
      if (!user || user.interests.length === 0) return undefined;
      return pin.tags.some((t) => user.interests.includes(t)) ? 1 : 0;
    },
  },
  {
    name: 'recent_pins_similarity',
    group: 'cross',
    compute: ({ userId, pin, aggregates, embeddings }) => {
      const target = embeddings?.vector(pin.id);
      if (!target) return undefined;
      let best: number | undefined;
      for (const recent of aggregates.recentPins(userId)) {
        const v = recent === pin.id ? undefined : embeddings!.vector(recent);
        if (v) best = Math.max(best ?? -1, cosine(target, v));
      }
      return best;
    },
  },
  pinRate('closeup'),
  pinRate('click'),
  pinRate('save'),
  pinRate('hide'),
  { name: 'pin_impressions_log', group: 'pin', compute: ({ pin, aggregates }) => Math.log1p(aggregates.pinCount(pin.id, 'impression')) },
  { name: 'pin_age_days_log', group: 'pin', compute: ({ pin, now }) => Math.log1p(Math.max(0, now - pin.createdAt) / DAY_MS) },
  {
    name: 'creator_saves_log',
    group: 'creator',
    compute: ({ pin, aggregates }) => Math.log1p(aggregates.creatorCount(pin.creatorId, 'save')),
  },
  {
    name: 'creator_save_rate',
    group: 'creator',
    compute: ({ pin, aggregates: a }) =>
      smoothedRate(a.creatorCount(pin.creatorId, 'save'), a.creatorCount(pin.creatorId, 'impression'), a.globalRate('save')),
  },
  {
    name: 'user_impressions_log',
    group: 'user',
    compute: ({ userId, aggregates }) => Math.log1p(aggregates.userCount(userId, 'impression')),
  },
  {
    name: 'user_closeup_rate',
    group: 'user',
    compute: ({ userId, aggregates: a }) =>
      smoothedRate(a.userCount(userId, 'closeup'), a.userCount(userId, 'impression'), a.globalRate('closeup')),
  },
  {
    name: 'user_account_age_days_log',
    group: 'user',
    compute: ({ user, now }) => (user ? Math.log1p(Math.max(0, now - user.createdAt) / DAY_MS) : undefined),
  },
  { name: 'position', group: 'context', compute: ({ position }) => position },
  { name: 'surface_home', group: 'context', compute: ({ surface }) => (surface === undefined ? undefined : surface === 'home' ? 1 : 0) },
  { name: 'surface_related', group: 'context', compute: ({ surface }) => (surface === undefined ? undefined : surface === 'related' ? 1 : 0) },
  { name: 'hour_sin', group: 'context', compute: ({ now }) => Math.sin((2 * Math.PI * hourOfDay(now)) / 24) },
  { name: 'hour_cos', group: 'context', compute: ({ now }) => Math.cos((2 * Math.PI * hourOfDay(now)) / 24) },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);

/** One raw feature row: NaN where a feature is unknown. */
export function computeFeatures(context: FeatureContext, out = new Float32Array(FEATURES.length)): Float32Array {
  for (let j = 0; j < FEATURES.length; j++) {
    const value = FEATURES[j]!.compute(context);
    out[j] = value === undefined || !Number.isFinite(value) ? Number.NaN : value;
  }
  return out;
}
