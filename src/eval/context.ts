/** What both evaluation loops share: a user's recall context from train, and recall held to its contract. */
import type { Interactions } from '../recall/interactions.js';
import type { ChannelCandidate, RecallChannel, RecallContext } from '../recall/types.js';
import { InputError } from '../wire/convert.js';
import { checkK } from './metrics.js';
import { normaliseKs } from './accumulator.js';

export interface LoopOptions {
  /** Cut-offs, e.g. [10, 20]. */
  ks: readonly number[];
  /** The time recall runs at. */
  now: number;
  /** Called every 1% of users and at the end. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Pins to exclude per user besides their training pins, e.g. validation
   * pins when testing a model fitted on train alone.
   */
  exclude?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Evaluate users train does not know with an empty history (cold-start
   * users, recommended to from nothing but who they are) instead of
   * skipping them as `notInTrain`.
   */
  unknownUsers?: 'skip' | 'empty-history';
}

export interface EvaluationResult {
  channel: string;
  /** Means over the users evaluated, keyed like "HR@10", "NDCG@10", "MRR", "Coverage@10". */
  metrics: Record<string, number>;
  /** Users (for sampled evaluation: cases) whose metrics were averaged. */
  users: number;
  skipped: {
    /** Test users with no training interactions: recall has no history for them. */
    notInTrain: number;
    /** Test users left without relevant pins (after removing excluded ones). */
    noRelevant: number;
  };
  /** Relevant test pins dropped because the user's context excludes them (they could never be hit). */
  excludedRelevant: number;
  seconds: number;
}

export function checkLoopOptions(options: LoopOptions): number[] {
  if (!Number.isFinite(options.now)) throw new InputError('now', `must be a time in epoch ms, got ${options.now}`);
  return normaliseKs(options.ks);
}

/** The user's context from train, or undefined when train does not know the user (unless `unknownUsers` says otherwise). */
export function userContext(train: Interactions, userId: string, options: LoopOptions): RecallContext | undefined {
  const known = train.users.get(userId) !== undefined;
  if (!known && options.unknownUsers !== 'empty-history') return undefined;
  const history = known ? train.history(userId) : [];
  const exclude = new Set<string>();
  for (const h of history) exclude.add(h.pinId);
  const extra = options.exclude?.get(userId);
  if (extra) for (const pinId of extra) exclude.add(pinId);
  return { userId, now: options.now, history, exclude };
}

/**
 * Recall, held to the channel contract: at most `n` candidates (extra ones
 * are cut) and none excluded (an error, since it would inflate every metric).
 */
export function recallChecked(channel: RecallChannel, context: RecallContext, n: number): ChannelCandidate[] {
  checkK(n, 'n');
  const list = channel.recall(context, n);
  for (const c of list) {
    if (context.exclude.has(c.pinId)) {
      throw new Error(`channel "${channel.name}" returned pin ${c.pinId}, which the context for user ${context.userId} excludes`);
    }
  }
  return list.length > n ? list.slice(0, n) : list;
}

/** Reports progress every 1% of `total` and at the end. */
export function progressReporter(total: number, onProgress?: (done: number, total: number) => void): (done: number) => void {
  if (!onProgress) return () => {};
  const every = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (done % every === 0 || done === total) onProgress(done, total);
  };
}
