/**
 * A user's own feedback as bandit pulls over categories: each pin in their
 * history is one pull of its category. Engagement (closeup, click, save: a
 * positive weight) is a success, an impression without engagement a failure,
 * and a hide (a negative weight) counts as `hidePenalty` failures.
 */
import type { HistoryItem } from '../recall/types.js';
import type { ArmStats } from './bandits/arms.js';

export interface FeedbackSummary {
  /** Pins the user engaged with (whatever their category). */
  engaged: number;
  /** Pulls added to the arms. */
  pulls: number;
}

export function applyFeedback(
  arms: ArmStats,
  history: readonly HistoryItem[],
  categoryOf: (pinId: string) => number | undefined,
  hidePenalty: number,
): FeedbackSummary {
  let engaged = 0;
  let pulls = 0;
  for (const item of history) {
    if (item.weight > 0) engaged++;
    const category = categoryOf(item.pinId);
    if (category === undefined) continue;
    if (item.weight > 0) arms.update(category, 1);
    else if (item.weight < 0) {
      if (hidePenalty > 0) arms.update(category, 0, hidePenalty);
    } else arms.update(category, 0);
    pulls++;
  }
  return { engaged, pulls };
}
