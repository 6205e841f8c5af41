/**
 * Co-engagement: item-to-item neighbours from pins engaged by the same users
 * (binary cosine with shrinkage), and recall by spreading the user's recent
 * engagements over those neighbours. Issue-level item-CF variants (Jaccard,
 * Pearson, BM25) build on the same counting.
 */
import { Type, type Static } from 'typebox';
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const CoEngagementOptions = Type.Object(
  {
    neighbours: Type.Integer({ minimum: 1, maximum: 1000, description: 'Neighbours kept per pin.' }),
    maxUserItems: Type.Integer({
      minimum: 2,
      description: 'Users with more engaged pins keep only their most recent ones (bounds the quadratic cost).',
    }),
    shrinkage: Type.Number({ minimum: 0, description: 'Shrinks similarities backed by few co-engagements: sim * c / (c + shrinkage).' }),
    maxSeeds: Type.Integer({ minimum: 1, description: "The user's most recent engaged pins considered at recall time." }),
    seedHalfLifeHours: Type.Number({ exclusiveMinimum: 0, description: "A seed's influence halves every this many hours." }),
  },
  { additionalProperties: false },
);
export type CoEngagementOptions = Static<typeof CoEngagementOptions>;
export const CO_ENGAGEMENT_DEFAULTS: CoEngagementOptions = {
  neighbours: 100,
  maxUserItems: 300,
  shrinkage: 5,
  maxSeeds: 50,
  seedHalfLifeHours: 24 * 7,
};

interface CoEngagementState {
  pins: string[];
  indptr: Int32Array;
  indices: Int32Array;
  sims: Float32Array;
}

export class CoEngagementChannel implements RecallChannel {
  readonly name = 'co-engagement';
  private pins: string[] = [];
  private pinIndex = new Map<string, number>();
  private indptr: Int32Array = new Int32Array(1);
  private indices: Int32Array = new Int32Array(0);
  private sims: Float32Array = new Float32Array(0);

  constructor(private readonly options: CoEngagementOptions) {}

  fit(data: Interactions, { onProgress }: FitOptions): void {
    const { neighbours, maxUserItems } = this.options;
    const { shrinkage } = this.options;
    const nItems = data.itemCount;
    // Positive interactions per user, most recent first, capped.
    const userItems: Int32Array[] = [];
    const itemCount = new Float64Array(nItems);
    const { indptr, indices, values } = data.byUser;
    for (let u = 0; u < data.userCount; u++) {
      const ks: number[] = [];
      for (let k = indptr[u]!; k < indptr[u + 1]!; k++) if (values[k]! > 0) ks.push(k);
      ks.sort((a, b) => data.lastTime[b]! - data.lastTime[a]!);
      const items = Int32Array.from(ks.slice(0, maxUserItems), (k) => indices[k]!);
      userItems.push(items);
      for (const i of items) itemCount[i]!++;
    }
    // Items -> users over the capped positives.
    const itemUsersPtr = new Int32Array(nItems + 1);
    for (const items of userItems) for (const i of items) itemUsersPtr[i + 1]!++;
    for (let i = 0; i < nItems; i++) itemUsersPtr[i + 1]! += itemUsersPtr[i]!;
    const fill = itemUsersPtr.slice(0, nItems);
    const itemUsers = new Int32Array(itemUsersPtr[nItems]!);
    userItems.forEach((items, u) => {
      for (const i of items) itemUsers[fill[i]!++] = u;
    });

    const co = new Float32Array(nItems);
    const touched = new Int32Array(nItems);
    const outPtr = new Int32Array(nItems + 1);
    const outIdx: number[] = [];
    const outSim: number[] = [];
    const scored: { j: number; s: number }[] = [];
    for (let i = 0; i < nItems; i++) {
      let nTouched = 0;
      for (let k = itemUsersPtr[i]!; k < itemUsersPtr[i + 1]!; k++) {
        for (const j of userItems[itemUsers[k]!]!) {
          if (j === i) continue;
          if (co[j] === 0) touched[nTouched++] = j;
          co[j]! += 1;
        }
      }
      scored.length = 0;
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        const c = co[j]!;
        co[j] = 0;
        const cosine = c / Math.sqrt(itemCount[i]! * itemCount[j]!);
        scored.push({ j, s: (cosine * c) / (c + shrinkage) });
      }
      scored.sort((a, b) => b.s - a.s);
      for (let t = 0; t < Math.min(neighbours, scored.length); t++) {
        outIdx.push(scored[t]!.j);
        outSim.push(scored[t]!.s);
      }
      outPtr[i + 1] = outIdx.length;
      if (onProgress && (i % 1000 === 999 || i === nItems - 1)) onProgress(i + 1, nItems);
    }
    this.setState({
      pins: [...data.items.toArray()],
      indptr: outPtr,
      indices: Int32Array.from(outIdx),
      sims: Float32Array.from(outSim),
    });
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const { maxSeeds } = this.options;
    const decayPerMs = Math.LN2 / (this.options.seedHalfLifeHours * 3600_000);
    const scores = new Map<number, { score: number; best: number; seed: string }>();
    const seeds = new Set<number>();
    let used = 0;
    for (const h of context.history) {
      if (used >= maxSeeds) break;
      if (h.weight <= 0) continue;
      const i = this.pinIndex.get(h.pinId);
      if (i === undefined) continue;
      used++;
      seeds.add(i);
      const seedWeight = Math.log1p(h.weight) * Math.exp(-decayPerMs * Math.max(0, context.now - h.timestamp));
      for (let k = this.indptr[i]!; k < this.indptr[i + 1]!; k++) {
        const j = this.indices[k]!;
        const contribution = seedWeight * this.sims[k]!;
        const entry = scores.get(j);
        if (!entry) scores.set(j, { score: contribution, best: contribution, seed: h.pinId });
        else {
          entry.score += contribution;
          if (contribution > entry.best) {
            entry.best = contribution;
            entry.seed = h.pinId;
          }
        }
      }
    }
    const out: ChannelCandidate[] = [];
    for (const [j, e] of scores) {
      const pinId = this.pins[j]!;
      if (seeds.has(j) || context.exclude.has(pinId)) continue;
      out.push({ pinId, score: e.score, seedPinId: e.seed });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, n);
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const i = this.pinIndex.get(pinId);
    if (i === undefined) return [];
    const out: ChannelCandidate[] = [];
    for (let k = this.indptr[i]!; k < this.indptr[i + 1]! && out.length < n; k++) {
      out.push({ pinId: this.pins[this.indices[k]!]!, score: this.sims[k]!, seedPinId: pinId });
    }
    return out;
  }

  save(): CoEngagementState {
    return { pins: this.pins, indptr: this.indptr, indices: this.indices, sims: this.sims };
  }

  load(state: unknown): void {
    this.setState(state as CoEngagementState);
  }

  private setState(s: CoEngagementState): void {
    this.pins = s.pins;
    this.pinIndex = new Map(s.pins.map((p, i) => [p, i]));
    this.indptr = s.indptr;
    this.indices = s.indices;
    this.sims = s.sims;
  }
}
