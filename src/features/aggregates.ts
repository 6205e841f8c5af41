/**
 * Engagement aggregates: the running counts and decayed affinities that
 * features read, updated one event at a time in log order. Building
 * training examples replays the log through this state, reading features
 * before each impression is applied, so every example sees exactly what was
 * known at its time (point-in-time correctness); serving reads the same state
 * built from the whole log.
 */
import type { EventType, LoggedEvent, Pin } from '../domain/types.js';

/** Event types counted per pin, creator and user. */
export const COUNTED = ['impression', 'closeup', 'click', 'save', 'hide'] as const;
export type CountedType = (typeof COUNTED)[number];
const COUNTED_INDEX = new Map<EventType, number>(COUNTED.map((t, i) => [t, i]));

/** Weights of an event towards a user's affinity to a category or creator. */
const AFFINITY_WEIGHT: Partial<Record<EventType, number>> = { closeup: 1, click: 2, save: 4, conversion: 6, hide: -4 };

/** A pin's category: its first tag, by convention (the demo world and importers put the category first). */
export function pinCategory(pin: Pick<Pin, 'tags'>): string | undefined {
  return pin.tags[0];
}

/** A value that halves every `halfLifeMs`, read at any later time. */
class Decayed {
  constructor(
    public value = 0,
    public at = 0,
  ) {}
  add(weight: number, time: number, lambda: number): void {
    this.value = this.valueAt(time, lambda) + weight;
    this.at = Math.max(this.at, time);
  }
  valueAt(time: number, lambda: number): number {
    return this.value * Math.exp(-lambda * Math.max(0, time - this.at));
  }
}

interface UserState {
  counts: Float64Array;
  categories: Map<string, Decayed>;
  creators: Map<string, Decayed>;
  /** Total positive affinity, decayed, for normalising. */
  total: Decayed;
  /** Recently engaged pins, newest last. */
  recent: string[];
}

export interface AggregateOptions {
  affinityHalfLifeHours: number;
  /** How many recently engaged pins each user keeps. */
  recentPins: number;
}

export const AGGREGATE_DEFAULTS: AggregateOptions = { affinityHalfLifeHours: 24 * 14, recentPins: 20 };

type DecayedState = [key: string, value: number, at: number];

interface UserSaved {
  id: string;
  counts: number[];
  categories: DecayedState[];
  creators: DecayedState[];
  total: [number, number];
  recent: string[];
}

/** The aggregates as plain JSON (saved with a model set for serving). */
export interface AggregatesState {
  format: 'tessera-aggregates';
  version: 1;
  options: AggregateOptions;
  global: number[];
  pins: [string, number[]][];
  creators: [string, number[]][];
  users: UserSaved[];
}

const savedDecayed = (map: Map<string, Decayed>): DecayedState[] => [...map].map(([k, d]) => [k, d.value, d.at]);
const loadedDecayed = (saved: DecayedState[]): Map<string, Decayed> => new Map(saved.map(([k, v, at]) => [k, new Decayed(v, at)]));
const savedCounts = (map: Map<string, Float64Array>): [string, number[]][] => [...map].map(([k, c]) => [k, Array.from(c)]);
const loadedCounts = (saved: [string, number[]][]): Map<string, Float64Array> => new Map(saved.map(([k, c]) => [k, Float64Array.from(c)]));

export class EngagementAggregates {
  private pins = new Map<string, Float64Array>();
  private creators = new Map<string, Float64Array>();
  private users = new Map<string, UserState>();
  private global = new Float64Array(COUNTED.length);
  private readonly lambda: number;

  constructor(readonly options: AggregateOptions = AGGREGATE_DEFAULTS) {
    this.lambda = Math.LN2 / (options.affinityHalfLifeHours * 3600_000);
  }

  save(): AggregatesState {
    return {
      format: 'tessera-aggregates',
      version: 1,
      options: this.options,
      global: Array.from(this.global),
      pins: savedCounts(this.pins),
      creators: savedCounts(this.creators),
      users: [...this.users].map(([id, u]) => ({
        id,
        counts: Array.from(u.counts),
        categories: savedDecayed(u.categories),
        creators: savedDecayed(u.creators),
        total: [u.total.value, u.total.at],
        recent: u.recent,
      })),
    };
  }

  static load(state: unknown): EngagementAggregates {
    const s = state as Partial<AggregatesState>;
    if (s?.format !== 'tessera-aggregates' || s.version !== 1 || !s.options || !Array.isArray(s.users)) {
      throw new TypeError('aggregates: saved state is malformed (expected tessera-aggregates version 1)');
    }
    const a = new EngagementAggregates(s.options);
    a.global = Float64Array.from(s.global!);
    a.pins = loadedCounts(s.pins!);
    a.creators = loadedCounts(s.creators!);
    a.users = new Map(
      s.users.map((u) => [
        u.id,
        {
          counts: Float64Array.from(u.counts),
          categories: loadedDecayed(u.categories),
          creators: loadedDecayed(u.creators),
          total: new Decayed(u.total[0], u.total[1]),
          recent: u.recent,
        },
      ]),
    );
    return a;
  }

  /** Applies one event; `pin` is the event's pin (undefined for searches or unknown pins). */
  observe(event: Pick<LoggedEvent, 'userId' | 'type' | 'timestamp'>, pin: Pin | undefined): void {
    if (!pin) return;
    const user = this.user(event.userId);
    const k = COUNTED_INDEX.get(event.type);
    if (k !== undefined) {
      countInto(this.pins, pin.id, k);
      countInto(this.creators, pin.creatorId, k);
      user.counts[k]!++;
      this.global[k]!++;
    }
    const weight = AFFINITY_WEIGHT[event.type];
    if (weight === undefined) return;
    const category = pinCategory(pin);
    if (category !== undefined) affinity(user.categories, category).add(weight, event.timestamp, this.lambda);
    affinity(user.creators, pin.creatorId).add(weight, event.timestamp, this.lambda);
    if (weight > 0) {
      user.total.add(weight, event.timestamp, this.lambda);
      const at = user.recent.indexOf(pin.id);
      if (at >= 0) user.recent.splice(at, 1);
      user.recent.push(pin.id);
      if (user.recent.length > this.options.recentPins) user.recent.shift();
    }
  }

  pinCount(pinId: string, type: CountedType): number {
    return this.pins.get(pinId)?.[COUNTED_INDEX.get(type)!] ?? 0;
  }

  creatorCount(creatorId: string, type: CountedType): number {
    return this.creators.get(creatorId)?.[COUNTED_INDEX.get(type)!] ?? 0;
  }

  userCount(userId: string, type: CountedType): number {
    return this.users.get(userId)?.counts[COUNTED_INDEX.get(type)!] ?? 0;
  }

  /** Share of all impressions that led to `type`: the prior of smoothed rates. */
  globalRate(type: CountedType): number {
    const impressions = this.global[0]!;
    return impressions > 0 ? this.global[COUNTED_INDEX.get(type)!]! / impressions : 0;
  }

  /** The user's decayed affinity to a category, as a share of their total positive affinity; undefined for users with none. */
  categoryAffinity(userId: string, category: string, now: number): number | undefined {
    return this.share(userId, (u) => u.categories.get(category), now);
  }

  creatorAffinity(userId: string, creatorId: string, now: number): number | undefined {
    return this.share(userId, (u) => u.creators.get(creatorId), now);
  }

  /** The user's recently engaged pins, newest first. */
  recentPins(userId: string): readonly string[] {
    return [...(this.users.get(userId)?.recent ?? [])].reverse();
  }

  private share(userId: string, pick: (u: UserState) => Decayed | undefined, now: number): number | undefined {
    const user = this.users.get(userId);
    const total = user?.total.valueAt(now, this.lambda) ?? 0;
    if (!user || total <= 0) return undefined;
    return (pick(user)?.valueAt(now, this.lambda) ?? 0) / total;
  }

  private user(userId: string): UserState {
    let user = this.users.get(userId);
    if (!user) {
      user = { counts: new Float64Array(COUNTED.length), categories: new Map(), creators: new Map(), total: new Decayed(), recent: [] };
      this.users.set(userId, user);
    }
    return user;
  }
}

function countInto(map: Map<string, Float64Array>, key: string, k: number): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Float64Array(COUNTED.length)));
  counts[k]!++;
}

function affinity(map: Map<string, Decayed>, key: string): Decayed {
  let d = map.get(key);
  if (!d) map.set(key, (d = new Decayed()));
  return d;
}
