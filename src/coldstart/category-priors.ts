/**
 * What each group of users (a cluster, or the whole population) is expected
 * to do with a pin of each category: the prior of the bandit over categories.
 *
 * Every (user, pin) pair of the training data is a trial of the pin's
 * category; it succeeded when the user engaged (positive weight). When the
 * data logs impressions (pairs with no engagement), the prior is the
 * engagement rate, smoothed toward the population's rate for the category and
 * that toward the overall rate, with `smoothing` pseudo-trials at each step:
 *
 *   r     = S / N
 *   r_c   = (S_c + m · r) / (N_c + m)
 *   r_g,c = (S_g,c + m · r_c) / (N_g,c + m)
 *
 * Data of engagements only (ratings, say) cannot tell rates apart; there the
 * prior is the category's share of the group's engagements, smoothed the same
 * way (toward 1/C): where the group's next engagement is likely to fall.
 */
import type { Interactions } from '../recall/interactions.js';

export interface CategoryPriors {
  /** 'rates' when the data logs impressions, 'shares' when it holds engagements only. */
  mode: 'rates' | 'shares';
  groups: number;
  categories: number;
  /** (groups + 1) × categories, row-major; the last row is the whole population. */
  means: Float64Array;
}

export interface CategoryCounts {
  groups: number;
  categories: number;
  /** (groups + 1) × categories: trials, and engaged trials; the last row counts everyone. */
  trials: Float64Array;
  successes: Float64Array;
}

/**
 * Counts trials per group and category. `itemCategory[i]` is item i's
 * category (-1: none), `userGroup[u]` user u's group (-1: none, counted in
 * the population row only).
 */
export function countCategoryTrials(
  data: Interactions,
  itemCategory: Int32Array,
  userGroup: Int32Array,
  groups: number,
  categories: number,
): CategoryCounts {
  const trials = new Float64Array((groups + 1) * categories);
  const successes = new Float64Array((groups + 1) * categories);
  const population = groups * categories;
  const { indptr, indices, values } = data.byUser;
  for (let u = 0; u < data.userCount; u++) {
    const g = userGroup[u]!;
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
      const c = itemCategory[indices[k]!]!;
      if (c < 0) continue;
      const engaged = values[k]! > 0 ? 1 : 0;
      trials[population + c]!++;
      successes[population + c]! += engaged;
      if (g >= 0) {
        trials[g * categories + c]!++;
        successes[g * categories + c]! += engaged;
      }
    }
  }
  return { groups, categories, trials, successes };
}

const sum = (a: Float64Array, from: number, to: number): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
};

export function categoryPriors(counts: CategoryCounts, smoothing: number): CategoryPriors {
  const { groups, categories: C, trials, successes } = counts;
  const m = smoothing;
  const population = groups * C;
  const N = sum(trials, population, population + C);
  const S = sum(successes, population, population + C);
  const mode = N > S ? 'rates' : 'shares';
  const means = new Float64Array((groups + 1) * C);
  // In 'shares' mode the "trials" of a row are the group's engagements in all categories.
  const denominator = (g: number, c: number): number => (mode === 'rates' ? trials[g * C + c]! : sum(successes, g * C, (g + 1) * C));
  const overall = mode === 'rates' ? S / N : 1 / C;
  for (let c = 0; c < C; c++) {
    means[population + c] = (successes[population + c]! + m * overall) / (denominator(groups, c) + m) || 0;
  }
  for (let g = 0; g < groups; g++) {
    for (let c = 0; c < C; c++) {
      means[g * C + c] = (successes[g * C + c]! + m * means[population + c]!) / (denominator(g, c) + m) || 0;
    }
  }
  return { mode, groups, categories: C, means };
}

/** The prior means of a group's categories (the population's for `group` undefined). */
export function groupMeans(priors: CategoryPriors, group: number | undefined): Float64Array {
  const row = group === undefined ? priors.groups : group;
  return priors.means.subarray(row * priors.categories, (row + 1) * priors.categories);
}
