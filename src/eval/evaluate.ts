/**
 * The full-ranking evaluation loop: each test user gets the channel's top
 * max(K) from all pins they have not interacted with in train, scored
 * against their test pins.
 */
import type { Interactions } from '../recall/interactions.js';
import type { RecallChannel } from '../recall/types.js';
import { RankingAccumulator } from './accumulator.js';
import { BeyondAccuracy, catalogOf, type BeyondAccuracyResult, type ItemDistance } from './beyond-accuracy.js';
import { checkLoopOptions, progressReporter, recallChecked, userContext, type EvaluationResult, type LoopOptions } from './context.js';
import { markHits } from './metrics.js';

export type { EvaluationResult } from './context.js';

export interface EvaluateOptions extends LoopOptions {
  /** Item distance for intra-list diversity ("ILD@K"); without it ILD is not computed. */
  distance?: ItemDistance;
}

/**
 * Evaluates a fitted channel on a test set. Users not in train are skipped
 * (no history to recall from); test pins the user's context excludes are
 * removed from their relevant set, and users left with none are skipped.
 * Beyond-accuracy metrics use the lists of the users evaluated, cut at each K,
 * with popularity from train.
 */
export function evaluateRecall(
  channel: RecallChannel,
  train: Interactions,
  test: ReadonlyMap<string, ReadonlySet<string>>,
  options: EvaluateOptions,
): EvaluationResult {
  const started = performance.now();
  const ks = checkLoopOptions(options);
  const maxK = ks[ks.length - 1]!;
  const ranking = new RankingAccumulator(ks);
  const catalog = catalogOf(train);
  const beyond = ks.map(() => new BeyondAccuracy(catalog, options.distance));
  const progress = progressReporter(test.size, options.onProgress);
  let notInTrain = 0;
  let excludedRelevant = 0;
  let done = 0;

  for (const [userId, testPins] of test) {
    const context = userContext(train, userId, options);
    if (!context) notInTrain++;
    else {
      let relevant = testPins;
      let removed = 0;
      for (const pinId of testPins) if (context.exclude.has(pinId)) removed++;
      if (removed > 0) {
        excludedRelevant += removed;
        relevant = new Set([...testPins].filter((pinId) => !context.exclude.has(pinId)));
      }
      if (relevant.size === 0) ranking.add([], 0);
      else {
        const list = recallChecked(channel, context, maxK).map((c) => c.pinId);
        ranking.add(markHits(list, relevant), relevant.size);
        for (let j = 0; j < ks.length; j++) beyond[j]!.add(list, ks[j]);
      }
    }
    progress(++done);
  }

  const metrics = ranking.result();
  const results = beyond.map((b) => b.result());
  const families: [string, (b: BeyondAccuracyResult) => number | undefined][] = [
    ['Coverage', (b) => b.coverage],
    ['Novelty', (b) => b.novelty],
    ['AvgPop', (b) => b.averagePopularity],
    ['Gini', (b) => b.gini],
    ['ILD', (b) => b.diversity],
  ];
  for (const [name, value] of families) {
    for (let j = 0; j < ks.length; j++) {
      const v = value(results[j]!);
      if (v !== undefined) metrics[`${name}@${ks[j]}`] = v;
    }
  }
  return {
    channel: channel.name,
    metrics,
    users: ranking.users,
    skipped: { notInTrain, noRelevant: ranking.skipped },
    excludedRelevant,
    seconds: (performance.now() - started) / 1000,
  };
}
