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
 *
 * A category the user declared an interest in takes instead the rate (or
 * share) of the users who declared it, smoothed toward the group's, and at
 * least the best rate among the categories the user did not declare (they
 * told us; measured on the demo world, this floor lowers regret a little at
 * every horizon and matters most where few users declared the category):
 *
 *   r_u,c = max((S_d,c + m · r_g,c) / (N_d,c + m), max_{c' undeclared} r_g,c')
 */
import type { Interactions } from '../recall/interactions.js';

export interface CategoryPriors {
  /** 'rates' when the data logs impressions, 'shares' when it holds engagements only. */
  mode: 'rates' | 'shares';
  groups: number;
  categories: number;
  /** (groups + 1) × categories, row-major; the last row is the whole population. */
  means: Float64Array;
  /** Per category, among the users who declared it: engaged trials, and trials (in 'shares' mode: their engagements in all categories). */
  declaredSuccesses: Float64Array;
  declaredTrials: Float64Array;
  smoothing: number;
}

export interface CategoryCounts {
  groups: number;
  categories: number;
  /** (groups + 1) × categories: trials, and engaged trials; the last row counts everyone. */
  trials: Float64Array;
  successes: Float64Array;
  /** Per category, over the users who declared it: trials and engaged trials in it, and their engagements in every category. */
  declaredTrials: Float64Array;
  declaredSuccesses: Float64Array;
  declaredEngagements: Float64Array;
}

/** A `userGroup` value leaving the user out of every count (e.g. held out for validation). */
export const LEFT_OUT = -2;

/**
 * Counts trials per group and category. `itemCategory[i]` is item i's
 * category (-1: none), `userGroup[u]` user u's group (-1: none, counted in
 * the population row only; LEFT_OUT: not counted), `declared(u)` the
 * categories user u declared.
 */
export function countCategoryTrials(
  data: Interactions,
  itemCategory: Int32Array,
  userGroup: Int32Array,
  groups: number,
  categories: number,
  declared: (user: number) => readonly number[] = () => [],
): CategoryCounts {
  const trials = new Float64Array((groups + 1) * categories);
  const successes = new Float64Array((groups + 1) * categories);
  const declaredTrials = new Float64Array(categories);
  const declaredSuccesses = new Float64Array(categories);
  const declaredEngagements = new Float64Array(categories);
  const population = groups * categories;
  const { indptr, indices, values } = data.byUser;
  for (let u = 0; u < data.userCount; u++) {
    const g = userGroup[u]!;
    if (g === LEFT_OUT) continue;
    const interests = declared(u);
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
      for (const d of interests) declaredEngagements[d]! += engaged;
      if (interests.includes(c)) {
        declaredTrials[c]!++;
        declaredSuccesses[c]! += engaged;
      }
    }
  }
  return { groups, categories, trials, successes, declaredTrials, declaredSuccesses, declaredEngagements };
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
  return {
    mode,
    groups,
    categories: C,
    means,
    declaredSuccesses: counts.declaredSuccesses,
    declaredTrials: mode === 'rates' ? counts.declaredTrials : counts.declaredEngagements,
    smoothing,
  };
}

/** The prior means of a user of `group` (the population for undefined) who declared the `declared` categories. */
export function userMeans(priors: CategoryPriors, group: number | undefined, declared: Iterable<number> = []): Float64Array {
  const C = priors.categories;
  const row = group === undefined ? priors.groups : group;
  const means = priors.means.slice(row * C, (row + 1) * C);
  const m = priors.smoothing;
  const chosen = new Set(declared);
  let bestOther = 0;
  for (let c = 0; c < C; c++) if (!chosen.has(c)) bestOther = Math.max(bestOther, means[c]!);
  for (const c of chosen) {
    means[c] = Math.max(bestOther, (priors.declaredSuccesses[c]! + m * means[c]!) / (priors.declaredTrials[c]! + m) || 0);
  }
  return means;
}
