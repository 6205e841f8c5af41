/** Demo creators: 1-3 main categories, a quality latent, sign-ups over the past year. */
import type { Creator } from '../domain/types.js';
import type { Random } from '../math/random.js';
import { CATEGORIES } from './categories.js';
import { ID_WIDTHS, idMaker } from './ids.js';
import { DAY, round6, sigmoid, type CategoryPrior } from './latent.js';
import { creatorName } from './text.js';

export interface CreatorPopulation {
  /** Ordered by createdAt, oldest first; ids follow that order. */
  creators: Creator[];
  /** Per creator: category indices, main first. */
  categories: number[][];
  /** Per creator: how much of their output goes to each of `categories` (sums to 1). */
  categoryShares: number[][];
  /** 0..1 */
  quality: Float64Array;
  /** Relative output: how many pins they post compared with others (heavy-tailed). */
  productivity: Float64Array;
}

const NEW_CREATOR_SHARE = 0.05;

function pickCategories(rng: Random, prior: CategoryPrior): number[] {
  const n = rng.weighted([0.5, 0.35, 0.15]) + 1;
  const chosen = [rng.weighted(prior.popularity)];
  while (chosen.length < n) {
    const related = chosen.flatMap((k) => prior.related[k] ?? []).filter((k) => !chosen.includes(k));
    const next = related.length > 0 && rng.bernoulli(0.6) ? rng.pick(related) : rng.weighted(prior.popularity);
    if (!chosen.includes(next)) chosen.push(next);
  }
  return chosen;
}

export function generateCreators(rng: Random, count: number, now: number, prior: CategoryPrior): CreatorPopulation {
  const createdAt = Array.from({ length: count }, () =>
    Math.floor(rng.bernoulli(NEW_CREATOR_SHARE) ? now - rng.range(0, 7) * DAY : now - rng.range(7, 365) * DAY),
  ).sort((a, b) => a - b);
  const id = idMaker('c', ID_WIDTHS.creator, count);
  const out: CreatorPopulation = {
    creators: [],
    categories: [],
    categoryShares: [],
    quality: new Float64Array(count),
    productivity: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const categories = pickCategories(rng, prior);
    const secondary = categories.length > 1 ? 0.4 / (categories.length - 1) : 0;
    out.categories.push(categories);
    out.categoryShares.push(categories.map((_, j) => (categories.length === 1 ? 1 : j === 0 ? 0.6 : secondary)));
    out.quality[i] = round6(sigmoid(rng.normal(0.2, 1)));
    out.productivity[i] = Math.exp(rng.normal(0, 1));
    out.creators.push({ id: id(i), name: creatorName(rng, CATEGORIES[categories[0]!]!), createdAt: createdAt[i]! });
  }
  return out;
}
