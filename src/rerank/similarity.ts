/**
 * How alike two candidates are, for diversity: by category and tags (always
 * available) or by embedding cosine (when a model set has pin vectors).
 * A similarity is prepared once per list (tag sets, vectors looked up), then
 * asked by position, since re-rankers compare each candidate many times.
 */
import type { Candidate } from '../pipeline/types.js';

/** Similarity in [0, 1] of candidates i and j of the prepared list; 1 when i === j. */
export type PairSimilarity = (i: number, j: number) => number;

export interface CandidateSimilarity {
  prepare(candidates: readonly Candidate[]): PairSimilarity;
}

/** Same category (first tag) counts 0.5, plus half the Jaccard overlap of the tags. */
export const tagSimilarity: CandidateSimilarity = {
  prepare(candidates) {
    const categories = candidates.map((c) => c.pin?.tags[0]);
    const tags = candidates.map((c) => new Set(c.pin?.tags ?? []));
    return (i, j) => {
      if (i === j || candidates[i]!.pinId === candidates[j]!.pinId) return 1;
      const a = tags[i]!;
      const b = tags[j]!;
      if (a.size === 0 || b.size === 0) return 0;
      let shared = 0;
      for (const t of a) if (b.has(t)) shared++;
      const same = categories[i] !== undefined && categories[i] === categories[j] ? 0.5 : 0;
      return same + (0.5 * shared) / (a.size + b.size - shared);
    };
  },
};

/** Cosine of pin vectors mapped to [0, 1]; pairs where either pin has no vector fall back to tags. */
export function embeddingSimilarity(vector: (pinId: string) => Float32Array | undefined): CandidateSimilarity {
  return {
    prepare(candidates) {
      const byTags = tagSimilarity.prepare(candidates);
      const unit = candidates.map((c) => {
        const v = vector(c.pinId);
        if (!v) return undefined;
        let norm = 0;
        for (const x of v) norm += x * x;
        return norm > 0 ? v.map((x) => x / Math.sqrt(norm)) : undefined;
      });
      return (i, j) => {
        if (i === j) return 1;
        const a = unit[i];
        const b = unit[j];
        if (!a || !b) return byTags(i, j);
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
        return (1 + dot) / 2;
      };
    },
  };
}
