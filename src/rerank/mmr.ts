/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): the top `depth`
 * slots are filled greedily, each taking the candidate with the best
 *   λ · relevance − (1 − λ) · max similarity to the last `window` picks,
 * relevance being the score scaled to [0, 1] over the list; the rest follow
 * in score order. The window (about a screenful) keeps the cost linear in
 * the list length and matches what a user sees at once.
 */
import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';
import { tagSimilarity, type CandidateSimilarity } from './similarity.js';

export interface DiversityOptions {
  /** 1: by score only; 0: diversity only. */
  lambda: number;
  /** How many earlier picks a candidate is compared with. */
  window: number;
  /** How many top slots are diversified. */
  depth: number;
}

export function checkDiversityOptions(name: string, o: DiversityOptions): void {
  if (!(o.lambda >= 0 && o.lambda <= 1)) throw new RangeError(`${name}: lambda must be within [0, 1]`);
  for (const key of ['window', 'depth'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] >= 1)) throw new RangeError(`${name}: ${key} must be a whole number >= 1`);
  }
}

/** Scores scaled to [0, 1] over the list (all 1 when they are equal). */
export function normalisedScores(candidates: readonly Candidate[]): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of candidates) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const span = hi - lo;
  return Float64Array.from(candidates, (c) => (span > 0 ? (c.score - lo) / span : 1));
}

/** Candidates in score order, best first, without reordering the caller's array. */
export function scoreOrder(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => b.score - a.score || (a.pinId < b.pinId ? -1 : 1));
}

export class MmrReranker implements Reranker {
  readonly name = 'mmr';
  constructor(
    private readonly options: DiversityOptions,
    private readonly similarity: CandidateSimilarity = tagSimilarity,
  ) {
    checkDiversityOptions('mmr', options);
  }

  rerank(_context: FeedContext, input: Candidate[]): Candidate[] {
    const { lambda, window, depth } = this.options;
    const candidates = scoreOrder(input);
    const relevance = normalisedScores(candidates);
    const sim = this.similarity.prepare(candidates);
    const taken = new Uint8Array(candidates.length);
    const picks: number[] = [];
    while (picks.length < Math.min(depth, candidates.length)) {
      const recent = picks.slice(-window);
      let bestAt = -1;
      let best = -Infinity;
      for (let i = 0; i < candidates.length; i++) {
        if (taken[i]) continue;
        // Candidates are in score order: once relevance alone cannot beat the best, stop looking.
        if (lambda * relevance[i]! < best) break;
        let redundancy = 0;
        for (const p of recent) redundancy = Math.max(redundancy, sim(i, p));
        const value = lambda * relevance[i]! - (1 - lambda) * redundancy;
        if (value > best) {
          best = value;
          bestAt = i;
        }
      }
      taken[bestAt] = 1;
      picks.push(bestAt);
    }
    return [...picks.map((i) => candidates[i]!), ...candidates.filter((_, i) => !taken[i])];
  }
}
