/** Small helpers shared by the generator's stages: time units, squashing, category priors. */
import type { Random } from '../math/random.js';
import { CATEGORIES, relatedIndices } from './categories.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const logit = (p: number): number => Math.log(p / (1 - p));

/** Latents are kept to 6 decimals so demo-truth.json round-trips exactly what the simulation used. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** How popular each category is overall, and which categories go together. */
export interface CategoryPrior {
  /** Weights summing to 1, one per category. */
  popularity: Float64Array;
  related: number[][];
}

export function categoryPrior(rng: Random): CategoryPrior {
  const popularity = new Float64Array(CATEGORIES.length);
  let sum = 0;
  for (let k = 0; k < popularity.length; k++) sum += popularity[k] = Math.exp(rng.normal(0, 0.5));
  for (let k = 0; k < popularity.length; k++) popularity[k]! /= sum;
  return { popularity, related: relatedIndices() };
}

/** Index i with cumulative[i-1] <= x < cumulative[i]; `cumulative` is non-decreasing. */
export function searchCumulative(cumulative: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The number of leading entries of an ascending array that are <= x. */
export function countAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k-th largest value (k from 1) of `values`, reordering it in place (quickselect). */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = values.length - k;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
