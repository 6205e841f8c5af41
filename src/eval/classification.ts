/** Metrics of probability estimates against binary labels. */
import { InputError } from '../wire/convert.js';

/** Probabilities are clipped to [eps, 1 - eps] so one confident mistake costs a lot, not infinity. */
export const LOG_LOSS_EPSILON = 1e-7;

/** Mean binary cross-entropy (natural log) of `probabilities` against 0/1 `labels`. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  if (labels.length !== probabilities.length) {
    throw new InputError('probabilities', `${probabilities.length} probabilities for ${labels.length} labels`);
  }
  if (labels.length === 0) throw new InputError('labels', 'log loss needs at least one example');
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const raw = probabilities[i]!;
    if (Number.isNaN(raw)) throw new InputError('probabilities', `probability ${i} is NaN`);
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, raw));
    sum -= labels[i]! > 0 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** Root mean squared error over the rows where `include` holds (all when absent); NaN when none. */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>, include?: (i: number) => boolean): number {
  if (actual.length !== predicted.length) throw new InputError('predicted', `${predicted.length} predictions for ${actual.length} values`);
  let sq = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (include && !include(i)) continue;
    const d = predicted[i]! - actual[i]!;
    sq += d * d;
    n++;
  }
  return n > 0 ? Math.sqrt(sq / n) : Number.NaN;
}
