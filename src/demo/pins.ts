/** Demo pins: posted by the creators, in their categories, over the last 90 days. */
import type { Pin } from '../domain/types.js';
import type { Random } from '../math/random.js';
import { CATEGORIES } from './categories.js';
import type { CreatorPopulation } from './creators.js';
import { ID_WIDTHS, idMaker } from './ids.js';
import { DAY, logit, round6, searchCumulative, sigmoid } from './latent.js';
import { pinDescription, pinTitle } from './text.js';

export interface PinPopulation {
  /** Ordered by createdAt, oldest first; ids follow that order. */
  pins: Pin[];
  category: Int32Array;
  /** 0..1 */
  quality: Float64Array;
  /** Index into the creator population. */
  creator: Int32Array;
  /** Ascending. */
  createdAt: Float64Array;
}

const FRESH_SHARE = 0.05;
const FRESH_DAYS = 2;

export const pinImageUrl = (pinId: string): string => `/demo/images/${pinId}.png`;

interface Draft {
  creator: number;
  category: number;
  createdAt: number;
  quality: number;
  vocabulary: string[];
}

function creatorOfEachPin(rng: Random, count: number, creators: CreatorPopulation): number[] {
  const n = creators.creators.length;
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += creators.productivity[i]!;
  // Everyone posts at least once; the rest follows productivity.
  const out = Array.from({ length: n }, (_, i) => i);
  while (out.length < count) out.push(searchCumulative(cumulative, rng.float() * sum));
  return out;
}

export function generatePins(rng: Random, count: number, now: number, days: number, creators: CreatorPopulation): PinPopulation {
  const oldest = now - Math.max(90, days) * DAY;
  const drafts: Draft[] = creatorOfEachPin(rng, count, creators).map((c) => {
    const shares = creators.categoryShares[c]!;
    const category = creators.categories[c]![rng.weighted(shares)]!;
    const earliest = Math.max(oldest, creators.creators[c]!.createdAt);
    const from = rng.bernoulli(FRESH_SHARE) ? Math.max(earliest, now - FRESH_DAYS * DAY) : earliest;
    const vocab = CATEGORIES[category]!.tags;
    return {
      creator: c,
      category,
      createdAt: Math.min(now - 1, Math.floor(rng.range(from, now))),
      quality: round6(sigmoid(0.8 * logit(creators.quality[c]!) + rng.normal(0, 0.9))),
      vocabulary: rng.sample(vocab.length, 2 + rng.int(4)).map((j) => vocab[j]!),
    };
  });
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.createdAt - drafts[b]!.createdAt || a - b);
  const id = idMaker('p', ID_WIDTHS.pin, count);
  const out: PinPopulation = {
    pins: [],
    category: new Int32Array(count),
    quality: new Float64Array(count),
    creator: new Int32Array(count),
    createdAt: new Float64Array(count),
  };
  order.forEach((d, i) => {
    const draft = drafts[d]!;
    const category = CATEGORIES[draft.category]!;
    const creatorId = creators.creators[draft.creator]!.id;
    const pinId = id(i);
    out.category[i] = draft.category;
    out.quality[i] = draft.quality;
    out.creator[i] = draft.creator;
    out.createdAt[i] = draft.createdAt;
    out.pins.push({
      id: pinId,
      creatorId,
      boardId: `${creatorId}-${category.slug}`,
      title: pinTitle(rng, category, draft.vocabulary),
      description: pinDescription(rng, category, draft.vocabulary),
      // The first tag is the category slug: the image route and the demo truth rely on it.
      tags: [category.slug, ...draft.vocabulary],
      imageUrl: pinImageUrl(pinId),
      createdAt: draft.createdAt,
      moderation: 'approved',
      promoted: false,
    });
  });
  return out;
}
