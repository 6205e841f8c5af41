/**
 * Fusing the heads into one ranking score, the calibrated utility
 *   u = Σ_k w_k · p_k  +  w_dwell · p(closeup) · dwell
 * where dwell is the predicted ln(1 + seconds) given that the user dwells
 * (the dwell head is trained on dwelled examples only), so
 * p(closeup) · dwell is the expected log-dwell of an impression. Hiding
 * costs: its weight must be ≤ 0.
 */
import { Type, type Static } from 'typebox';
import { wireValidator } from '../wire/validate.js';
import { TASKS, type Predictions } from './heads.js';

export const UtilityWeights = Type.Object(
  {
    closeup: Type.Number({ description: 'Weight of p(closeup).' }),
    click: Type.Number({ description: 'Weight of p(click).' }),
    save: Type.Number({ description: 'Weight of p(save).' }),
    hide: Type.Number({ maximum: 0, description: 'Weight of p(hide); a cost, so ≤ 0.' }),
    dwell: Type.Number({ description: 'Weight of the expected ln(1 + dwell seconds): p(closeup) · predicted dwell.' }),
  },
  { additionalProperties: false },
);
export type UtilityWeights = Static<typeof UtilityWeights>;

export const UTILITY_DEFAULTS: UtilityWeights = { closeup: 1, click: 2, save: 4, hide: -8, dwell: 0.5 };

const validator = wireValidator(UtilityWeights);

export function utilityWeights(overrides: Partial<UtilityWeights> = {}): UtilityWeights {
  try {
    return validator.parse({ ...UTILITY_DEFAULTS, ...overrides });
  } catch (error) {
    throw new Error(`utility weights${(error as Error).message}`);
  }
}

/** One utility per row; a ranker without a dwell head contributes no dwell term. */
export function utility(predictions: Predictions, weights: UtilityWeights): Float32Array {
  const n = predictions.closeup.length;
  const out = new Float32Array(n);
  for (const t of TASKS) {
    const p = predictions[t];
    if (p.length !== n) throw new RangeError(`utility: ${t} has ${p.length} predictions, closeup has ${n}`);
    const w = weights[t];
    for (let i = 0; i < n; i++) out[i]! += w * p[i]!;
  }
  const dwell = predictions.dwell;
  if (dwell && weights.dwell !== 0) {
    for (let i = 0; i < n; i++) out[i]! += weights.dwell * predictions.closeup[i]! * Math.max(0, dwell[i]!);
  }
  return out;
}
