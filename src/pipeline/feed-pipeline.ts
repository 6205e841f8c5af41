/**
 * The home feed pipeline as configured: the feed's recall channels with their
 * quotas, the exclusion and moderation filters, the pre-ranker and the ranker
 * of the live model set (channel-score fusion when the set has no ranker),
 * and the re-ranking stage. Serving builds it from the live model set;
 * offline evaluation builds it the same way from the models it fitted.
 */
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
}

/** The rank stage: the ranker by utility when there is one (and `feed.rank` is on), else channel fusion. */
export function feedScorer(config: Config, ranker: FeedPipelineDeps['ranker']): Scorer {
  const { feed } = config;
  if (ranker && feed.rank) return new RankerScorer(ranker.model, ranker.aggregates, utilityWeights(feed.rank.utility));
  return new ChannelFusionScorer(new Map(feed.channels.map((c) => [c.name, c.weight])));
}

export function feedPipeline(config: Config, deps: FeedPipelineDeps, options: { rerank: boolean } = { rerank: true }): Pipeline {
  const { feed } = config;
  return new Pipeline(
    {
      sources: feed.channels.map((c) => new ChannelSource(deps.channel(c.name), c.quota)),
      filters: [excludedFilter, moderationFilter],
      ...(deps.preRanker ? { preRanker: deps.preRanker } : {}),
      scorers: [feedScorer(config, deps.ranker)],
      rerankers: options.rerank
        ? buildRerankers(feed.rerank, {
            maxPerCreatorPerPage: feed.maxPerCreatorPerPage,
            pageSize: feed.defaultPageSize,
            creatorExposure: deps.creatorExposure,
          })
        : [byScore],
    },
    deps.pins,
  );
}
