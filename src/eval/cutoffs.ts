/**
 * Cut-off lists: the Ks asked for, widened to 1..50 when a report draws
 * metrics against K, and results narrowed back to the Ks asked for.
 */
import type { EvaluationResult } from './context.js';

/** The Ks a "metric against K" curve is drawn at. */
export const CURVE_KS: readonly number[] = Array.from({ length: 50 }, (_, i) => i + 1);

export function withCurveKs(ks: readonly number[]): number[] {
  return [...new Set([...CURVE_KS, ...ks])].sort((a, b) => a - b);
}

/** The metrics measured at one of `ks`, and those without a cut-off (like MRR). */
export function metricsAt(metrics: Record<string, number>, ks: readonly number[]): Record<string, number> {
  const wanted = new Set(ks.map(String));
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    const at = key.lastIndexOf('@');
    if (at === -1 || wanted.has(key.slice(at + 1))) out[key] = value;
  }
  return out;
}

export function resultAt(result: EvaluationResult, ks: readonly number[]): EvaluationResult {
  return { ...result, metrics: metricsAt(result.metrics, ks) };
}
