/**
 * Trending: pins gaining engagement now. Counts, per pin, the positive
 * weight of users whose latest interaction with it falls in the last
 * `windowHours` (a windowed count), and compares it with the pin's rate over
 * the `baselineHours` before the window:
 *   lift = (window + prior) / (expected + prior),  expected = baseline · window / baselineSpan
 * The additive prior keeps pins with two engagements and no history from
 * outranking pins with hundreds. `score: 'count'` ranks by the windowed count
 * alone (what is hot), `'lift'` by lift times the count's log (what is rising).
 */
import { Type, type Static } from 'typebox';
import type { Interactions } from './interactions.js';
import { RankedPinsChannel } from './ranked-pins.js';
import type { FitOptions } from './types.js';

export const TrendingOptions = Type.Object(
  {
    windowHours: Type.Number({ exclusiveMinimum: 0, description: 'Engagement in this many hours before now counts as current.' }),
    baselineHours: Type.Number({ exclusiveMinimum: 0, description: 'The span before the window that sets each pin’s usual rate.' }),
    score: Type.Enum(['count', 'lift'], { description: 'count: windowed engagement; lift: rising against the pin’s own baseline.' }),
    prior: Type.Number({ minimum: 0, description: 'Additive smoothing of lift (in engagement weight).' }),
    minCount: Type.Number({ minimum: 0, description: 'Pins with less windowed engagement weight are not trending.' }),
  },
  { additionalProperties: false },
);
export type TrendingOptions = Static<typeof TrendingOptions>;
export const TRENDING_DEFAULTS: TrendingOptions = { windowHours: 24, baselineHours: 24 * 14, score: 'lift', prior: 5, minCount: 2 };

export class TrendingChannel extends RankedPinsChannel {
  readonly name = 'trending';

  constructor(private readonly options: TrendingOptions) {
    super();
  }

  protected scores(data: Interactions, { now }: FitOptions): Float64Array {
    const { windowHours, baselineHours, score, prior, minCount } = this.options;
    const windowStart = now - windowHours * 3600_000;
    const baselineStart = windowStart - baselineHours * 3600_000;
    const recent = new Float64Array(data.itemCount);
    const before = new Float64Array(data.itemCount);
    const { indptr, indices, values } = data.byUser;
    for (let u = 0; u < data.userCount; u++) {
      for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
        const w = values[k]!;
        const t = data.lastTime[k]!;
        if (w <= 0 || t > now) continue;
        if (t >= windowStart) recent[indices[k]!]! += w;
        else if (t >= baselineStart) before[indices[k]!]! += w;
      }
    }
    const scores = new Float64Array(data.itemCount);
    for (let i = 0; i < data.itemCount; i++) {
      const count = recent[i]!;
      if (count <= 0 || count < minCount) continue;
      if (score === 'count') scores[i] = count;
      else {
        const expected = (before[i]! * windowHours) / baselineHours;
        scores[i] = ((count + prior) / (expected + prior)) * Math.log1p(count);
      }
    }
    return scores;
  }
}
