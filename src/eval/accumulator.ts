/**
 * Averages the ranking metrics of metrics.ts over users, at several K in one
 * pass over each hit vector. Keys: "HR@10", "Precision@10", "Recall@10",
 * "NDCG@10", "MAP@10", "MRR@10" for each K, and "MRR" over the whole vector.
 */
import { InputError } from '../wire/convert.js';
import { checkK, discount, reciprocalRank, type Hits } from './metrics.js';

export const RANKING_METRICS = ['HR', 'Precision', 'Recall', 'NDCG', 'MAP', 'MRR'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];

const HR = 0;
const PRECISION = 1;
const RECALL = 2;
const NDCG = 3;
const MAP = 4;
const MRR = 5;

/** Sorted, de-duplicated cut-offs; a clear error for an empty list or a bad K. */
export function normaliseKs(ks: readonly number[]): number[] {
  if (ks.length === 0) throw new InputError('ks', 'needs at least one cut-off');
  for (const k of ks) checkK(k, 'ks');
  return [...new Set(ks)].sort((a, b) => a - b);
}

export class RankingAccumulator {
  readonly ks: readonly number[];
  private readonly maxK: number;
  /** sums[metric * ks.length + j] for ks[j]; the whole-vector MRR is kept apart. */
  private readonly sums: Float64Array;
  private mrrSum = 0;
  private count = 0;
  private skippedCount = 0;
  /** idealPrefix[m] = ideal DCG of m hits at the top. */
  private readonly idealPrefix: Float64Array;

  constructor(ks: readonly number[]) {
    this.ks = normaliseKs(ks);
    this.maxK = this.ks[this.ks.length - 1]!;
    this.sums = new Float64Array(RANKING_METRICS.length * this.ks.length);
    this.idealPrefix = new Float64Array(this.maxK + 1);
    for (let m = 1; m <= this.maxK; m++) this.idealPrefix[m] = this.idealPrefix[m - 1]! + discount(m - 1);
  }

  /** Users averaged so far. */
  get users(): number {
    return this.count;
  }

  /** Users passed to `add` with no relevant items. */
  get skipped(): number {
    return this.skippedCount;
  }

  /**
   * Adds one user's hit vector. A user with no relevant items has no recall,
   * NDCG or MAP: they are skipped (counted in `skipped`) and `add` returns false.
   */
  add(hits: Hits, relevantCount: number): boolean {
    if (relevantCount <= 0) {
      this.skippedCount++;
      return false;
    }
    if (!Number.isInteger(relevantCount)) throw new InputError('relevantCount', `must be an integer, got ${relevantCount}`);
    const { ks, sums } = this;
    const nk = ks.length;
    let found = 0;
    let dcg = 0;
    let apSum = 0;
    let firstHit = 0;
    let j = 0;
    const limit = Math.min(this.maxK, hits.length);
    for (let r = 0; r < this.maxK && j < nk; r++) {
      if (r < limit && hits[r]) {
        found++;
        dcg += discount(r);
        apSum += found / (r + 1);
        if (firstHit === 0) firstHit = r + 1;
      }
      while (j < nk && ks[j] === r + 1) {
        const k = ks[j]!;
        const m = Math.min(k, relevantCount);
        sums[HR * nk + j]! += found > 0 ? 1 : 0;
        sums[PRECISION * nk + j]! += found / k;
        sums[RECALL * nk + j]! += found / relevantCount;
        sums[NDCG * nk + j]! += dcg / this.idealPrefix[m]!;
        sums[MAP * nk + j]! += apSum / m;
        sums[MRR * nk + j]! += firstHit === 0 ? 0 : 1 / firstHit;
        j++;
      }
    }
    this.mrrSum += reciprocalRank(hits);
    this.count++;
    return true;
  }

  /** Means over the users added; NaN for every metric when there were none. */
  result(): Record<string, number> {
    const out: Record<string, number> = {};
    const nk = this.ks.length;
    for (let m = 0; m < RANKING_METRICS.length; m++) {
      for (let j = 0; j < nk; j++) out[`${RANKING_METRICS[m]}@${this.ks[j]}`] = this.sums[m * nk + j]! / this.count;
    }
    out.MRR = this.mrrSum / this.count;
    return out;
  }
}
