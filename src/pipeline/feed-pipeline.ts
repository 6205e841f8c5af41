/**
 * The home feed pipeline as configured: the feed's recall channels with their
 * quotas, the exclusion and moderation filters, channel-score fusion, and the
 * re-ranking stage. Serving and offline evaluation build it the same way.
 */
import { coldStartFeedChannels } from '../coldstart/config.js';
import { explorationStage } from '../coldstart/exploration/slots.js';
import type { Config } from '../config.js';
import type { RecallChannel } from '../recall/types.js';
import { buildRerankers } from '../rerank/config.js';
import { byScore } from '../rerank/creator-cap.js';
import { excludedFilter, moderationFilter } from './filters.js';
import { Pipeline, type PinLookup } from './pipeline.js';
import { ChannelFusionScorer } from './scorers.js';
import { ChannelSource } from './sources.js';

export interface FeedPipelineDeps {
  channel(name: string): RecallChannel;
  pins: PinLookup;
  /** Impressions of each creator's pins so far (creator fairness). */
  creatorExposure(creatorId: string): number;
  /**
   * Whether the model set has the channel; cold-start sources it lacks (a set
   * trained before they existed) are left out. Without it, all are assumed.
   */
  hasChannel?(name: string): boolean;
}

export function feedPipeline(config: Config, deps: FeedPipelineDeps, options: { rerank: boolean } = { rerank: true }): Pipeline {
  const { feed } = config;
  const channels = [...feed.channels, ...coldStartFeedChannels(config).filter((c) => deps.hasChannel?.(c.name) ?? true)];
  return new Pipeline(
    {
      sources: channels.map((c) => new ChannelSource(deps.channel(c.name), c.quota)),
      filters: [excludedFilter, moderationFilter],
      scorers: [new ChannelFusionScorer(new Map(channels.map((c) => [c.name, c.weight])))],
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
