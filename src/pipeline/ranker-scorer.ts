/**
 * The ranking stage with a trained ranker: every candidate's features are
 * computed with the definitions training used (computeFeatures over the model
 * set's engagement aggregates; the ranker applies its own fitted transform),
 * all heads are predicted in one batch, and the score is the utility
 * Σ w_k · p_k (src/rank/utility.ts). Each candidate keeps its per-head
 * predictions.
 *
 * Serving features differ from logged ones in two deliberate ways: the
 * position is 0 for every candidate (the model was trained with the position
 * an impression had; ranking asks what each pin would do at the top, so
 * position bias does not reorder candidates), and the surface is `home`.
 * Like the training examples of a model set, they read no pin embeddings
 * (`recent_pins_similarity` stays unknown in both).
 */
import type { EngagementAggregates } from '../features/aggregates.js';
import { computeFeatures, FEATURES, type FeatureContext } from '../features/definitions.js';
import { HEADS, type Head, type Ranker } from '../rank/heads.js';
import { utility, type UtilityWeights } from '../rank/utility.js';
import type { Candidate, FeedContext, Scorer } from './types.js';

/** The position every candidate is scored at. */
export const SERVING_POSITION = 0;

export class RankerScorer implements Scorer {
  readonly name: string;

  constructor(
    private readonly ranker: Ranker,
    private readonly aggregates: EngagementAggregates,
    private readonly weights: UtilityWeights,
  ) {
    this.name = `ranker:${ranker.name}`;
  }

  score(context: FeedContext, candidates: Candidate[]): void {
    const n = candidates.length;
    if (n === 0) return;
    const width = FEATURES.length;
    const rows = new Float32Array(n * width);
    // One feature context for the request; only the pin changes from candidate to candidate.
    const features: FeatureContext = {
      userId: context.userId,
      user: context.user,
      pin: candidates[0]!.pin!,
      now: context.now,
      position: SERVING_POSITION,
      surface: 'home',
      aggregates: this.aggregates,
    };
    candidates.forEach((c, i) => {
      features.pin = c.pin!;
      computeFeatures(features, rows.subarray(i * width, (i + 1) * width));
    });
    const predictions = this.ranker.predict(rows, { userIds: new Array<string>(n).fill(context.userId), pins: candidates.map((c) => c.pin!) });
    const scores = utility(predictions, this.weights);
    const heads = HEADS.filter((h) => predictions[h] !== undefined);
    candidates.forEach((c, i) => {
      c.score = scores[i]!;
      const own: Partial<Record<Head, number>> = {};
      for (const h of heads) own[h] = predictions[h]![i]!;
      c.predictions = own;
    });
  }
}
