import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';

/** Orders by score, highest first (ties by pin id, so the order is stable). */
export const byScore: Reranker = {
  name: 'by-score',
  rerank: (_context, candidates) =>
    [...candidates].sort((a, b) => b.score - a.score || (a.pinId < b.pinId ? -1 : 1)),
};

/**
 * At most `maxPerCreator` pins of one creator in each page of `pageSize`:
 * a pin over the cap moves to the next page where its creator has room,
 * keeping score order otherwise.
 */
export class CreatorCapReranker implements Reranker {
  readonly name = 'creator-cap';
  constructor(
    private readonly maxPerCreator: number,
    private readonly pageSize: number,
  ) {}

  rerank(_context: FeedContext, candidates: Candidate[]): Candidate[] {
    const out: Candidate[] = [];
    let deferred: Candidate[] = [];
    let pageCounts = new Map<string, number>();
    const place = (c: Candidate): boolean => {
      const creator = c.pin?.creatorId ?? '';
      const n = pageCounts.get(creator) ?? 0;
      if (n >= this.maxPerCreator) return false;
      pageCounts.set(creator, n + 1);
      out.push(c);
      if (out.length % this.pageSize === 0) {
        pageCounts = new Map();
        // The new page first takes what the previous page had to defer.
        const waiting = deferred;
        deferred = [];
        for (const d of waiting) if (!place(d)) deferred.push(d);
      }
      return true;
    };
    for (const c of candidates) if (!place(c)) deferred.push(c);
    // Whatever still waits has no room anywhere: it goes last rather than vanishing.
    return out.concat(deferred);
  }
}
