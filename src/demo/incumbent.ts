/**
 * The recommender the demo users lived with before Tessera: a blend of
 * popular pins, pins from the user's interests (as it noisily knew them) and
 * random exploration. It only ever shows pins that existed at the time.
 * Slots are filled in random order, not ranked, so position effects in the
 * log come from the users' position bias alone.
 */
import type { Random } from '../math/random.js';
import { qualityFactor } from './behaviour.js';
import { CATEGORIES } from './categories.js';
import { countAtMost, DAY, HOUR, kthLargest } from './latent.js';
import type { PinPopulation } from './pins.js';

const REFRESH_EVERY = 6 * HOUR;
const HALF_LIFE = 3 * DAY;
const POOL_SIZE = 300;

/** How much each kind of engagement lifts a pin's popularity. */
export const POPULARITY_LIFT = { closeup: 1, click: 1, save: 3, hide: -2, conversion: 3 } as const;

export class IncumbentRecommender {
  /** Decayed engagement, seeded with a quality-based prior for pins older than the window. */
  private readonly score: Float64Array;
  /** Per category: pin indices, ascending (so also by creation time). */
  private readonly byCategory: Int32Array[];
  /** Per "category:tag": pin indices, ascending. */
  private readonly byTag = new Map<string, Int32Array>();
  private pool: Int32Array = new Int32Array(0);
  private nextRefresh = Number.NEGATIVE_INFINITY;
  /** Pins [0, eligible) exist at the current time. */
  private eligible = 0;

  constructor(
    private readonly rng: Random,
    private readonly pins: PinPopulation,
    creatorQuality: Float64Array,
    windowStart: number,
  ) {
    const n = pins.pins.length;
    this.score = new Float64Array(n);
    const categoryLists: number[][] = CATEGORIES.map(() => []);
    const tagLists = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const ageDays = (windowStart - pins.createdAt[i]!) / DAY;
      if (ageDays > 0) {
        const q = qualityFactor(pins.quality[i]!, creatorQuality[pins.creator[i]!]!);
        this.score[i] = 3 * q * Math.exp(rng.normal(0, 0.6)) * Math.min(1, ageDays / 14);
      }
      const k = pins.category[i]!;
      categoryLists[k]!.push(i);
      for (const tag of pins.pins[i]!.tags.slice(1)) {
        const key = `${k}:${tag}`;
        const list = tagLists.get(key);
        if (list) list.push(i);
        else tagLists.set(key, [i]);
      }
    }
    this.byCategory = categoryLists.map((l) => Int32Array.from(l));
    for (const [key, list] of tagLists) this.byTag.set(key, Int32Array.from(list));
  }

  /** Moves the clock forward: new pins become eligible, popularity decays and the popular pool refreshes. */
  advanceTo(time: number): void {
    this.eligible = countAtMost(this.pins.createdAt, time);
    if (time < this.nextRefresh) return;
    const steps = this.nextRefresh === Number.NEGATIVE_INFINITY ? 0 : Math.floor((time - this.nextRefresh) / REFRESH_EVERY) + 1;
    if (steps > 0) {
      const decay = Math.pow(0.5, (steps * REFRESH_EVERY) / HALF_LIFE);
      for (let i = 0; i < this.score.length; i++) this.score[i]! *= decay;
    }
    this.nextRefresh = time + REFRESH_EVERY;
    this.rebuildPool();
  }

  get available(): number {
    return this.eligible;
  }

  recordEngagement(pin: number, lift: number): void {
    this.score[pin]! += lift;
  }

  /** A pin from a category drawn by `weights`: the more popular of two random ones. -1 when it has none yet. */
  pickForInterests(weights: Float64Array): number {
    return this.pickInCategory(this.rng.weighted(weights));
  }

  pickInCategory(category: number): number {
    const list = this.byCategory[category];
    if (!list) return -1;
    const n = this.countEligible(list);
    if (n === 0) return -1;
    const a = list[this.rng.int(n)]!;
    const b = list[this.rng.int(n)]!;
    return this.score[b]! > this.score[a]! ? b : a;
  }

  /** From the popular pool, skewed to its top. */
  pickPopular(): number {
    if (this.pool.length === 0) return this.pickAny();
    const u = this.rng.float();
    return this.pool[Math.floor(this.pool.length * u * u)]!;
  }

  pickAny(): number {
    return this.eligible === 0 ? -1 : this.rng.int(this.eligible);
  }

  /** A search result: a pin tagged with `tag` in the category when there is one, else any pin of the category. */
  pickForQuery(category: number, tag: string): number {
    const list = this.byTag.get(`${category}:${tag}`);
    const n = list ? this.countEligible(list) : 0;
    if (list && n > 0 && this.rng.bernoulli(0.8)) return list[this.rng.int(n)]!;
    return this.pickInCategory(category);
  }

  private countEligible(ascending: Int32Array): number {
    let lo = 0;
    let hi = ascending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ascending[mid]! < this.eligible) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private rebuildPool(): void {
    const n = this.eligible;
    if (n === 0) {
      this.pool = new Int32Array(0);
      return;
    }
    const size = Math.min(POOL_SIZE, n);
    const threshold = kthLargest(this.score.slice(0, n), size);
    const pool: number[] = [];
    for (let i = 0; i < n && pool.length < size; i++) if (this.score[i]! >= threshold) pool.push(i);
    pool.sort((a, b) => this.score[b]! - this.score[a]! || a - b);
    this.pool = Int32Array.from(pool);
  }
}
