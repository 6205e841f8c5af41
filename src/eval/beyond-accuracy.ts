/**
 * Beyond-accuracy metrics over everyone's recommendation lists: catalogue
 * coverage, novelty, average popularity, exposure concentration (Gini) and
 * intra-list diversity.
 *
 * Popularity is the number of training users who interacted with an item;
 * p(item) = popularity / training users. Items with no training interactions
 * (cold items) count as popularity 1, so their self-information stays finite
 * (log2 of the user count, the largest any item gets).
 */
import type { Interactions } from '../recall/interactions.js';
import { InputError } from '../wire/convert.js';

export interface Catalog {
  /** Catalogue items, numbered 0..size-1 (an IdIndex fits). */
  index: { get(id: string): number | undefined; readonly size: number };
  /** Training users per item, aligned with `index`. */
  popularity: ArrayLike<number>;
  /** Users in training: the denominator of p(item). */
  userCount: number;
}

/** The catalogue of a training matrix: its items, and per item the number of users with an entry. */
export function catalogOf(train: Interactions): Catalog {
  const { indptr, rows } = train.byItem;
  const popularity = new Float64Array(rows);
  for (let i = 0; i < rows; i++) popularity[i] = indptr[i + 1]! - indptr[i]!;
  return { index: train.items, popularity, userCount: train.userCount };
}

/** Distance between two items, for intra-list diversity (e.g. 1 - cosine of their embeddings). */
export type ItemDistance = (a: string, b: string) => number;

/** Mean distance over the unordered pairs of a list; undefined for lists of fewer than 2 items. */
export function intraListDistance(list: readonly string[], distance: ItemDistance): number | undefined {
  const n = list.length;
  if (n < 2) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sum += distance(list[i]!, list[j]!);
  return sum / ((n * (n - 1)) / 2);
}

/**
 * The Gini coefficient of non-negative values (0 = all equal, → 1 = one
 * holds everything): sum_i (2i - n - 1) x_(i) / (n sum x) over the values
 * sorted ascending, i = 1..n. 0 when every value is 0. Pass every item
 * (or creator) including those with zero exposure.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (!(v >= 0)) throw new InputError('values', `Gini needs non-negative values, got ${v} at ${i}`);
    total += v;
  }
  if (total === 0) return 0;
  sorted.sort();
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * sorted[i]!;
  return weighted / (n * total);
}

export interface BeyondAccuracyResult {
  /** Share of catalogue items recommended to at least one user. */
  coverage: number;
  /** Mean over non-empty lists of the mean self-information -log2 p(item). */
  novelty: number;
  /** Mean over non-empty lists of the mean training popularity of their items (ARP). */
  averagePopularity: number;
  /** Gini of exposure counts across catalogue items. */
  gini: number;
  /** Mean over lists of 2+ items of intra-list distance; absent without a distance. */
  diversity?: number;
  /** Lists seen, empty ones included. */
  lists: number;
}

/**
 * Accumulates beyond-accuracy metrics one list at a time, so an evaluation
 * never keeps every user's list. Items outside the catalogue still count for
 * novelty, popularity and diversity, but not for coverage or Gini.
 */
export class BeyondAccuracy {
  private readonly exposure: Float64Array;
  private noveltySum = 0;
  private popularitySum = 0;
  private nonEmpty = 0;
  private listCount = 0;
  private diversitySum = 0;
  private diversityLists = 0;
  private readonly logUsers: number;

  constructor(
    private readonly catalog: Catalog,
    private readonly distance?: ItemDistance,
  ) {
    if (!(catalog.userCount >= 1)) throw new InputError('catalog.userCount', `must be at least 1, got ${catalog.userCount}`);
    this.exposure = new Float64Array(catalog.index.size);
    this.logUsers = Math.log2(catalog.userCount);
  }

  /** Adds the first `k` items of a list (all by default). */
  add(list: readonly string[], k = list.length): void {
    this.listCount++;
    const n = Math.min(k, list.length);
    if (n === 0) return;
    let novelty = 0;
    let popularity = 0;
    for (let r = 0; r < n; r++) {
      const i = this.catalog.index.get(list[r]!);
      const pop = i === undefined ? 0 : this.catalog.popularity[i]!;
      if (i !== undefined) this.exposure[i]!++;
      popularity += pop;
      novelty += this.logUsers - Math.log2(Math.max(pop, 1));
    }
    this.noveltySum += novelty / n;
    this.popularitySum += popularity / n;
    this.nonEmpty++;
    if (this.distance && n >= 2) {
      this.diversitySum += intraListDistance(n === list.length ? list : list.slice(0, n), this.distance)!;
      this.diversityLists++;
    }
  }

  /** Exposure count per catalogue item, aligned with the catalogue index. */
  exposureCounts(): Float64Array {
    return this.exposure.slice();
  }

  result(): BeyondAccuracyResult {
    let covered = 0;
    for (let i = 0; i < this.exposure.length; i++) if (this.exposure[i]! > 0) covered++;
    const size = this.exposure.length;
    const out: BeyondAccuracyResult = {
      coverage: size === 0 ? 0 : covered / size,
      novelty: this.nonEmpty === 0 ? 0 : this.noveltySum / this.nonEmpty,
      averagePopularity: this.nonEmpty === 0 ? 0 : this.popularitySum / this.nonEmpty,
      gini: gini(this.exposure),
      lists: this.listCount,
    };
    if (this.distance) out.diversity = this.diversityLists === 0 ? 0 : this.diversitySum / this.diversityLists;
    return out;
  }
}

/** Beyond-accuracy metrics of a set of lists, each cut at `k` when given. */
export function beyondAccuracy(
  lists: Iterable<readonly string[]>,
  catalog: Catalog,
  options: { k?: number; distance?: ItemDistance } = {},
): BeyondAccuracyResult {
  const acc = new BeyondAccuracy(catalog, options.distance);
  for (const list of lists) acc.add(list, options.k);
  return acc.result();
}
