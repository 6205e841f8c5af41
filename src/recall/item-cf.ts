/**
 * Item-based collaborative filtering: each pin's K most similar pins
 * (cosine, Jaccard, adjusted cosine or Pearson over the users who engaged
 * with both, with shrinkage and optional IDF/BM25 weighting of users),
 * precomputed at fit time; recall adds up the neighbours of the user's
 * engaged pins, each weighted by the seed's value and recency.
 */
import { Type, type Static } from 'typebox';
import { interactionValue, InteractionValue, positiveMatrix } from './cf/matrix.js';
import { ItemSimilarity, itemNeighbours, reverseNeighbours, type Neighbours } from './cf/item-neighbours.js';
import { selectTop } from './cf/top-k.js';
import { Weighting, weighValues } from './cf/weighting.js';
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const ItemCfOptions = Type.Object(
  {
    similarity: ItemSimilarity,
    neighbours: Type.Integer({ minimum: 1, maximum: 1000, description: 'Neighbours kept per pin (K).' }),
    shrinkage: Type.Number({ minimum: 0, description: 'Shrinks similarities backed by few users: sim * c / (c + shrinkage).' }),
    weighting: Weighting,
    bm25K1: Type.Number({ exclusiveMinimum: 0, description: 'BM25 saturation: larger values let big interaction values count more.' }),
    bm25B: Type.Number({ minimum: 0, maximum: 1, description: 'BM25 length normalisation: 0 none, 1 full (popular pins damped most).' }),
    value: InteractionValue,
    maxUserItems: Type.Integer({ minimum: 2, description: "Users keep only their most recent engaged pins for fitting (bounds each user's quadratic cost)." }),
    maxSeeds: Type.Integer({ minimum: 1, description: "The user's most recent engaged pins whose neighbours are recalled." }),
    seedHalfLifeHours: Type.Number({ minimum: 0, description: "A seed's influence halves every this many hours; 0 turns decay off." }),
    neighbourhood: Type.Enum(['seed', 'candidate'], {
      description: "Whose K nearest count at recall: each seed spreads to its own K nearest pins, or a pin is scored by the user's pins among its K nearest.",
    }),
    normalize: Type.Boolean({ description: 'Divide each candidate score by the sum of the similarities that reached it (a weighted mean).' }),
  },
  { additionalProperties: false },
);
export type ItemCfOptions = Static<typeof ItemCfOptions>;
export const ITEM_CF_DEFAULTS: ItemCfOptions = {
  similarity: 'cosine',
  neighbours: 100,
  shrinkage: 10,
  weighting: 'none',
  bm25K1: 1.2,
  bm25B: 0.75,
  value: 'binary',
  maxUserItems: 5000,
  maxSeeds: 500,
  seedHalfLifeHours: 0,
  neighbourhood: 'seed',
  normalize: false,
};

interface ItemCfState extends Neighbours {
  pins: string[];
}

export class ItemCfChannel implements RecallChannel {
  readonly name = 'item-cf';
  private pins: string[] = [];
  private pinIndex = new Map<string, number>();
  /** Each pin's K nearest pins. */
  private neighbours: Neighbours = { indptr: new Int32Array(1), indices: new Int32Array(0), sims: new Float32Array(0) };
  /** The lists recall walks from a seed: the neighbours, or their reverse for the candidate neighbourhood. */
  private spread: Neighbours = this.neighbours;
  private scratch: RecallScratch | undefined;

  constructor(private readonly options: ItemCfOptions) {}

  fit(data: Interactions, { onProgress }: FitOptions): void {
    const { byUser } = positiveMatrix(data, this.options.value, this.options.maxUserItems);
    const weighted = { ...byUser, values: weighValues(byUser, 'users', this.options) };
    const { indptr, indices, sims } = itemNeighbours(weighted, { ...this.options, ...(onProgress ? { onProgress } : {}) });
    this.setState({ pins: [...data.items.toArray()], indptr, indices, sims });
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const { maxSeeds, seedHalfLifeHours, normalize, value } = this.options;
    const s = (this.scratch ??= new RecallScratch(this.pins.length));
    const spread = this.spread;
    const decayPerMs = seedHalfLifeHours > 0 ? Math.LN2 / (seedHalfLifeHours * 3600_000) : 0;
    // The user's own pins are never candidates, whatever their weight.
    for (const h of context.history) {
      const i = this.pinIndex.get(h.pinId);
      if (i !== undefined) s.blocked[i] = 1;
    }
    let nTouched = 0;
    let used = 0;
    for (const h of context.history) {
      if (used >= maxSeeds) break;
      if (!(h.weight > 0)) continue;
      const i = this.pinIndex.get(h.pinId);
      if (i === undefined) continue;
      used++;
      const weight = interactionValue(h.weight, value) * Math.exp(-decayPerMs * Math.max(0, context.now - h.timestamp));
      for (let k = spread.indptr[i]!; k < spread.indptr[i + 1]!; k++) {
        const j = spread.indices[k]!;
        if (s.blocked[j]) continue;
        const sim = spread.sims[k]!;
        const contribution = weight * sim;
        if (s.simSum[j] === 0) {
          s.touched[nTouched++] = j;
          s.bestSeed[j] = i;
          s.best[j] = contribution;
        } else if (contribution > s.best[j]!) {
          s.best[j] = contribution;
          s.bestSeed[j] = i;
        }
        s.score[j]! += contribution;
        s.simSum[j]! += sim;
      }
    }
    let kept = 0;
    for (let t = 0; t < nTouched; t++) {
      const j = s.touched[t]!;
      if (normalize) s.score[j]! /= s.simSum[j]!;
      if (!context.exclude.has(this.pins[j]!)) s.candidates[kept++] = j;
    }
    const size = selectTop(s.candidates, kept, s.score, n, s.topIds, s.topScores);
    const out: ChannelCandidate[] = [];
    for (let t = 0; t < size; t++) {
      const j = s.topIds[t]!;
      out.push({ pinId: this.pins[j]!, score: s.topScores[t]!, seedPinId: this.pins[s.bestSeed[j]!]! });
    }
    s.reset(nTouched, context.history, this.pinIndex);
    return out;
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const i = this.pinIndex.get(pinId);
    if (i === undefined) return [];
    const out: ChannelCandidate[] = [];
    const { indptr, indices, sims } = this.neighbours;
    for (let k = indptr[i]!; k < indptr[i + 1]! && out.length < n; k++) {
      out.push({ pinId: this.pins[indices[k]!]!, score: sims[k]!, seedPinId: pinId });
    }
    return out;
  }

  save(): ItemCfState {
    return { pins: this.pins, ...this.neighbours };
  }

  load(state: unknown): void {
    this.setState(state as ItemCfState);
  }

  private setState(s: ItemCfState): void {
    this.pins = s.pins;
    this.pinIndex = new Map(s.pins.map((p, i) => [p, i]));
    this.neighbours = { indptr: s.indptr, indices: s.indices, sims: s.sims };
    this.spread = this.options.neighbourhood === 'candidate' ? reverseNeighbours(this.neighbours) : this.neighbours;
    this.scratch = undefined;
  }
}

/** Dense per-pin buffers reused across recall calls (recall is synchronous), cleared after each. */
class RecallScratch {
  readonly score: Float64Array;
  readonly simSum: Float64Array;
  readonly best: Float64Array;
  readonly bestSeed: Int32Array;
  readonly blocked: Uint8Array;
  readonly touched: Int32Array;
  readonly candidates: Int32Array;
  readonly topIds: Int32Array;
  readonly topScores: Float64Array;

  constructor(pins: number) {
    this.score = new Float64Array(pins);
    this.simSum = new Float64Array(pins);
    this.best = new Float64Array(pins);
    this.bestSeed = new Int32Array(pins);
    this.blocked = new Uint8Array(pins);
    this.touched = new Int32Array(pins);
    this.candidates = new Int32Array(pins);
    this.topIds = new Int32Array(pins);
    this.topScores = new Float64Array(pins);
  }

  reset(nTouched: number, history: RecallContext['history'], pinIndex: ReadonlyMap<string, number>): void {
    for (let t = 0; t < nTouched; t++) {
      const j = this.touched[t]!;
      this.score[j] = 0;
      this.simSum[j] = 0;
    }
    for (const h of history) {
      const i = pinIndex.get(h.pinId);
      if (i !== undefined) this.blocked[i] = 0;
    }
  }
}
