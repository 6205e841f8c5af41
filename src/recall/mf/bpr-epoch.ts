/**
 * One epoch of BPR (Rendle et al. 2009): as many (user, positive, negative)
 * triples as there are positive pairs, each pushing the positive's score
 * above the negative's by ascending ln σ(x_uij) − λ‖θ‖², with
 * x_uij = b_i − b_j + p_u·(q_i − q_j). The loops run on the model's
 * Float32Arrays and allocate nothing per triple.
 */
import type { Random } from '../../math/random.js';
import type { NegativeSampler } from './negative-sampler.js';
import { containsSorted, type Positives } from './positives.js';

export interface BprParameters {
  factors: number;
  /** Users × factors, row-major. */
  users: Float32Array;
  /** Pins × factors, row-major. */
  items: Float32Array;
  itemBias: Float32Array;
}

export interface EpochSettings {
  learningRate: number;
  regularization: number;
  itemBias: boolean;
}

export interface EpochResult {
  /** Mean −ln σ(x_uij) over the triples, before their updates. */
  loss: number;
  /** Share of triples already ranked right (x_uij > 0) before their updates: the sampled training AUC. */
  auc: number;
  triples: number;
  /** Draws dropped because no negative was found in a few tries (users who engaged almost every pin). */
  skipped: number;
}

/** Adam's moment estimates, one per parameter, and the step count for bias correction. */
export interface AdamMoments {
  users: { m: Float32Array; v: Float32Array };
  items: { m: Float32Array; v: Float32Array };
  itemBias: { m: Float32Array; v: Float32Array };
  step: number;
}

const NEGATIVE_TRIES = 8;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function adamMoments(p: BprParameters): AdamMoments {
  const pair = (a: Float32Array) => ({ m: new Float32Array(a.length), v: new Float32Array(a.length) });
  return { users: pair(p.users), items: pair(p.items), itemBias: pair(p.itemBias), step: 0 };
}

function adamStep(w: Float32Array, m: Float32Array, v: Float32Array, k: number, g: number, rate: number): void {
  const mk = (m[k] = BETA1 * m[k]! + (1 - BETA1) * g);
  const vk = (v[k] = BETA2 * v[k]! + (1 - BETA2) * g * g);
  w[k] = w[k]! - (rate * mk) / (Math.sqrt(vk) + EPSILON);
}

/** A negative for row u, or −1 when a few draws all hit the user's positives. */
function negativeFor(positives: Positives, u: number, sampler: NegativeSampler, random: Random): number {
  const from = positives.rowPtr[u]!;
  const to = positives.rowPtr[u + 1]!;
  for (let t = 0; t < NEGATIVE_TRIES; t++) {
    const j = sampler.draw(random);
    if (!containsSorted(positives.items, from, to, j)) return j;
  }
  return -1;
}

/** Plain SGD: every parameter moves by learningRate × its gradient. */
export function sgdEpoch(p: BprParameters, positives: Positives, sampler: NegativeSampler, random: Random, s: EpochSettings): EpochResult {
  const { factors: d, users: U, items: V, itemBias: bias } = p;
  const { learningRate: lr, regularization: reg } = s;
  const shrink = 1 - lr * reg;
  const useBias = s.itemBias;
  const { items: posItems, entryUser } = positives;
  const entries = posItems.length;
  let loss = 0;
  let correct = 0;
  let skipped = 0;
  for (let t = 0; t < entries; t++) {
    const e = Math.floor(random.float() * entries);
    const u = entryUser[e]!;
    const i = posItems[e]!;
    const j = negativeFor(positives, u, sampler, random);
    if (j < 0) {
      skipped++;
      continue;
    }
    const pu = u * d;
    const qi = i * d;
    const qj = j * d;
    let x = useBias ? bias[i]! - bias[j]! : 0;
    for (let f = 0; f < d; f++) x += U[pu + f]! * (V[qi + f]! - V[qj + f]!);
    // σ(−x) and −ln σ(x) from one exp, stable for either sign of x.
    const ex = Math.exp(-Math.abs(x));
    const z = x >= 0 ? ex / (1 + ex) : 1 / (1 + ex);
    loss += Math.log1p(ex) + (x < 0 ? -x : 0);
    if (x > 0) correct++;
    // θ ← θ + lr·(z·∂x/∂θ − reg·θ), written as shrink·θ + step·∂x/∂θ.
    const step = lr * z;
    for (let f = 0; f < d; f++) {
      const uf = U[pu + f]!;
      const vi = V[qi + f]!;
      const vj = V[qj + f]!;
      U[pu + f] = shrink * uf + step * (vi - vj);
      V[qi + f] = shrink * vi + step * uf;
      V[qj + f] = shrink * vj - step * uf;
    }
    if (useBias) {
      bias[i] = shrink * bias[i]! + step;
      bias[j] = shrink * bias[j]! - step;
    }
  }
  const triples = entries - skipped;
  return { loss: triples ? loss / triples : 0, auc: triples ? correct / triples : 0, triples, skipped };
}

/**
 * Adam on the same objective, lazily: only the rows a triple touches move,
 * with their own moment estimates and a global step for bias correction.
 */
export function adamEpoch(
  p: BprParameters,
  moments: AdamMoments,
  positives: Positives,
  sampler: NegativeSampler,
  random: Random,
  s: EpochSettings,
): EpochResult {
  const { factors: d, users: U, items: V, itemBias: bias } = p;
  const { m: mU, v: vU } = moments.users;
  const { m: mV, v: vV } = moments.items;
  const { m: mB, v: vB } = moments.itemBias;
  const { learningRate: lr, regularization: reg } = s;
  const useBias = s.itemBias;
  const { items: posItems, entryUser } = positives;
  const entries = posItems.length;
  let loss = 0;
  let correct = 0;
  let skipped = 0;
  let step = moments.step;
  for (let t = 0; t < entries; t++) {
    const e = Math.floor(random.float() * entries);
    const u = entryUser[e]!;
    const i = posItems[e]!;
    const j = negativeFor(positives, u, sampler, random);
    if (j < 0) {
      skipped++;
      continue;
    }
    step++;
    const rate = (lr * Math.sqrt(1 - BETA2 ** step)) / (1 - BETA1 ** step);
    const pu = u * d;
    const qi = i * d;
    const qj = j * d;
    let x = useBias ? bias[i]! - bias[j]! : 0;
    for (let f = 0; f < d; f++) x += U[pu + f]! * (V[qi + f]! - V[qj + f]!);
    const ex = Math.exp(-Math.abs(x));
    const z = x >= 0 ? ex / (1 + ex) : 1 / (1 + ex);
    loss += Math.log1p(ex) + (x < 0 ? -x : 0);
    if (x > 0) correct++;
    for (let f = 0; f < d; f++) {
      const uf = U[pu + f]!;
      const vi = V[qi + f]!;
      const vj = V[qj + f]!;
      // The loss's gradients (for descent); uf, vi, vj are read before any of them moves.
      adamStep(U, mU, vU, pu + f, reg * uf - z * (vi - vj), rate);
      adamStep(V, mV, vV, qi + f, reg * vi - z * uf, rate);
      adamStep(V, mV, vV, qj + f, reg * vj + z * uf, rate);
    }
    if (useBias) {
      adamStep(bias, mB, vB, i, reg * bias[i]! - z, rate);
      adamStep(bias, mB, vB, j, reg * bias[j]! + z, rate);
    }
  }
  moments.step = step;
  const triples = entries - skipped;
  return { loss: triples ? loss / triples : 0, auc: triples ? correct / triples : 0, triples, skipped };
}
