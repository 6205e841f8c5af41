/**
 * The demo users' response model: how likely a user is to close up, click,
 * save, hide or convert on a pin they are shown. The simulation draws events
 * from it and DemoTruth exposes it, so code under test can be scored against
 * the same expectations the log was generated from.
 */

/** Attention decays down the feed, whatever is shown there. */
export function positionBias(position: number): number {
  return 1 / (1 + 0.15 * Math.max(0, position));
}

/** Maps an interest share (0..1) to how relevant a pin of that category feels (0..1). */
export function relevance(affinity: number): number {
  return Math.pow(Math.max(0, Math.min(1, affinity)), 0.6);
}

/** About 1 for an average pin by an average creator; from 0.24 to 2.24. */
export function qualityFactor(pinQuality: number, creatorQuality: number): number {
  return (0.4 + 1.2 * pinQuality) * (0.6 + 0.8 * creatorQuality);
}

export interface EngagementProbabilities {
  /** Opening the pin from the feed. */
  closeup: number;
  clickGivenCloseup: number;
  saveGivenCloseup: number;
  /** Saving straight from the feed, without a closeup. */
  directSave: number;
  /** Hiding the pin, when there was no closeup. */
  hide: number;
  conversionGivenSave: number;
  /** Median dwell of a closeup, in ms (dwell is lognormal around it). */
  medianDwellMs: number;
}

export const DWELL_LOG_SD = 0.7;

/**
 * `affinity` is the user's true interest share in the pin's category at that
 * moment; qualities are in 0..1; `position` is 0 for the top of the feed.
 */
export function engagementProbabilities(
  affinity: number,
  pinQuality: number,
  creatorQuality: number,
  position: number,
): EngagementProbabilities {
  const rel = relevance(affinity);
  const bias = positionBias(position);
  const closeup = Math.min(0.95, bias * qualityFactor(pinQuality, creatorQuality) * (0.015 + 0.45 * rel));
  return {
    closeup,
    clickGivenCloseup: Math.min(0.9, 0.2 + 0.35 * rel),
    saveGivenCloseup: Math.min(0.9, (0.06 + 0.3 * rel) * (0.5 + pinQuality)),
    directSave: 0.04 * closeup,
    hide: Math.min(0.5, bias * 0.06 * (1 - rel) ** 3 * (1.4 - pinQuality)),
    conversionGivenSave: 0.02 + 0.08 * rel,
    medianDwellMs: 2500 * Math.exp(1.5 * rel),
  };
}
