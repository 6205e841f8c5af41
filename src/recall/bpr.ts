/**
 * BPR: matrix factorisation trained for pairwise ranking (Bayesian
 * Personalised Ranking, Rendle et al. 2009) on positive interactions with
 * sampled negatives. A user's score for pin j is b_j + p_u·q_j.
 *
 * Users seen in training use their trained vector. Anyone else is folded in
 * from their history with the pin factors held fixed: p starts at the mean of
 * their engaged pins' factors and takes `foldInEpochs` passes of BPR-SGD over
 * those pins, each against one uniform negative, from a generator seeded by
 * the user id (so the same history gives the same recall).
 */
import { Type, type Static } from 'typebox';
import { Random, fnv1a } from '../math/random.js';
import type { Interactions } from './interactions.js';
import { adamEpoch, adamMoments, sgdEpoch, type BprParameters, type EpochSettings } from './mf/bpr-epoch.js';
import { popularitySampler, uniformSampler } from './mf/negative-sampler.js';
import { containsSorted, positivesOf } from './mf/positives.js';
import { topK } from './mf/top-k.js';
import type { ChannelCandidate, EmbeddingModel, FitOptions, RecallChannel, RecallContext } from './types.js';

export const BprOptions = Type.Object(
  {
    factors: Type.Integer({ minimum: 1, maximum: 1024, description: 'Latent dimensions.' }),
    epochs: Type.Integer({ minimum: 0, description: 'Passes; each draws as many triples as there are positive pairs.' }),
    optimizer: Type.Union([Type.Literal('sgd'), Type.Literal('adam')], { description: 'Plain SGD or (lazy) Adam.' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, description: 'Step size of the first epoch.' }),
    learningRateDecay: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'The step size is multiplied by this after every epoch.' }),
    regularization: Type.Number({ minimum: 0, description: 'L2 penalty on user and pin factors and pin biases.' }),
    itemBias: Type.Boolean({ description: 'Learn a per-pin bias (a popularity term) besides the factors.' }),
    negativeSampling: Type.Union([Type.Literal('uniform'), Type.Literal('popularity')], {
      description: 'Negatives drawn uniformly over pins, or in proportion to popularity^popularityExponent.',
    }),
    popularityExponent: Type.Number({ minimum: 0, maximum: 2, description: 'Only for popularity sampling.' }),
    initScale: Type.Number({ exclusiveMinimum: 0, description: 'Standard deviation of the initial factors.' }),
    foldInEpochs: Type.Integer({ minimum: 0, maximum: 1000, description: 'SGD passes over the history of users not seen in training.' }),
    seed: Type.Integer({ description: 'Seeds initialisation and sampling: the same data and seed train the same model.' }),
  },
  { additionalProperties: false },
);
export type BprOptions = Static<typeof BprOptions>;
export const BPR_DEFAULTS: BprOptions = {
  factors: 64,
  epochs: 40,
  optimizer: 'sgd',
  learningRate: 0.05,
  learningRateDecay: 0.95,
  regularization: 0.002,
  itemBias: true,
  negativeSampling: 'uniform',
  popularityExponent: 0.75,
  initScale: 0.1,
  foldInEpochs: 10,
  seed: 42,
};

interface BprState {
  factors: number;
  /** Users with trained vectors (those with a positive interaction in training). */
  users: string[];
  pins: string[];
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBias: Float32Array;
}

const NEGATIVE_TRIES = 8;

export class BprChannel implements RecallChannel, EmbeddingModel {
  readonly name = 'bpr';
  private factors = 0;
  private users: string[] = [];
  private userIndex = new Map<string, number>();
  private pins: string[] = [];
  private pinIndex = new Map<string, number>();
  private userFactors: Float32Array = new Float32Array(0);
  private itemFactors: Float32Array = new Float32Array(0);
  private itemBias: Float32Array = new Float32Array(0);
  private itemNorms: Float32Array = new Float32Array(0);
  private embeddings: Float32Array | undefined;

  constructor(private readonly options: BprOptions) {}

  get dimensions(): number {
    return this.factors + 1;
  }

  fit(data: Interactions, { onEpoch, onProgress }: FitOptions): void {
    const o = this.options;
    const positives = positivesOf(data);
    const random = new Random(o.seed);
    const d = o.factors;
    const init = (rows: number) => Float32Array.from({ length: rows * d }, () => random.normal(0, o.initScale));
    const params: BprParameters = {
      factors: d,
      users: init(positives.userIds.length),
      items: init(data.itemCount),
      itemBias: new Float32Array(data.itemCount),
    };
    const sampler =
      o.negativeSampling === 'uniform' || positives.items.length === 0
        ? uniformSampler(data.itemCount)
        : popularitySampler(positives.itemCounts, o.popularityExponent);
    const moments = o.optimizer === 'adam' ? adamMoments(params) : undefined;
    const trainedState = (): BprState => ({
      factors: d,
      users: positives.userIds,
      pins: [...data.items.toArray()],
      userFactors: params.users,
      itemFactors: params.items,
      itemBias: params.itemBias,
    });
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const started = performance.now();
      const settings: EpochSettings = {
        learningRate: o.learningRate * o.learningRateDecay ** epoch,
        regularization: o.regularization,
        itemBias: o.itemBias,
      };
      const r = moments
        ? adamEpoch(params, moments, positives, sampler, random, settings)
        : sgdEpoch(params, positives, sampler, random, settings);
      const seconds = (performance.now() - started) / 1000;
      // While onEpoch runs, the channel recalls with this epoch's parameters (validation curves, pruning).
      if (onEpoch) this.setState(trainedState());
      onEpoch?.(epoch + 1, { loss: r.loss, auc: r.auc, seconds, learningRate: settings.learningRate, skipped: r.skipped });
      onProgress?.(epoch + 1, o.epochs);
    }
    this.setState(trainedState());
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const user = this.userVector(context);
    if (!user) return [];
    const scores = this.scoreAll(user);
    const excluded = new Uint8Array(this.pins.length);
    for (const h of context.history) this.mark(excluded, h.pinId);
    for (const pinId of context.exclude) this.mark(excluded, pinId);
    return Array.from(topK(scores, n, excluded), (i) => ({ pinId: this.pins[i]!, score: scores[i]! }));
  }

  /** Pins whose factors have the highest cosine with the pin's. */
  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const i = this.pinIndex.get(pinId);
    if (i === undefined) return [];
    const d = this.factors;
    const V = this.itemFactors;
    const scores = new Float64Array(this.pins.length);
    const qi = i * d;
    for (let j = 0; j < this.pins.length; j++) {
      let dot = 0;
      for (let f = 0; f < d; f++) dot += V[qi + f]! * V[j * d + f]!;
      const norms = this.itemNorms[i]! * this.itemNorms[j]!;
      scores[j] = norms > 0 ? dot / norms : 0;
    }
    const excluded = new Uint8Array(this.pins.length);
    excluded[i] = 1;
    return Array.from(topK(scores, n, excluded), (j) => ({ pinId: this.pins[j]!, score: scores[j]!, seedPinId: pinId }));
  }

  /** Pin j's vector is [q_j, b_j], so that its inner product with a user embedding is the BPR score. */
  pinEmbeddings(): { ids: readonly string[]; vectors: Float32Array } {
    if (!this.embeddings) {
      const d = this.factors;
      const out = new Float32Array(this.pins.length * (d + 1));
      for (let j = 0; j < this.pins.length; j++) {
        out.set(this.itemFactors.subarray(j * d, (j + 1) * d), j * (d + 1));
        out[j * (d + 1) + d] = this.itemBias[j]!;
      }
      this.embeddings = out;
    }
    return { ids: this.pins, vectors: this.embeddings };
  }

  /** [p_u, 1]: the trained or folded-in user vector, and 1 to pick up the pin bias. */
  userEmbedding(context: RecallContext): Float32Array | undefined {
    const user = this.userVector(context);
    if (!user) return undefined;
    const out = new Float32Array(this.factors + 1);
    out.set(user);
    out[this.factors] = 1;
    return out;
  }

  save(): BprState {
    return {
      factors: this.factors,
      users: this.users,
      pins: this.pins,
      userFactors: this.userFactors,
      itemFactors: this.itemFactors,
      itemBias: this.itemBias,
    };
  }

  load(state: unknown): void {
    const s = state as BprState;
    const d = s.factors;
    if (
      !Number.isInteger(d) ||
      s.userFactors.length !== s.users.length * d ||
      s.itemFactors.length !== s.pins.length * d ||
      s.itemBias.length !== s.pins.length
    ) {
      throw new Error('bpr: saved state is inconsistent (factor arrays do not match the user and pin counts)');
    }
    this.setState(s);
  }

  private setState(s: BprState): void {
    this.factors = s.factors;
    this.users = s.users;
    this.userIndex = new Map(s.users.map((u, i) => [u, i]));
    this.pins = s.pins;
    this.pinIndex = new Map(s.pins.map((p, i) => [p, i]));
    this.userFactors = s.userFactors;
    this.itemFactors = s.itemFactors;
    this.itemBias = s.itemBias;
    this.embeddings = undefined;
    const d = s.factors;
    this.itemNorms = new Float32Array(s.pins.length);
    for (let j = 0; j < s.pins.length; j++) {
      let sq = 0;
      for (let f = 0; f < d; f++) sq += s.itemFactors[j * d + f]! ** 2;
      this.itemNorms[j] = Math.sqrt(sq);
    }
  }

  private mark(excluded: Uint8Array, pinId: string): void {
    const i = this.pinIndex.get(pinId);
    if (i !== undefined) excluded[i] = 1;
  }

  /** b_j + p·q_j for every pin. */
  private scoreAll(user: Float32Array): Float64Array {
    const d = this.factors;
    const V = this.itemFactors;
    const scores = new Float64Array(this.pins.length);
    for (let j = 0; j < scores.length; j++) {
      let s = this.itemBias[j]!;
      const q = j * d;
      for (let f = 0; f < d; f++) s += user[f]! * V[q + f]!;
      scores[j] = s;
    }
    return scores;
  }

  private userVector(context: RecallContext): Float32Array | undefined {
    const u = this.userIndex.get(context.userId);
    if (u !== undefined) return this.userFactors.subarray(u * this.factors, (u + 1) * this.factors);
    return this.foldIn(context);
  }

  private foldIn(context: RecallContext): Float32Array | undefined {
    const engaged = new Set<number>();
    for (const h of context.history) {
      const i = h.weight > 0 ? this.pinIndex.get(h.pinId) : undefined;
      if (i !== undefined) engaged.add(i);
    }
    if (engaged.size === 0) return undefined;
    const items = Int32Array.from(engaged).sort();
    const d = this.factors;
    const V = this.itemFactors;
    const bias = this.itemBias;
    const p = new Float64Array(d);
    for (const i of items) for (let f = 0; f < d; f++) p[f]! += V[i * d + f]! / items.length;
    const { learningRate: lr, regularization: reg, foldInEpochs, seed } = this.options;
    const random = new Random(fnv1a(`${seed}:${context.userId}`));
    for (let epoch = 0; epoch < foldInEpochs; epoch++) {
      for (const i of items) {
        let j = -1;
        for (let t = 0; t < NEGATIVE_TRIES && j < 0; t++) {
          const c = random.int(this.pins.length);
          if (!containsSorted(items, 0, items.length, c)) j = c;
        }
        if (j < 0) continue;
        let x = bias[i]! - bias[j]!;
        for (let f = 0; f < d; f++) x += p[f]! * (V[i * d + f]! - V[j * d + f]!);
        const z = 1 / (1 + Math.exp(x));
        for (let f = 0; f < d; f++) p[f] = p[f]! + lr * (z * (V[i * d + f]! - V[j * d + f]!) - reg * p[f]!);
      }
    }
    return Float32Array.from(p);
  }
}
