/**
 * A global ranking of pins by one score each (popular, trending): built from
 * per-pin totals, recalled best first while skipping excluded pins, saved
 * as two parallel arrays.
 */
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export interface RankedPinsState {
  pins: string[];
  scores: Float32Array;
}

export class RankedPins {
  private constructor(
    private readonly pins: string[],
    private readonly scores: Float32Array,
  ) {}

  static empty(): RankedPins {
    return new RankedPins([], new Float32Array(0));
  }

  /** Pins with a positive score, best first; `scores` is indexed like `data.items`. */
  static fromScores(data: Interactions, scores: ArrayLike<number>): RankedPins {
    const order: number[] = [];
    for (let i = 0; i < data.itemCount; i++) if (scores[i]! > 0) order.push(i);
    order.sort((a, b) => scores[b]! - scores[a]!);
    return new RankedPins(
      order.map((i) => data.items.id(i)),
      Float32Array.from(order, (i) => scores[i]!),
    );
  }

  static load(state: unknown, channel: string): RankedPins {
    const s = state as Partial<RankedPinsState>;
    if (!Array.isArray(s.pins) || !(s.scores instanceof Float32Array) || s.scores.length !== s.pins.length) {
      throw new TypeError(`${channel}: saved state is malformed (expected pins and a matching Float32Array of scores)`);
    }
    return new RankedPins(s.pins, s.scores);
  }

  get size(): number {
    return this.pins.length;
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const out: ChannelCandidate[] = [];
    for (let i = 0; i < this.pins.length && out.length < n; i++) {
      const pinId = this.pins[i]!;
      if (!context.exclude.has(pinId)) out.push({ pinId, score: this.scores[i]! });
    }
    return out;
  }

  save(): RankedPinsState {
    return { pins: this.pins, scores: this.scores };
  }
}

/** A channel that is one global ranking: subclasses score the pins in `scores`. */
export abstract class RankedPinsChannel implements RecallChannel {
  abstract readonly name: string;
  private ranking = RankedPins.empty();

  /** One score per pin of `data.items`; pins scoring 0 or less are left out. */
  protected abstract scores(data: Interactions, options: FitOptions): ArrayLike<number>;

  fit(data: Interactions, options: FitOptions): void {
    this.ranking = RankedPins.fromScores(data, this.scores(data, options));
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    return this.ranking.recall(context, n);
  }

  save(): unknown {
    return this.ranking.save();
  }

  load(state: unknown): void {
    this.ranking = RankedPins.load(state, this.name);
  }
}
