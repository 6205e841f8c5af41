/**
 * Accuracy metrics of one user's ranked list.
 *
 * The ranking metrics read a hit vector: `hits[r]` is 1 when the item at rank
 * r + 1 is relevant, 0 otherwise. A list is matched against the relevant set
 * once (`markHits`) and every metric at every K reads the same array.
 * `relevantCount` is the size of the user's whole relevant set, found or not.
 *
 * Conventions (the common ones, as in RecBole and most papers):
 * - Precision@K = found in top K / K, even when the list is shorter than K.
 * - Recall@K = found in top K / |relevant| (not / min(K, |relevant|)).
 * - NDCG@K: binary gains, discount 1 / log2(rank + 1), ideal DCG over the
 *   first min(K, |relevant|) ranks.
 * - MAP@K: the sum of precision@rank at each hit within K, over
 *   min(K, |relevant|).
 * - MRR: 1 / rank of the first hit (0 without one), over the whole vector or
 *   its first K.
 */
import { InputError } from '../wire/convert.js';

export type Hits = ArrayLike<number>;

/**
 * Marks the first `k` ranks of `ranked` (all by default) that hold a relevant
 * item. An item repeated in the list counts once, at its first rank.
 */
export function markHits(ranked: readonly string[], relevant: ReadonlySet<string>, k = ranked.length): Uint8Array {
  const n = Math.min(k, ranked.length);
  const hits = new Uint8Array(n);
  let found: Set<string> | undefined;
  for (let r = 0; r < n; r++) {
    const id = ranked[r]!;
    if (!relevant.has(id)) continue;
    found ??= new Set();
    if (found.has(id)) continue;
    found.add(id);
    hits[r] = 1;
  }
  return hits;
}

export function checkK(k: number, field = 'k'): void {
  if (!Number.isInteger(k) || k < 1) throw new InputError(field, `must be a positive integer, got ${k}`);
}

function checkRelevant(relevantCount: number): void {
  if (!Number.isInteger(relevantCount) || relevantCount < 1) {
    throw new InputError('relevantCount', `must be a positive integer (users without relevant items are skipped), got ${relevantCount}`);
  }
}

let discounts = new Float64Array(0);

/** 1 / log2(r + 2): the DCG discount of the item at 0-based rank r. */
export function discount(r: number): number {
  if (r >= discounts.length) {
    const grown = new Float64Array(Math.max(r + 1, discounts.length * 2, 64));
    for (let i = 0; i < grown.length; i++) grown[i] = 1 / Math.log2(i + 2);
    discounts = grown;
  }
  return discounts[r]!;
}

function foundAt(hits: Hits, k: number): number {
  const n = Math.min(k, hits.length);
  let found = 0;
  for (let r = 0; r < n; r++) found += hits[r]!;
  return found;
}

/** 1 when any of the first K items is relevant, else 0. */
export function hitRateAt(hits: Hits, k: number): number {
  checkK(k);
  return foundAt(hits, k) > 0 ? 1 : 0;
}

export function precisionAt(hits: Hits, k: number): number {
  checkK(k);
  return foundAt(hits, k) / k;
}

export function recallAt(hits: Hits, relevantCount: number, k: number): number {
  checkK(k);
  checkRelevant(relevantCount);
  return foundAt(hits, k) / relevantCount;
}

export function ndcgAt(hits: Hits, relevantCount: number, k: number): number {
  checkK(k);
  checkRelevant(relevantCount);
  const n = Math.min(k, hits.length);
  let dcg = 0;
  for (let r = 0; r < n; r++) if (hits[r]) dcg += discount(r);
  let ideal = 0;
  const m = Math.min(k, relevantCount);
  for (let r = 0; r < m; r++) ideal += discount(r);
  return dcg / ideal;
}

export function averagePrecisionAt(hits: Hits, relevantCount: number, k: number): number {
  checkK(k);
  checkRelevant(relevantCount);
  const n = Math.min(k, hits.length);
  let found = 0;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    if (!hits[r]) continue;
    found++;
    sum += found / (r + 1);
  }
  return sum / Math.min(k, relevantCount);
}

/** 1 / rank of the first hit within the first `k` ranks (the whole vector by default); 0 without one. */
export function reciprocalRank(hits: Hits, k = hits.length): number {
  const n = Math.min(k, hits.length);
  for (let r = 0; r < n; r++) if (hits[r]) return 1 / (r + 1);
  return 0;
}

/**
 * The area under the ROC curve for one user: the probability that a random
 * positive scores above a random negative, ties counting 1/2
 * (Mann-Whitney U with mid-ranks, O((P + N) log(P + N))).
 */
export function auc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const p = positives.length;
  const n = negatives.length;
  if (p === 0 || n === 0) throw new InputError(p === 0 ? 'positives' : 'negatives', 'AUC needs at least one positive and one negative score');
  const total = p + n;
  const scores = new Float64Array(total);
  for (let i = 0; i < p; i++) scores[i] = positives[i]!;
  for (let i = 0; i < n; i++) scores[p + i] = negatives[i]!;
  for (let i = 0; i < total; i++) if (Number.isNaN(scores[i])) throw new InputError('scores', 'AUC scores must not be NaN');
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => scores[a]! - scores[b]!);
  // Sum of the positives' 1-based ranks, tied runs sharing their mean rank.
  let positiveRankSum = 0;
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (order[i]! < p) positiveRankSum += midRank;
    start = end;
  }
  return (positiveRankSum - (p * (p + 1)) / 2) / (p * n);
}

/** One user's labelled scores. */
export interface LabelledScores {
  positives: ArrayLike<number>;
  negatives: ArrayLike<number>;
}

/**
 * Group AUC: the mean of per-user AUC weighted by each user's number of
 * labels (impressions), P + N. Users with only positives or only negatives
 * have no AUC and are left out. NaN when no user has both.
 */
export function gauc(users: Iterable<LabelledScores>): number {
  let weighted = 0;
  let weights = 0;
  for (const u of users) {
    if (u.positives.length === 0 || u.negatives.length === 0) continue;
    const w = u.positives.length + u.negatives.length;
    weighted += w * auc(u.positives, u.negatives);
    weights += w;
  }
  return weights === 0 ? Number.NaN : weighted / weights;
}

/** GAUC from flat, aligned impression arrays: who saw it, whether it was engaged (label 1), the model's score. */
export function gaucFromImpressions(userIds: readonly string[], labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== userIds.length || scores.length !== userIds.length) {
    throw new InputError('labels', `userIds, labels and scores must have the same length (${userIds.length}, ${labels.length}, ${scores.length})`);
  }
  const byUser = new Map<string, { positives: number[]; negatives: number[] }>();
  for (let i = 0; i < userIds.length; i++) {
    const id = userIds[i]!;
    let u = byUser.get(id);
    if (!u) byUser.set(id, (u = { positives: [], negatives: [] }));
    (labels[i]! > 0 ? u.positives : u.negatives).push(scores[i]!);
  }
  return gauc(byUser.values());
}
