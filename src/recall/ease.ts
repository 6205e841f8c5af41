/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"):
 * a pin-pin weight matrix B with a zero diagonal that reconstructs each
 * user's row from the rest of it, in closed form:
 *   P = (XᵀX + λI)⁻¹,  B = I − P·diagMat(1 / diag(P)),  i.e. B_ij = −P_ij / P_jj.
 * Recall scores x_u·B over the user's history. With `dropout` > 0 the
 * penalty also grows with each pin's popularity, as in EDLAE (Steck 2020,
 * "Autoencoders that don't overfit towards the identity", full-rank form):
 *   P = (XᵀX + λI + dropout/(1 − dropout)·diagMat(diag(XᵀX)))⁻¹.
 *
 * The inversion is dense: m pins cost 12·m² bytes while fitting (the Gram
 * matrix in Float64, then B in Float32; B alone is kept) and about m³/2
 * multiply-adds. So the model covers at most `maxItems` pins, the most
 * engaged ones: the rest can neither be recalled nor count as history, and
 * `coverage` says how many were kept of how many.
 */
import { Type, type Static } from 'typebox';
import { invertSpd } from '../math/dense.js';
import type { Interactions } from './interactions.js';
import { gramLower, mostPopularItems, transformValue } from './mf/gram.js';
import { topK } from './mf/top-k.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const EaseOptions = Type.Object(
  {
    lambda: Type.Number({ exclusiveMinimum: 0, description: 'L2 penalty on B: added to the diagonal of XᵀX.' }),
    maxItems: Type.Integer({
      minimum: 1,
      maximum: 30_000,
      description: 'Only the this-many most engaged pins are modelled (memory 12·m² bytes while fitting, time ∝ m³).',
    }),
    dropout: Type.Number({
      minimum: 0,
      maximum: 0.9,
      description:
        'Denoising as in EDLAE (Steck 2020, full rank): each diagonal entry of XᵀX also gains dropout/(1 − dropout) times itself, a penalty growing with the pin\'s popularity; 0 is plain EASE.',
    }),
    values: Type.Union([Type.Literal('binary'), Type.Literal('weight'), Type.Literal('log1p')], {
      description: "An interaction's entry in X: 1 when its weight is positive, the weight, or ln(1 + weight).",
    }),
  },
  { additionalProperties: false },
);
export type EaseOptions = Static<typeof EaseOptions>;
export const EASE_DEFAULTS: EaseOptions = { lambda: 1000, dropout: 0, maxItems: 8000, values: 'binary' };

interface EaseState {
  /** The modelled pins; B is pins.length². */
  pins: string[];
  /** Pins in the training catalogue, modelled or not. */
  totalPins: number;
  /** Row-major: B[h·m + j] is how much engaging pin h raises pin j. */
  weights: Float32Array;
}

export class EaseChannel implements RecallChannel {
  readonly name = 'ease';
  private pins: string[] = [];
  private pinIndex = new Map<string, number>();
  private totalPins = 0;
  private weights: Float32Array = new Float32Array(0);

  constructor(private readonly options: EaseOptions) {}

  /** How many pins the model covers, of the training catalogue. */
  get coverage(): { pins: number; of: number } {
    return { pins: this.pins.length, of: this.totalPins };
  }

  fit(data: Interactions, { onProgress }: FitOptions): void {
    const { lambda, dropout, maxItems, values } = this.options;
    const kept = mostPopularItems(data.byUser, maxItems);
    const m = kept.length;
    const p = gramLower(data.byUser, kept, values);
    const emphasis = dropout / (1 - dropout);
    for (let i = 0; i < m; i++) p[i * m + i]! += lambda + emphasis * p[i * m + i]!;
    invertSpd(p, m, onProgress);
    const b = new Float32Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) if (i !== j) b[i * m + j] = -p[i * m + j]! / p[j * m + j]!;
    }
    this.setState({ pins: Array.from(kept, (i) => data.items.id(i)), totalPins: data.itemCount, weights: b });
  }

  /**
   * Σ_h x_h·B[h][j] over the user's modelled history pins h; each candidate's
   * seed is the history pin that contributed most to it.
   */
  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const m = this.pins.length;
    const B = this.weights;
    const scores = new Float64Array(m);
    const best = new Float64Array(m).fill(-Infinity);
    const seed = new Int32Array(m).fill(-1);
    const excluded = new Uint8Array(m);
    let used = 0;
    for (const h of context.history) {
      const i = this.pinIndex.get(h.pinId);
      if (i === undefined) continue;
      excluded[i] = 1;
      const x = transformValue(h.weight, this.options.values);
      if (x === 0) continue;
      used++;
      const row = i * m;
      for (let j = 0; j < m; j++) {
        const c = x * B[row + j]!;
        scores[j]! += c;
        if (c > best[j]!) {
          best[j] = c;
          seed[j] = i;
        }
      }
    }
    if (used === 0) return [];
    for (const pinId of context.exclude) {
      const i = this.pinIndex.get(pinId);
      if (i !== undefined) excluded[i] = 1;
    }
    return Array.from(topK(scores, n, excluded), (j) => ({
      pinId: this.pins[j]!,
      score: scores[j]!,
      seedPinId: this.pins[seed[j]!]!,
    }));
  }

  /** Pins ranked by the pin's column of B: those that, engaged, most raise the pin's own score. */
  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const i = this.pinIndex.get(pinId);
    if (i === undefined) return [];
    const m = this.pins.length;
    const scores = new Float64Array(m);
    for (let h = 0; h < m; h++) scores[h] = this.weights[h * m + i]!;
    const excluded = new Uint8Array(m);
    excluded[i] = 1;
    return Array.from(topK(scores, n, excluded), (h) => ({ pinId: this.pins[h]!, score: scores[h]!, seedPinId: pinId }));
  }

  save(): EaseState {
    return { pins: this.pins, totalPins: this.totalPins, weights: this.weights };
  }

  load(state: unknown): void {
    const s = state as EaseState;
    if (s.weights.length !== s.pins.length * s.pins.length) {
      throw new Error(`ease: saved state is inconsistent (${s.weights.length} weights for ${s.pins.length} pins)`);
    }
    this.setState(s);
  }

  private setState(s: EaseState): void {
    this.pins = s.pins;
    this.pinIndex = new Map(s.pins.map((p, i) => [p, i]));
    this.totalPins = s.totalPins;
    this.weights = s.weights;
  }
}
