/**
 * The demo world's latent ground truth: what every user really likes (and how
 * that drifts), every pin's category and quality, every creator's focus and
 * quality. Cold start, bandits and experiments are scored against it.
 */
import { engagementProbabilities, type EngagementProbabilities } from './behaviour.js';

export interface PinTruth {
  /** Index into `categories`. */
  category: number;
  /** 0..1. */
  quality: number;
  creatorId: string;
}

export interface CreatorTruth {
  /** Category indices, main category first. */
  categories: number[];
  /** 0..1. */
  quality: number;
}

/** The JSON form (`demo-truth.json`). */
export interface DemoTruthData {
  format: 'tessera-demo-truth';
  version: 1;
  seed: number;
  /** Interests are `start` here and `end` at windowEnd, linear in between. */
  windowStart: number;
  windowEnd: number;
  categories: string[];
  users: Record<string, { start: number[]; end: number[] }>;
  pins: Record<string, PinTruth>;
  creators: Record<string, CreatorTruth>;
}

export class DemoTruth {
  readonly seed: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly categories: readonly string[];
  /** Per user id: the interest share of each category (sums to 1) at windowStart. */
  readonly interestsStart: ReadonlyMap<string, readonly number[]>;
  /** Per user id: the same at windowEnd. */
  readonly interestsEnd: ReadonlyMap<string, readonly number[]>;
  readonly pins: ReadonlyMap<string, PinTruth>;
  readonly creators: ReadonlyMap<string, CreatorTruth>;
  private readonly categoryBySlug: ReadonlyMap<string, number>;

  constructor(data: DemoTruthData) {
    this.seed = data.seed;
    this.windowStart = data.windowStart;
    this.windowEnd = data.windowEnd;
    this.categories = data.categories;
    this.categoryBySlug = new Map(data.categories.map((slug, i) => [slug, i]));
    const start = new Map<string, number[]>();
    const end = new Map<string, number[]>();
    for (const [id, v] of Object.entries(data.users)) {
      start.set(id, v.start);
      end.set(id, v.end);
    }
    this.interestsStart = start;
    this.interestsEnd = end;
    this.pins = new Map(Object.entries(data.pins));
    this.creators = new Map(Object.entries(data.creators));
  }

  /** Checks the shape of parsed JSON and builds the truth from it. */
  static fromJSON(value: unknown): DemoTruth {
    const data = value as Partial<DemoTruthData> | null;
    if (data === null || typeof data !== 'object' || data.format !== 'tessera-demo-truth' || data.version !== 1) {
      throw new TypeError('not a tessera demo truth (format tessera-demo-truth, version 1)');
    }
    const { categories, users, pins, creators } = data;
    if (!Array.isArray(categories) || typeof users !== 'object' || typeof pins !== 'object' || typeof creators !== 'object') {
      throw new TypeError('demo truth lacks categories, users, pins or creators');
    }
    if (typeof data.seed !== 'number' || typeof data.windowStart !== 'number' || typeof data.windowEnd !== 'number') {
      throw new TypeError('demo truth lacks seed, windowStart or windowEnd');
    }
    for (const [id, v] of Object.entries(users ?? {})) {
      if (v?.start?.length !== categories.length || v.end?.length !== categories.length) {
        throw new TypeError(`demo truth: user ${id} needs ${categories.length} interests at start and end`);
      }
    }
    return new DemoTruth(data as DemoTruthData);
  }

  /** The category index of a slug or index; throws on an unknown one. */
  categoryIndexOf(category: string | number): number {
    const index = typeof category === 'number' ? category : this.categoryBySlug.get(category);
    if (index === undefined || !Number.isInteger(index) || index < 0 || index >= this.categories.length) {
      throw new RangeError(`unknown demo category ${String(category)}`);
    }
    return index;
  }

  /** How far through the drift `time` is: 0 at or before windowStart, 1 at or after windowEnd. */
  driftFraction(time: number): number {
    const span = this.windowEnd - this.windowStart;
    if (span <= 0) return 1;
    return Math.min(1, Math.max(0, (time - this.windowStart) / span));
  }

  /** The user's interest share in the category at `time` (0..1); what the simulation used. */
  affinity(userId: string, category: string | number, time: number): number {
    const k = this.categoryIndexOf(category);
    const start = this.vector(this.interestsStart, userId);
    const end = this.vector(this.interestsEnd, userId);
    const s = this.driftFraction(time);
    return start[k]! + s * (end[k]! - start[k]!);
  }

  /** The user's whole interest vector at `time`. */
  interests(userId: string, time: number): number[] {
    const start = this.vector(this.interestsStart, userId);
    const end = this.vector(this.interestsEnd, userId);
    const s = this.driftFraction(time);
    return start.map((x, k) => x + s * (end[k]! - x));
  }

  /** Category indices from the user's strongest interest down, at `time`. */
  topCategories(userId: string, time: number, n = this.categories.length): number[] {
    const v = this.interests(userId, time);
    return v
      .map((x, k) => [x, k] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, n)
      .map(([, k]) => k);
  }

  /** The probabilities the simulation drew this user's response to this pin from. */
  engagement(userId: string, pinId: string, time: number, position = 0): EngagementProbabilities {
    const pin = this.pins.get(pinId);
    if (!pin) throw new RangeError(`unknown demo pin ${pinId}`);
    const creator = this.creators.get(pin.creatorId);
    if (!creator) throw new RangeError(`unknown demo creator ${pin.creatorId}`);
    return engagementProbabilities(this.affinity(userId, pin.category, time), pin.quality, creator.quality, position);
  }

  toJSON(): DemoTruthData {
    const users: DemoTruthData['users'] = {};
    for (const [id, start] of this.interestsStart) users[id] = { start: [...start], end: [...this.vector(this.interestsEnd, id)] };
    return {
      format: 'tessera-demo-truth',
      version: 1,
      seed: this.seed,
      windowStart: this.windowStart,
      windowEnd: this.windowEnd,
      categories: [...this.categories],
      users,
      pins: Object.fromEntries(this.pins),
      creators: Object.fromEntries(this.creators),
    };
  }

  private vector(map: ReadonlyMap<string, readonly number[]>, userId: string): readonly number[] {
    const v = map.get(userId);
    if (!v) throw new RangeError(`unknown demo user ${userId}`);
    return v;
  }
}
