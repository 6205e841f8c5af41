import type { RecallChannel } from '../recall/types.js';
import type { Candidate, CandidateSource, FeedContext } from './types.js';

/** A recall channel as a candidate source taking up to `quota` candidates. */
export class ChannelSource implements CandidateSource {
  readonly name: string;
  constructor(
    private readonly channel: RecallChannel,
    private readonly quota: number,
  ) {
    this.name = channel.name;
  }

  fetch(context: FeedContext): Candidate[] {
    const found = this.channel.recall(
      { userId: context.userId, now: context.now, history: context.history, exclude: context.exclude, user: context.user },
      this.quota,
    );
    return found.map((c, rank) => ({
      pinId: c.pinId,
      score: 0,
      sources: [{ channel: this.name, score: c.score, rank, ...(c.seedPinId === undefined ? {} : { seedPinId: c.seedPinId }) }],
    }));
  }
}

/** Merges candidate lists, keeping one candidate per pin with every source that found it. */
export function mergeCandidates(lists: readonly Candidate[][]): Candidate[] {
  const merged = new Map<string, Candidate>();
  for (const list of lists) {
    for (const c of list) {
      const existing = merged.get(c.pinId);
      if (existing) existing.sources.push(...c.sources);
      else merged.set(c.pinId, { ...c, sources: [...c.sources] });
    }
  }
  return [...merged.values()];
}
