/**
 * Where a new pin stands in exploration, from the users it was shown to and
 * how many of them engaged. Below `minImpressions` it is still being
 * explored. From there, a pin whose engagement rate (prior included) reaches
 * `graduationLift` times the catalogue's rate graduates: it leaves the
 * exploration budget and competes in normal ranking on the engagement it
 * earned. A pin nobody engaged with, or one still below the bar after
 * `maxImpressions`, stops being explored.
 */
export type ExplorationStatus = 'exploring' | 'graduated' | 'retired';

export interface PinTrials {
  /** Users shown the pin. */
  impressions: number;
  /** Of them, users who engaged. */
  engaged: number;
}

export interface GraduationRule {
  minImpressions: number;
  maxImpressions: number;
  graduationLift: number;
  /** Impressions' worth of the catalogue rate in the pin's prior. */
  priorStrength: number;
}

/** The pin's engagement rate with `priorStrength` impressions at the catalogue rate mixed in. */
export function posteriorRate(trials: PinTrials, catalogueRate: number, priorStrength: number): number {
  const n = trials.impressions + priorStrength;
  return n > 0 ? (trials.engaged + priorStrength * catalogueRate) / n : catalogueRate;
}

export function explorationStatus(trials: PinTrials, catalogueRate: number, rule: GraduationRule): ExplorationStatus {
  if (trials.impressions < rule.minImpressions) return 'exploring';
  if (posteriorRate(trials, catalogueRate, rule.priorStrength) >= rule.graduationLift * catalogueRate && trials.engaged > 0) return 'graduated';
  if (trials.engaged === 0 || trials.impressions >= rule.maxImpressions) return 'retired';
  return 'exploring';
}
