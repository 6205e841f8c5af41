/** Candidates for re-ranking tests: pins with a category, a creator and a score. */
import type { Pin } from '../../src/domain/types.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';

export const NOW = Date.UTC(2026, 5, 1);

export function candidate(pinId: string, score: number, category: string, creatorId = `c-${pinId}`, extra: Partial<Pin> = {}): Candidate {
  const pin: Pin = {
    id: pinId,
    creatorId,
    title: pinId,
    description: '',
    tags: [category, `${category}-style`],
    createdAt: NOW - 30 * 86_400_000,
    moderation: 'approved',
    promoted: false,
    ...extra,
  };
  return { pinId, score, pin, sources: [] };
}

export const context = (): FeedContext => ({ userId: 'u', now: NOW, history: [], exclude: new Set(), pins: new Map() });

export const ids = (list: readonly Candidate[]) => list.map((c) => c.pinId);
