/**
 * Popular: pins ranked by time-decayed engagement. Each (user, pin) pair
 * counts its positive weight, halved for every `halfLifeHours` since the
 * user's latest interaction with the pin.
 */
import { Type, type Static } from 'typebox';
import type { Interactions } from './interactions.js';
import { RankedPinsChannel } from './ranked-pins.js';
import type { FitOptions } from './types.js';

export const PopularOptions = Type.Object(
  { halfLifeHours: Type.Number({ exclusiveMinimum: 0, description: 'An engagement counts half after this many hours.' }) },
  { additionalProperties: false },
);
export type PopularOptions = Static<typeof PopularOptions>;
export const POPULAR_DEFAULTS: PopularOptions = { halfLifeHours: 72 };

export class PopularChannel extends RankedPinsChannel {
  readonly name = 'popular';

  constructor(private readonly options: PopularOptions) {
    super();
  }

  protected scores(data: Interactions, { now }: FitOptions): Float64Array {
    const decayPerMs = Math.LN2 / (this.options.halfLifeHours * 3600_000);
    const totals = new Float64Array(data.itemCount);
    const { indptr, indices, values } = data.byUser;
    for (let u = 0; u < data.userCount; u++) {
      for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
        const w = values[k]!;
        if (w <= 0) continue;
        const age = Math.max(0, now - data.lastTime[k]!);
        totals[indices[k]!]! += w * Math.exp(-decayPerMs * age);
      }
    }
    return totals;
  }
}
