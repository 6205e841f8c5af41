/**
 * Score boosts applied before diversity: freshness for new pins, and
 * exposure fairness for creators the feed has shown little. Both work on the
 * score scaled to [0, 1] over the list and add at most `boost`, which bounds
 * how far a pin can climb past better ones (the quality bound).
 */
import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';
import { normalisedScores, scoreOrder } from './mmr.js';

function boosted(candidates: readonly Candidate[], bonus: (c: Candidate) => number): Candidate[] {
  const relevance = normalisedScores(candidates);
  candidates.forEach((c, i) => (c.score = relevance[i]! + bonus(c)));
  return scoreOrder(candidates);
}

export interface FreshnessOptions {
  /** The most a brand-new pin gains, in scaled-score units. */
  boost: number;
  /** The gain halves every this many hours of pin age. */
  halfLifeHours: number;
}

export class FreshnessBoost implements Reranker {
  readonly name = 'freshness';
  constructor(private readonly options: FreshnessOptions) {
    if (!(options.boost >= 0)) throw new RangeError('freshness: boost must be >= 0');
    if (!(options.halfLifeHours > 0)) throw new RangeError('freshness: halfLifeHours must be > 0');
  }

  rerank(context: FeedContext, candidates: Candidate[]): Candidate[] {
    const perMs = Math.LN2 / (this.options.halfLifeHours * 3600_000);
    return boosted(candidates, (c) => {
      const age = Math.max(0, context.now - (c.pin?.createdAt ?? -Infinity));
      return this.options.boost * Math.exp(-perMs * age);
    });
  }
}

export interface FairnessOptions {
  /** The most an unseen creator's pin gains, in scaled-score units. */
  boost: number;
  /** Only pins at least this good (scaled score) are lifted. */
  minRelevance: number;
}

/**
 * Exposure fairness: a creator with exposure e gains boost · (1 − e / e_max),
 * e_max being the most exposed creator in the list, so creators nobody has
 * seen (new ones included) gain the full boost and the most exposed nothing.
 * Fed with live exposure, the boost moves to whoever has been shown least.
 */
export class CreatorFairnessBoost implements Reranker {
  readonly name = 'creator-fairness';
  constructor(
    private readonly options: FairnessOptions,
    /** Impressions the creator's pins have had so far. */
    private readonly exposure: (creatorId: string) => number,
  ) {
    if (!(options.boost >= 0)) throw new RangeError('creator fairness: boost must be >= 0');
    if (!(options.minRelevance >= 0 && options.minRelevance <= 1)) throw new RangeError('creator fairness: minRelevance must be within [0, 1]');
  }

  rerank(_context: FeedContext, candidates: Candidate[]): Candidate[] {
    const exposures = new Map<string, number>();
    for (const c of candidates) if (c.pin) exposures.set(c.pin.creatorId, Math.max(0, this.exposure(c.pin.creatorId)));
    const most = Math.max(0, ...exposures.values());
    const relevance = normalisedScores(candidates);
    const eligible = new Set(candidates.filter((_, i) => relevance[i]! >= this.options.minRelevance));
    return boosted(candidates, (c) => {
      if (!c.pin || !eligible.has(c)) return 0;
      return most > 0 ? this.options.boost * (1 - exposures.get(c.pin.creatorId)! / most) : 0;
    });
  }
}
