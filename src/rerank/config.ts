/**
 * The re-ranking stage as configured (`feed.rerank`): business rules,
 * freshness and creator-fairness boosts, diversity (MMR or DPP), grid
 * slotting and the per-page creator cap, in that order.
 */
import { Type, type Static } from 'typebox';
import type { Reranker } from '../pipeline/types.js';
import { CreatorFairnessBoost, FreshnessBoost } from './boosts.js';
import { byScore, CreatorCapReranker } from './creator-cap.js';
import { DppReranker } from './dpp.js';
import { GridSlotting } from './grid.js';
import { MmrReranker } from './mmr.js';
import { BusinessRules } from './rules.js';
import { tagSimilarity, type CandidateSimilarity } from './similarity.js';

const Ids = Type.Array(Type.String({ minLength: 1 }));

export const RerankConfig = Type.Object(
  {
    rules: Type.Object(
      { blockedPins: Ids, blockedCreators: Ids, blockedTags: Ids, removeNearDuplicates: Type.Boolean() },
      { additionalProperties: false },
    ),
    freshness: Type.Object(
      { boost: Type.Number({ minimum: 0, maximum: 1 }), halfLifeHours: Type.Number({ exclusiveMinimum: 0 }) },
      { additionalProperties: false },
    ),
    fairness: Type.Object(
      { boost: Type.Number({ minimum: 0, maximum: 1 }), minRelevance: Type.Number({ minimum: 0, maximum: 1 }) },
      { additionalProperties: false },
    ),
    diversity: Type.Object(
      {
        method: Type.Enum(['none', 'mmr', 'dpp']),
        lambda: Type.Number({ minimum: 0, maximum: 1 }),
        window: Type.Integer({ minimum: 1 }),
        depth: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    grid: Type.Object(
      {
        columns: Type.Integer({ minimum: 1, maximum: 12 }),
        lookahead: Type.Integer({ minimum: 1 }),
        maxScoreDrop: Type.Number({ minimum: 0, maximum: 1 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RerankConfig = Static<typeof RerankConfig>;

export const RERANK_DEFAULTS: RerankConfig = {
  rules: { blockedPins: [], blockedCreators: [], blockedTags: [], removeNearDuplicates: true },
  freshness: { boost: 0.1, halfLifeHours: 48 },
  fairness: { boost: 0.1, minRelevance: 0.3 },
  diversity: { method: 'mmr', lambda: 0.8, window: 8, depth: 100 },
  grid: { columns: 4, lookahead: 8, maxScoreDrop: 0.15 },
};

export interface RerankDeps {
  maxPerCreatorPerPage: number;
  pageSize: number;
  /** Impressions of each creator's pins so far (fairness). */
  creatorExposure: (creatorId: string) => number;
  similarity?: CandidateSimilarity;
}

export function buildRerankers(config: RerankConfig, deps: RerankDeps): Reranker[] {
  const similarity = deps.similarity ?? tagSimilarity;
  const stages: Reranker[] = [new BusinessRules(config.rules), byScore];
  if (config.freshness.boost > 0) stages.push(new FreshnessBoost(config.freshness));
  if (config.fairness.boost > 0) stages.push(new CreatorFairnessBoost(config.fairness, deps.creatorExposure));
  const { method, ...diversity } = config.diversity;
  if (method === 'mmr') stages.push(new MmrReranker(diversity, similarity));
  if (method === 'dpp') stages.push(new DppReranker(diversity, similarity));
  if (config.grid.columns > 1) stages.push(new GridSlotting(config.grid));
  // Last: the cap is a hard rule per page, grid slotting only a preference.
  stages.push(new CreatorCapReranker(deps.maxPerCreatorPerPage, deps.pageSize));
  return stages;
}
