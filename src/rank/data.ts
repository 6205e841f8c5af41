/**
 * Labelled ranking examples as the models consume them, and the time-based
 * splits that keep every evaluation (and every early-stopping check) looking
 * only forward in time.
 */
import type { Examples } from '../features/examples.js';
import { TASKS } from './heads.js';

/** `requestIds` is optional: examples from elsewhere than the event log (synthetic, imported) may have none. */
export type LabelledExamples = Pick<Examples, 'names' | 'rows' | 'labels' | 'dwell' | 'userIds' | 'pinIds' | 'timestamps'> & Partial<Pick<Examples, 'requestIds'>>;

export function exampleCount(x: LabelledExamples): number {
  return x.pinIds.length;
}

/** The examples at `indices`, in that order. */
export function subsetExamples(x: LabelledExamples, indices: ArrayLike<number>): LabelledExamples {
  const w = x.names.length;
  const n = indices.length;
  const rows = new Float32Array(n * w);
  const dwell = new Float32Array(n);
  const timestamps = new Float64Array(n);
  const labels = Object.fromEntries(TASKS.map((t) => [t, new Uint8Array(n)])) as LabelledExamples['labels'];
  const userIds: string[] = new Array(n);
  const pinIds: string[] = new Array(n);
  const requestIds: string[] | undefined = x.requestIds ? new Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    rows.set(x.rows.subarray(i * w, (i + 1) * w), k * w);
    for (const t of TASKS) labels[t][k] = x.labels[t][i]!;
    dwell[k] = x.dwell[i]!;
    timestamps[k] = x.timestamps[i]!;
    userIds[k] = x.userIds[i]!;
    pinIds[k] = x.pinIds[i]!;
    if (requestIds) requestIds[k] = x.requestIds![i]!;
  }
  return { names: x.names, rows, labels, dwell, userIds, pinIds, timestamps, ...(requestIds ? { requestIds } : {}) };
}

export interface TimeSplit {
  before: LabelledExamples;
  after: LabelledExamples;
  /** Examples at or after this time are in `after`. */
  cutTime: number;
}

/**
 * Splits at the time below which `fraction` of the examples fall: `before`
 * is everything earlier, `after` the rest, each kept in log order.
 */
export function splitByTime(x: LabelledExamples, fraction: number): TimeSplit {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`time split fraction must be between 0 and 1, got ${fraction}`);
  const n = exampleCount(x);
  if (n < 2) throw new Error(`a time split needs at least 2 examples, got ${n}`);
  const sorted = Float64Array.from(x.timestamps).sort();
  const cutTime = sorted[Math.min(n - 1, Math.max(1, Math.floor(n * fraction)))]!;
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < n; i++) (x.timestamps[i]! < cutTime ? before : after).push(i);
  return { before: subsetExamples(x, before), after: subsetExamples(x, after), cutTime };
}

/** Share of examples with label 1, per task. */
export function baseRates(x: LabelledExamples): Record<(typeof TASKS)[number], number> {
  const n = Math.max(1, exampleCount(x));
  return Object.fromEntries(TASKS.map((t) => [t, x.labels[t].reduce((s, v) => s + v, 0) / n])) as Record<(typeof TASKS)[number], number>;
}
