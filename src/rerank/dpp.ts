/**
 * Determinantal point process diversity: the top `depth` slots are the
 * greedy MAP set of a DPP whose kernel is L = diag(q) · S · diag(q), with S
 * the candidate similarity and q = exp(α · relevance), α = λ / (2(1 − λ))
 * (Chen, Zhang & Zhou, "Fast greedy MAP inference for DPPs", NeurIPS 2018:
 * incremental Cholesky, O(pool · depth²)). A set of similar pins has a small
 * determinant, so each pick favours relevant pins unlike those already
 * picked. The pool is the top `depth · poolFactor` candidates by score; the
 * rest follow in score order.
 */
import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';
import { checkDiversityOptions, normalisedScores, scoreOrder, type DiversityOptions } from './mmr.js';
import { tagSimilarity, type CandidateSimilarity } from './similarity.js';

/** Keeps S positive definite when two candidates are identical in every respect. */
const JITTER = 1e-6;
/** Below this marginal gain the set is (numerically) degenerate: stop. */
const MIN_GAIN = 1e-10;
const POOL_FACTOR = 3;

export class DppReranker implements Reranker {
  readonly name = 'dpp';
  constructor(
    private readonly options: DiversityOptions,
    private readonly similarity: CandidateSimilarity = tagSimilarity,
  ) {
    checkDiversityOptions('dpp', options);
  }

  rerank(_context: FeedContext, input: Candidate[]): Candidate[] {
    const { lambda, depth } = this.options;
    const ordered = scoreOrder(input);
    if (lambda >= 1) return ordered;
    const pool = ordered.slice(0, Math.min(ordered.length, depth * POOL_FACTOR));
    const n = pool.length;
    const k = Math.min(depth, n);
    const alpha = lambda / (2 * (1 - lambda));
    const q = Array.from(normalisedScores(pool), (r) => Math.exp(alpha * r));
    const sim = this.similarity.prepare(pool);
    const kernel = (i: number, j: number) => q[i]! * q[j]! * (i === j ? 1 + JITTER : sim(i, j));

    const gain = Float64Array.from({ length: n }, (_, i) => kernel(i, i));
    const chol = new Float64Array(n * k); // row i: the Cholesky coefficients of candidate i
    const picked = new Uint8Array(n);
    const picks: number[] = [];
    let j = argmax(gain, picked);
    while (j >= 0 && picks.length < k) {
      picks.push(j);
      picked[j] = 1;
      if (picks.length === k) break;
      const t = picks.length - 1;
      const dj = Math.sqrt(gain[j]!);
      for (let i = 0; i < n; i++) {
        if (picked[i]) continue;
        let dot = 0;
        for (let s = 0; s < t; s++) dot += chol[j * k + s]! * chol[i * k + s]!;
        const e = (kernel(j, i) - dot) / dj;
        chol[i * k + t] = e;
        gain[i] = gain[i]! - e * e;
      }
      j = argmax(gain, picked);
      if (j >= 0 && gain[j]! < MIN_GAIN) break;
    }
    // Pool candidates the DPP left (a degenerate set) keep score order after the picks.
    const chosen = new Set(picks.map((p) => pool[p]!));
    const rest = ordered.filter((c) => !chosen.has(c));
    return [...picks.map((p) => pool[p]!), ...rest];
  }
}

function argmax(values: Float64Array, skip: Uint8Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (!skip[i] && (best < 0 || values[i]! > values[best]!)) best = i;
  return best;
}
