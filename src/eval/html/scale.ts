/**
 * Axis arithmetic for the report's charts: tick values a person would pick,
 * on linear, log and categorical axes, and the mapping from data to pixels.
 */

export type AxisKind = 'linear' | 'log' | 'category';

export interface Axis {
  kind: AxisKind;
  /** The data range the axis shows (for log: in data units, both > 0). */
  min: number;
  max: number;
  ticks: { value: number; label: string }[];
}

/** Up to 3 significant digits, no trailing zeros: 0.25, 1200, 0.0001, 1e-7. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  return String(Number(x.toPrecision(3)));
}

/** About `count` evenly spaced round values (steps of 1, 2 or 5 × 10^n) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) throw new RangeError(`ticks need a finite range, got [${lo}, ${hi}]`);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const first = Math.floor(lo / step + 1e-9) * step;
  const out: number[] = [];
  for (let v = first; v < hi + step * 0.999; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Powers of ten around [lo, hi] (lo > 0), with 2 and 5 between them when the data spans under 2.5 decades. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi >= lo)) throw new RangeError(`a log axis needs 0 < min <= max, got [${lo}, ${hi}]`);
  const from = Math.floor(Math.log10(lo) + 1e-9);
  const to = Math.max(from + 1, Math.ceil(Math.log10(hi) - 1e-9));
  const multiples = Math.log10(hi / lo) < 2.5 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let e = from; e <= to; e++) for (const m of multiples) candidates.push(Number((m * 10 ** e).toPrecision(12)));
  // From the last tick at or below lo to the first at or above hi.
  const first = candidates.findLastIndex((v) => v <= lo * (1 + 1e-9));
  const last = candidates.findIndex((v) => v >= hi * (1 - 1e-9));
  return candidates.slice(first, last + 1);
}

/** An axis covering the values: rounded out to ticks (linear, log) or one slot per category. */
export function axisFor(kind: AxisKind, values: readonly number[], options: { categories?: readonly string[]; fromZero?: boolean } = {}): Axis {
  if (kind === 'category') {
    const categories = options.categories ?? [];
    return { kind, min: -0.5, max: categories.length - 0.5, ticks: categories.map((label, value) => ({ value, label })) };
  }
  const finite = values.filter((v) => Number.isFinite(v) && (kind !== 'log' || v > 0));
  let lo = finite.length > 0 ? Math.min(...finite) : kind === 'log' ? 1 : 0;
  let hi = finite.length > 0 ? Math.max(...finite) : 1;
  if (kind === 'log') {
    const ticks = logTicks(lo, hi);
    return { kind, min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks: ticks.map((value) => ({ value, label: formatNumber(value) })) };
  }
  if (options.fromZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const ticks = niceTicks(lo, hi);
  return { kind, min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks: ticks.map((value) => ({ value, label: formatNumber(value) })) };
}

/** The position of `value` along an axis, from `start` to `end` pixels. */
export function project(axis: Axis, value: number, start: number, end: number): number {
  const t =
    axis.kind === 'log'
      ? (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min))
      : (value - axis.min) / (axis.max - axis.min);
  return start + t * (end - start);
}
