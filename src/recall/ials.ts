/**
 * iALS: matrix factorisation of implicit feedback by alternating least
 * squares (Hu, Koren & Volinsky 2008), solved with a few conjugate-gradient
 * steps per row (Takács et al. 2011) as benfred/implicit does, trained in
 * parallel on worker threads. Recall places the user from their history
 * (a fold-in against the item factors) and ranks every pin by dot product.
 * Training: src/recall/ials/train.ts; recall-time maths: ials/item-space.ts.
 */
import { Type, type Static } from 'typebox';
import type { Interactions } from './interactions.js';
import { ItemSpace, type FoldInEntry } from './ials/item-space.js';
import { topN } from './ials/top-n.js';
import { defaultThreads, trainIals, type TrainedFactors } from './ials/train.js';
import type { ChannelCandidate, EmbeddingModel, FitOptions, HistoryItem, RecallChannel, RecallContext } from './types.js';

export const IalsOptions = Type.Object(
  {
    factors: Type.Integer({ minimum: 1, maximum: 1024, description: 'Dimensions of the user and pin factors.' }),
    iterations: Type.Integer({ minimum: 1, maximum: 1000, description: 'Alternating passes over users then pins.' }),
    alpha: Type.Number({ minimum: 0, description: 'Confidence of an interaction: 1 + alpha · |weight|.' }),
    regularization: Type.Number({ minimum: 0, description: 'λ: L2 penalty on every factor row.' }),
    regularizationExponent: Type.Number({
      minimum: 0,
      maximum: 2,
      description: "ν: a row's penalty is λ · (its total confidence)^ν (frequency-scaled); 0 gives plain λ.",
    }),
    cgSteps: Type.Integer({ minimum: 1, maximum: 100, description: 'Conjugate-gradient steps per row and half-iteration.' }),
    seed: Type.Integer({ minimum: 0, description: 'Seed of the factor initialisation.' }),
    threads: Type.Integer({ minimum: 0, maximum: 256, description: 'Training threads; 0 = one per CPU, 1 = no workers.' }),
    computeLoss: Type.Boolean({ description: 'Report the training loss after each iteration (about a fifth of an iteration more).' }),
  },
  { additionalProperties: false },
);
export type IalsOptions = Static<typeof IalsOptions>;
export const IALS_DEFAULTS: IalsOptions = {
  factors: 64,
  iterations: 15,
  alpha: 10,
  regularization: 0.1,
  regularizationExponent: 0,
  cgSteps: 3,
  seed: 42,
  threads: 0,
  computeLoss: false,
};

interface IalsState {
  factors: number;
  alpha: number;
  regularization: number;
  regularizationExponent: number;
  pins: string[];
  itemFactors: Float32Array;
  users: string[];
  userFactors: Float32Array;
}

function checkState(state: unknown): IalsState {
  const s = state as Partial<IalsState> | null;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    Number.isInteger(s.factors) &&
    Array.isArray(s.pins) &&
    Array.isArray(s.users) &&
    s.itemFactors instanceof Float32Array &&
    s.userFactors instanceof Float32Array &&
    typeof s.alpha === 'number' &&
    typeof s.regularization === 'number' &&
    typeof s.regularizationExponent === 'number' &&
    s.itemFactors.length === s.pins.length * s.factors! &&
    s.userFactors.length === s.users.length * s.factors!;
  if (!ok) throw new TypeError('ials: saved state is malformed (expected factors, pins, users and matching Float32Array factor matrices)');
  return s as IalsState;
}

export class IalsChannel implements RecallChannel, EmbeddingModel {
  readonly name = 'ials';
  private state: IalsState | undefined;
  private space: ItemSpace | undefined;
  private pinIndex = new Map<string, number>();

  constructor(private readonly options: IalsOptions) {}

  get dimensions(): number {
    return this.state?.factors ?? this.options.factors;
  }

  async fit(data: Interactions, { onProgress, onEpoch }: FitOptions): Promise<void> {
    const o = this.options;
    const threads = o.threads === 0 ? defaultThreads() : o.threads;
    const stateOf = (factors: Pick<TrainedFactors, 'itemFactors' | 'userFactors'>): IalsState => ({
      factors: o.factors,
      alpha: o.alpha,
      regularization: o.regularization,
      regularizationExponent: o.regularizationExponent,
      pins: [...data.items.toArray()],
      itemFactors: factors.itemFactors,
      users: [...data.users.toArray()],
      userFactors: factors.userFactors,
    });
    const trained = await trainIals(
      { users: data.userCount, items: data.itemCount, byUser: data.byUser, byItem: data.byItem },
      { ...o, threads },
      ({ iteration, seconds, loss }, current) => {
        // While onEpoch runs, the channel recalls with this iteration's factors (validation curves, pruning).
        if (onEpoch) this.setState(stateOf(current()));
        onEpoch?.(iteration, loss === undefined ? { seconds } : { seconds, loss });
        onProgress?.(iteration, o.iterations);
      },
    );
    this.setState(stateOf(trained));
  }

  /** The user's history as fold-in entries over known pins. */
  private entries(history: readonly HistoryItem[]): FoldInEntry[] {
    const out: FoldInEntry[] = [];
    for (const h of history) {
      const index = this.pinIndex.get(h.pinId);
      if (index !== undefined) out.push({ index, weight: h.weight });
    }
    return out;
  }

  userEmbedding(context: RecallContext): Float32Array | undefined {
    return this.space?.foldIn(this.entries(context.history));
  }

  pinEmbeddings(): { ids: readonly string[]; vectors: Float32Array } {
    return { ids: this.state?.pins ?? [], vectors: this.state?.itemFactors ?? new Float32Array(0) };
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const space = this.space;
    const x = this.userEmbedding(context);
    if (!space || !x) return [];
    const skip = new Uint8Array(space.itemCount);
    for (const h of context.history) this.flag(skip, h.pinId);
    for (const pinId of context.exclude) this.flag(skip, pinId);
    return this.candidates(space.scores(x), n, skip);
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const i = this.pinIndex.get(pinId);
    if (!this.space || i === undefined) return [];
    const skip = new Uint8Array(this.space.itemCount);
    skip[i] = 1;
    return this.candidates(this.space.cosines(i), n, skip).map((c) => ({ ...c, seedPinId: pinId }));
  }

  private flag(skip: Uint8Array, pinId: string): void {
    const i = this.pinIndex.get(pinId);
    if (i !== undefined) skip[i] = 1;
  }

  private candidates(scores: Float32Array, n: number, skip: Uint8Array): ChannelCandidate[] {
    const pins = this.state!.pins;
    const best = topN(scores, n, skip);
    return Array.from(best.indices, (i, k) => ({ pinId: pins[i]!, score: best.scores[k]! }));
  }

  save(): IalsState | null {
    return this.state ?? null;
  }

  load(state: unknown): void {
    this.setState(checkState(state));
  }

  private setState(s: IalsState): void {
    this.state = s;
    this.pinIndex = new Map(s.pins.map((p, i) => [p, i]));
    this.space = new ItemSpace(s.factors, s.itemFactors, s);
  }
}
