/**
 * Sampled-negatives evaluation (the NCF and S3-Rec protocols): each held-out
 * pin is ranked among a given set of negatives, e.g. 1 positive + 99
 * negatives, and the metrics read its rank among those candidates.
 *
 * RecallChannel has no way to score a given pin, so the candidates are ranked
 * by the channel's own recall list, restricted to them: the list is asked for
 * `depth` pins (by default the whole catalogue, so every pin the channel can
 * score gets a place). Ties are broken against the positive:
 * - a negative returned with the same score as the positive ranks above it,
 *   wherever the channel put it in its list;
 * - candidates the channel did not return share the last places, and among
 *   them the positive comes last.
 * So a channel that scores everything alike, or cannot reach the positive,
 * gets rank 1 + |negatives|, not a lucky draw.
 */
import type { Interactions } from '../recall/interactions.js';
import type { RecallChannel } from '../recall/types.js';
import { InputError } from '../wire/convert.js';
import { RankingAccumulator } from './accumulator.js';
import { checkLoopOptions, progressReporter, recallChecked, userContext, type EvaluationResult, type LoopOptions } from './context.js';

export interface SampledCase {
  userId: string;
  /** The held-out pin. */
  positive: string;
  /** Pins the user never interacted with; duplicates and the positive itself are ignored. */
  negatives: readonly string[];
}

export interface SampledOptions extends LoopOptions {
  /** How many pins to ask the channel for; default: the training catalogue size. */
  depth?: number;
}

/**
 * The positive's 1-based rank among the candidates, given the channel's list
 * (best first) and the candidate negatives. Ties go against the positive, as
 * the module comment describes.
 */
export function sampledRank(
  list: readonly { pinId: string; score: number }[],
  positive: string,
  negatives: ReadonlySet<string>,
): number {
  const candidates = negatives.size + (negatives.has(positive) ? 0 : 1);
  let above = 0;
  let at = -1;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.pinId === positive) {
      at = i;
      break;
    }
    if (negatives.has(c.pinId)) above++;
  }
  if (at < 0) return candidates;
  const score = list[at]!.score;
  for (let i = at + 1; i < list.length; i++) {
    const c = list[i]!;
    if (c.score === score && negatives.has(c.pinId) && c.pinId !== positive) above++;
  }
  return above + 1;
}

export function evaluateSampled(
  channel: RecallChannel,
  train: Interactions,
  cases: readonly SampledCase[],
  options: SampledOptions,
): EvaluationResult {
  const started = performance.now();
  const ks = checkLoopOptions(options);
  const depth = options.depth ?? train.itemCount;
  if (!Number.isInteger(depth) || depth < 1) throw new InputError('depth', `must be a positive integer, got ${depth}`);
  const ranking = new RankingAccumulator(ks);
  const progress = progressReporter(cases.length, options.onProgress);
  let notInTrain = 0;
  let excludedRelevant = 0;
  let done = 0;

  for (const testCase of cases) {
    const context = userContext(train, testCase.userId, options);
    if (!context) notInTrain++;
    else if (context.exclude.has(testCase.positive)) {
      excludedRelevant++;
      ranking.add([], 0);
    } else {
      const negatives = new Set(testCase.negatives);
      negatives.delete(testCase.positive);
      const rank = sampledRank(recallChecked(channel, context, depth), testCase.positive, negatives);
      const hits = new Uint8Array(negatives.size + 1);
      hits[rank - 1] = 1;
      ranking.add(hits, 1);
    }
    progress(++done);
  }

  return {
    channel: channel.name,
    metrics: ranking.result(),
    users: ranking.users,
    skipped: { notInTrain, noRelevant: ranking.skipped },
    excludedRelevant,
    seconds: (performance.now() - started) / 1000,
  };
}
