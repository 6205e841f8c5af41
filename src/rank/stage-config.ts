/**
 * The feed's ranking stages as configured: `feed.preRank` (an embedding
 * model's dot product cuts the candidates to `keep`) and `feed.rank` (the
 * multi-task ranker trained with every model set, fused by utility weights).
 * Kept free of TensorFlow.js so that reading the configuration stays cheap.
 */
import { Type, type Static } from 'typebox';
import { MultiTaskOptions } from './multitask-options.js';
import { UTILITY_DEFAULTS, UtilityWeights } from './utility.js';

export const PreRankConfig = Type.Union([
  Type.Object(
    {
      model: Type.String({ minLength: 1, description: 'A recall channel of the model set with pin and user embeddings (EmbeddingModel).' }),
      keep: Type.Integer({ minimum: 1, description: 'How many candidates the ranker sees at most (plus those the model cannot place).' }),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);
export type PreRankConfig = Static<typeof PreRankConfig>;

export const RankConfig = Type.Union([
  Type.Object(
    {
      architecture: MultiTaskOptions.properties.architecture,
      /** Further MultiTaskOptions (epochs, units, …), validated by the ranker (see docs/ranking.md). */
      options: Type.Record(Type.String(), Type.Unknown()),
      /** Fewer impressions (of known pins) than this in the event log: no ranker; the feed ranks by channel fusion. */
      minImpressions: Type.Integer({ minimum: 2 }),
      /** The ranker trains on at most this many of the latest impressions. */
      maxExamples: Type.Integer({ minimum: 2 }),
      /** Caps for the training `tessera start` and `tessera serve` run before serving (the start-up budget). */
      startup: Type.Object(
        { epochs: Type.Integer({ minimum: 1 }), maxExamples: Type.Integer({ minimum: 2 }) },
        { additionalProperties: false },
      ),
      /** The utility Σ w·p that orders the feed (src/rank/utility.ts). */
      utility: UtilityWeights,
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);
export type RankConfig = Static<typeof RankConfig>;

export const PRE_RANK_DEFAULTS: PreRankConfig = { model: 'ials', keep: 500 };

/**
 * Shared-bottom: the three architectures tie on the demo world (docs/ranking.md,
 * within 0.01 AUC), and shared-bottom is the cheapest to train and to serve.
 */
export const RANK_DEFAULTS: NonNullable<RankConfig> = {
  architecture: 'shared-bottom',
  options: {},
  minImpressions: 1000,
  maxExamples: 1_000_000,
  startup: { epochs: 4, maxExamples: 100_000 },
  utility: UTILITY_DEFAULTS,
};

