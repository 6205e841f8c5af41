/**
 * The home feed pipeline as configured: the feed's recall channels with their
 * quotas, the exclusion and moderation filters, the pre-ranker and the ranker
 * of the live model set (channel-score fusion when the set has no ranker),
 * and the re-ranking stage. Serving builds it from the live model set;
 * offline evaluation builds it the same way from the models it fitted.
 */
import { coldStartFeedChannels } from '../coldstart/config.js';
import { explorationStage } from '../coldstart/exploration/slots.js';
import type { Config } from '../config.js';
import type { EngagementAggregates } from '../features/aggregates.js';
import type { Ranker } from '../rank/heads.js';
import { utilityWeights } from '../rank/utility.js';
import type { RecallChannel } from '../recall/types.js';
import { buildRerankers } from '../rerank/config.js';
import { byScore } from '../rerank/creator-cap.js';
import { excludedFilter, moderationFilter } from './filters.js';
import { Pipeline, type PinLookup } from './pipeline.js';
import { RankerScorer } from './ranker-scorer.js';
import { ChannelFusionScorer } from './scorers.js';
import { ChannelSource } from './sources.js';
import type { PreRanker, Scorer } from './types.js';

export interface FeedPipelineDeps {
  channel(name: string): RecallChannel;
  pins: PinLookup;
  /** Impressions of each creator's pins so far (creator fairness). */
  creatorExposure(creatorId: string): number;
  /** The pre-rank stage (absent: every filtered candidate is ranked). */
  preRanker?: PreRanker;
  /** The ranker and the aggregates its features read (absent: channel fusion ranks). */
  ranker?: { model: Ranker; aggregates: EngagementAggregates };
  /**
   * Whether the model set has the channel; cold-start sources it lacks (a set
   * trained before they existed) are left out. Without it, all are assumed.
   */
  hasChannel?(name: string): boolean;
}

/** The rank stage: the ranker by utility when there is one (and `feed.rank` is on), else fusion of the feed's channels. */
export function feedScorer(config: Config, ranker: FeedPipelineDeps['ranker'], channels: readonly { name: string; weight: number }[] = config.feed.channels): Scorer {
  const { feed } = config;
  if (ranker && feed.rank) return new RankerScorer(ranker.model, ranker.aggregates, utilityWeights(feed.rank.utility));
  return new ChannelFusionScorer(new Map(channels.map((c) => [c.name, c.weight])));
}

export function feedPipeline(config: Config, deps: FeedPipelineDeps, options: { rerank: boolean } = { rerank: true }): Pipeline {
  const { feed } = config;
  const channels = [...feed.channels, ...coldStartFeedChannels(config).filter((c) => deps.hasChannel?.(c.name) ?? true)];
  return new Pipeline(
    {
      sources: channels.map((c) => new ChannelSource(deps.channel(c.name), c.quota)),
      filters: [excludedFilter, moderationFilter],
      ...(deps.preRanker ? { preRanker: deps.preRanker } : {}),
      scorers: [feedScorer(config, deps.ranker, channels)],
      rerankers: options.rerank
        ? [
            ...buildRerankers(feed.rerank, {
              maxPerCreatorPerPage: feed.maxPerCreatorPerPage,
              pageSize: feed.defaultPageSize,
              creatorExposure: deps.creatorExposure,
            }),
            ...explorationStage(config, channels),
          ]
        : [byScore],
    },
    deps.pins,
  );
}
