/**
 * Popular: pins ranked by time-decayed engagement. Each (user, pin) pair
 * counts its positive weight, halved for every `halfLifeHours` since the
 * user's latest interaction with the pin.
 */
import { Type, type Static } from 'typebox';
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const PopularOptions = Type.Object(
  { halfLifeHours: Type.Number({ exclusiveMinimum: 0, description: 'An engagement counts half after this many hours.' }) },
  { additionalProperties: false },
);
export type PopularOptions = Static<typeof PopularOptions>;
export const POPULAR_DEFAULTS: PopularOptions = { halfLifeHours: 72 };

interface PopularState {
  pins: string[];
  scores: Float32Array;
}

export class PopularChannel implements RecallChannel {
  readonly name = 'popular';
  private pins: string[] = [];
  private scores: Float32Array = new Float32Array(0);

  constructor(private readonly options: PopularOptions) {}

  fit(data: Interactions, { now }: FitOptions): void {
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
    const order = [...totals.keys()].filter((i) => totals[i]! > 0).sort((a, b) => totals[b]! - totals[a]!);
    this.pins = order.map((i) => data.items.id(i));
    this.scores = Float32Array.from(order, (i) => totals[i]!);
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const out: ChannelCandidate[] = [];
    for (let i = 0; i < this.pins.length && out.length < n; i++) {
      const pinId = this.pins[i]!;
      if (!context.exclude.has(pinId)) out.push({ pinId, score: this.scores[i]! });
    }
    return out;
  }

  save(): PopularState {
    return { pins: this.pins, scores: this.scores };
  }

  load(state: unknown): void {
    const s = state as PopularState;
    this.pins = s.pins;
    this.scores = s.scores;
  }
}
