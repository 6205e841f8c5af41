import type { Candidate, FeedContext, Scorer } from './types.js';

/**
 * Weighted fusion of channel scores: each channel's score is normalised by
 * that channel's best score in this request, multiplied by the channel's
 * weight and summed, so pins found by several channels rise.
 */
export class ChannelFusionScorer implements Scorer {
  readonly name = 'channel-fusion';
  constructor(private readonly weights: ReadonlyMap<string, number>) {}

  score(_context: FeedContext, candidates: Candidate[]): void {
    const best = new Map<string, number>();
    for (const c of candidates) {
      for (const s of c.sources) best.set(s.channel, Math.max(best.get(s.channel) ?? 0, s.score));
    }
    for (const c of candidates) {
      let total = 0;
      for (const s of c.sources) {
        const top = best.get(s.channel)!;
        total += (this.weights.get(s.channel) ?? 1) * (top > 0 ? s.score / top : 0);
      }
      c.score = total;
    }
  }
}
