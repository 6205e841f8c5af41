/**
 * The exploration budget: a fixed share of the feed's slots goes to pins the
 * exploration channel found and no other channel did (new pins, pins of new
 * creators), in the exploration channel's order. Slot p (0-based) is an
 * exploration slot when ⌊(p + 1)·share⌋ > ⌊p·share⌋, so the first N slots
 * hold at most ⌊N·share⌋ of them, evenly spread (one in every 20 at 5%).
 * An explored pin whose creator already fills the page's cap waits for a
 * later slot; the creator cap is applied again after merging.
 */
import type { Config } from '../../config.js';
import type { Candidate, FeedContext, Reranker } from '../../pipeline/types.js';
import { CreatorCapReranker } from '../../rerank/creator-cap.js';
import { EXPLORE_CHANNEL } from '../config.js';

export interface ExplorationSlotsOptions {
  /** Share of slots (0..0.5). */
  share: number;
  /** The channel whose candidates are explored. */
  channel: string;
  pageSize: number;
  maxPerCreatorPerPage: number;
}

/** Whether 0-based position p is an exploration slot at this share. */
export function isExplorationSlot(position: number, share: number): boolean {
  return Math.floor((position + 1) * share) > Math.floor(position * share);
}

export class ExplorationSlots implements Reranker {
  readonly name = 'exploration-slots';
  private readonly cap: CreatorCapReranker;

  constructor(private readonly options: ExplorationSlotsOptions) {
    if (!(options.share >= 0 && options.share <= 0.5)) throw new RangeError(`exploration share must be within [0, 0.5], got ${options.share}`);
    this.cap = new CreatorCapReranker(options.maxPerCreatorPerPage, options.pageSize);
  }

  /** Found by the exploration channel alone: pins another channel found compete on their own merit. */
  private explored(c: Candidate): boolean {
    return c.sources.length > 0 && c.sources.every((s) => s.channel === this.options.channel);
  }

  rerank(context: FeedContext, candidates: Candidate[]): Candidate[] {
    const rank = (c: Candidate) => c.sources[0]!.rank;
    const explored = candidates.filter((c) => this.explored(c)).sort((a, b) => rank(a) - rank(b));
    const organic = candidates.filter((c) => !this.explored(c));
    if (explored.length === 0 || this.options.share === 0) return organic;
    const { pageSize, maxPerCreatorPerPage } = this.options;
    const out: Candidate[] = [];
    let pageCounts = new Map<string, number>();
    let o = 0;
    while (o < organic.length) {
      const p = out.length;
      if (p % pageSize === 0) pageCounts = new Map();
      let next: Candidate | undefined;
      if (isExplorationSlot(p, this.options.share)) {
        const at = explored.findIndex((c) => (pageCounts.get(c.pin?.creatorId ?? '') ?? 0) < maxPerCreatorPerPage);
        if (at >= 0) next = explored.splice(at, 1)[0];
      }
      next ??= organic[o++]!;
      const creator = next.pin?.creatorId ?? '';
      pageCounts.set(creator, (pageCounts.get(creator) ?? 0) + 1);
      out.push(next);
    }
    // Explored pins are only ever placed in their slots: with no organic pins left, the rest are dropped.
    return this.cap.rerank(context, out);
  }
}

/** The feed's last re-ranking stage when the exploration channel is among its sources; none otherwise. */
export function explorationStage(config: Pick<Config, 'feed' | 'coldStart'>, channels: readonly { name: string }[]): Reranker[] {
  if (!channels.some((c) => c.name === EXPLORE_CHANNEL)) return [];
  const { feed } = config;
  return [
    new ExplorationSlots({
      share: config.coldStart.exploration.share,
      channel: EXPLORE_CHANNEL,
      pageSize: feed.defaultPageSize,
      maxPerCreatorPerPage: feed.maxPerCreatorPerPage,
    }),
  ];
}
