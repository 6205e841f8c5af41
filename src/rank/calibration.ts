/**
 * Turning a head's raw score (its logit) into a calibrated probability,
 * fitted on held-out (validation) examples:
 * - platt: p = σ(a·z + b), a and b by maximum likelihood (Newton's method;
 *   a 1e-6 ridge keeps them finite when the validation set is separable);
 * - isotonic: the non-decreasing step function of z that best fits the
 *   labels in squared error (pool-adjacent-violators), read with linear
 *   interpolation between the fitted points and clamped beyond them, as
 *   scikit-learn's IsotonicRegression does;
 * - none: p = σ(z).
 */
export const CALIBRATION_METHODS = ['platt', 'isotonic', 'none'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

export type CalibratorState =
  | { method: 'none' }
  | { method: 'platt'; a: number; b: number }
  | { method: 'isotonic'; x: number[]; y: number[] };

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

const RIDGE = 1e-6;

/** Maximum-likelihood a, b of p = σ(a·z + b). */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): { a: number; b: number } {
  const n = scores.length;
  const objective = (a: number, b: number) => {
    let loss = 0.5 * RIDGE * (a * a + b * b);
    for (let i = 0; i < n; i++) {
      const t = a * scores[i]! + b;
      // -[y·log σ(t) + (1-y)·log(1-σ(t))] = softplus(t) - y·t, computed stably.
      loss += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - labels[i]! * t;
    }
    return loss;
  };
  let a = 1;
  let b = 0;
  let current = objective(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = RIDGE * a;
    let gb = RIDGE * b;
    let haa = RIDGE;
    let hab = 0;
    let hbb = RIDGE;
    for (let i = 0; i < n; i++) {
      const z = scores[i]!;
      const p = sigmoid(a * z + b);
      const r = p - labels[i]!;
      const v = p * (1 - p);
      ga += r * z;
      gb += r;
      haa += v * z * z;
      hab += v * z;
      hbb += v;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = objective(a - da, b - db);
    while (next > current && step > 1e-10) {
      step /= 2;
      next = objective(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-12 * Math.max(1, Math.abs(current)) && Math.abs(step * da) + Math.abs(step * db) < 1e-10) break;
  }
  return { a, b };
}

/**
 * Pool-adjacent-violators on (score, label) pairs: returns the fitted points
 * (each block's lowest and highest score, both at the block's mean label).
 */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): { x: number[]; y: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  // Blocks as parallel stacks: label sum, weight, lowest and highest score.
  const sum: number[] = [];
  const weight: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const i of order) {
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new RangeError('isotonic calibration: scores must not be NaN');
    const top = sum.length - 1;
    if (top >= 0 && hi[top] === s) {
      sum[top]! += labels[i]!;
      weight[top]!++;
    } else {
      sum.push(labels[i]!);
      weight.push(1);
      lo.push(s);
      hi.push(s);
    }
    // Merge while the newest block's mean is below the one before it.
    while (sum.length > 1) {
      const k = sum.length - 1;
      if (sum[k - 1]! / weight[k - 1]! <= sum[k]! / weight[k]!) break;
      sum[k - 1]! += sum[k]!;
      weight[k - 1]! += weight[k]!;
      hi[k - 1] = hi[k]!;
      sum.pop();
      weight.pop();
      lo.pop();
      hi.pop();
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < sum.length; k++) {
    const mean = sum[k]! / weight[k]!;
    x.push(lo[k]!);
    y.push(mean);
    if (hi[k] !== lo[k]) {
      x.push(hi[k]!);
      y.push(mean);
    }
  }
  return { x, y };
}

/** Linear interpolation through (x, y) (x ascending), clamped to the end values. */
export function interpolate(x: readonly number[], y: readonly number[], at: number): number {
  const n = x.length;
  if (n === 0) throw new RangeError('interpolate: no points');
  if (at <= x[0]!) return y[0]!;
  if (at >= x[n - 1]!) return y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= at) lo = mid;
    else hi = mid;
  }
  const span = x[hi]! - x[lo]!;
  return span > 0 ? y[lo]! + ((y[hi]! - y[lo]!) * (at - x[lo]!)) / span : y[hi]!;
}

export class Calibrator {
  private constructor(readonly state: CalibratorState) {}

  static fit(method: CalibrationMethod, scores: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
    if (scores.length !== labels.length) throw new RangeError(`calibration: ${scores.length} scores but ${labels.length} labels`);
    if (method === 'none') return new Calibrator({ method });
    if (scores.length === 0) throw new RangeError(`${method} calibration needs at least one validation example`);
    if (method === 'platt') return new Calibrator({ method, ...fitPlatt(scores, labels) });
    if (method === 'isotonic') return new Calibrator({ method, ...fitIsotonic(scores, labels) });
    throw new RangeError(`unknown calibration method "${String(method)}"; known: ${CALIBRATION_METHODS.join(', ')}`);
  }

  static identity(): Calibrator {
    return new Calibrator({ method: 'none' });
  }

  static load(state: unknown): Calibrator {
    const s = state as Partial<Record<string, unknown>> | null;
    const ok =
      s?.method === 'none' ||
      (s?.method === 'platt' && typeof s.a === 'number' && typeof s.b === 'number') ||
      (s?.method === 'isotonic' && Array.isArray(s.x) && Array.isArray(s.y) && s.x.length === s.y.length && s.x.length > 0);
    if (!ok) throw new TypeError('calibrator: saved state is malformed');
    return new Calibrator(s as CalibratorState);
  }

  /** The calibrated probability of one raw score (a logit). */
  apply(score: number): number {
    const s = this.state;
    if (s.method === 'platt') return sigmoid(s.a * score + s.b);
    if (s.method === 'isotonic') return interpolate(s.x, s.y, score);
    return sigmoid(score);
  }

  applyAll(scores: ArrayLike<number>, out = new Float32Array(scores.length)): Float32Array {
    for (let i = 0; i < scores.length; i++) out[i] = this.apply(scores[i]!);
    return out;
  }

  save(): CalibratorState {
    return this.state;
  }
}
