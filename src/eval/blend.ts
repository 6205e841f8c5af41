/**
 * The best blend: weighted score fusion of recall channels. Each channel's
 * list is normalised (by rank or min-max), the normalised scores are summed
 * with one weight per channel, and pins are ranked by the sum.
 *
 * Weights are chosen on validation data (searchBlendWeights: coordinate
 * ascent over a small grid, from the best single channel), then the
 * BlendChannel serves them through the ordinary evaluation loops. The search
 * and the channel normalise the same lists (same depth, same method), so what
 * was tuned is what is evaluated.
 */
import type { Interactions } from '../recall/interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from '../recall/types.js';
import { InputError } from '../wire/convert.js';
import { RankingAccumulator } from './accumulator.js';
import { progressReporter, recallChecked, userContext, type LoopOptions } from './context.js';
import type { SampledCase } from './evaluate-sampled.js';
import { checkK } from './metrics.js';

/**
 * - rank: 1 - r / depth for the pin at 0-based rank r of a list asked for
 *   `depth` pins (a Borda count: only the order matters);
 * - minmax: (score - min) / (max - min) over the list (1 when all are equal),
 *   which keeps how far apart the channel put its pins.
 * Pins not in a channel's list score 0 for it.
 */
export const NORMALISATIONS = ['rank', 'minmax'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

export interface BlendSpec {
  /** Weight per channel name; channels without a positive weight are not asked. */
  weights: Record<string, number>;
  normalisation: Normalisation;
  /** Each channel is asked for max(n, depth) pins. */
  depth: number;
}

/** Normalised score per pin of one list (best first), as NORMALISATIONS describes. */
export function normaliseList(list: readonly ChannelCandidate[], normalisation: Normalisation, depth: number): Map<string, number> {
  const out = new Map<string, number>();
  if (list.length === 0) return out;
  if (normalisation === 'rank') {
    const d = Math.max(depth, list.length);
    for (let r = 0; r < list.length; r++) if (!out.has(list[r]!.pinId)) out.set(list[r]!.pinId, 1 - r / d);
    return out;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const c of list) {
    min = Math.min(min, c.score);
    max = Math.max(max, c.score);
  }
  const span = max - min;
  for (const c of list) if (!out.has(c.pinId)) out.set(c.pinId, span > 0 && Number.isFinite(span) ? (c.score - min) / span : 1);
  return out;
}

function checkSpec(spec: BlendSpec, members: ReadonlyMap<string, RecallChannel>): void {
  checkK(spec.depth, 'blend.depth');
  if (!NORMALISATIONS.includes(spec.normalisation)) {
    throw new InputError('blend.normalisation', `must be one of ${NORMALISATIONS.join(', ')}, got "${spec.normalisation}"`);
  }
  for (const [name, weight] of Object.entries(spec.weights)) {
    if (!(weight >= 0 && Number.isFinite(weight))) throw new InputError(`blend.weights.${name}`, `must be a non-negative number, got ${weight}`);
    if (weight > 0 && !members.has(name)) throw new InputError(`blend.weights.${name}`, `no such channel among ${[...members.keys()].join(', ')}`);
  }
}

/**
 * The blend as a recall channel over already fitted channels: each member
 * with a positive weight is asked for max(n, depth) pins, and the pins are
 * ranked by the weighted sum of their normalised scores (ties keep the order
 * in which the members first returned them).
 */
export class BlendChannel implements RecallChannel {
  readonly name: string;
  private spec: BlendSpec;

  constructor(
    private readonly members: ReadonlyMap<string, RecallChannel>,
    spec: BlendSpec,
    name = 'blend',
  ) {
    checkSpec(spec, members);
    this.spec = spec;
    this.name = name;
  }

  /** The members are fitted on their own (fitChannels); the blend learns its weights from validation, not from `data`. */
  fit(_data: Interactions, _options: FitOptions): void {}

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const depth = Math.max(n, this.spec.depth);
    const fused = new Map<string, number>();
    for (const [name, weight] of Object.entries(this.spec.weights)) {
      if (!(weight > 0)) continue;
      const scores = normaliseList(this.members.get(name)!.recall(context, depth), this.spec.normalisation, depth);
      for (const [pinId, s] of scores) fused.set(pinId, (fused.get(pinId) ?? 0) + weight * s);
    }
    const ranked = [...fused].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
    return ranked.slice(0, n).map(([pinId, score]) => ({ pinId, score }));
  }

  save(): BlendSpec {
    return { ...this.spec, weights: { ...this.spec.weights } };
  }

  load(state: unknown): void {
    const spec = state as BlendSpec;
    checkSpec(spec, this.members);
    this.spec = spec;
  }
}

/** One validation user (or sampled case) as the weight search sees it. */
export interface BlendCase {
  /** Candidates of the case. */
  size: number;
  /** Normalised score of candidate c for channel j at [j * size + c]. */
  scores: Float32Array;
  /** 1 where the candidate is relevant. */
  relevant: Uint8Array;
  /** The user's relevant pins in all, found among the candidates or not (the Recall denominator). */
  relevantCount: number;
}

export interface BlendCaseOptions {
  /** The candidates to rank (sampled protocols); default: every pin any channel returned. */
  candidates?: readonly string[];
  /** Default: the size of `relevant`. */
  relevantCount?: number;
}

/**
 * Gathers validation cases from the channels' lists, for every
 * normalisation at once (the lists are the expensive part and are not kept).
 */
export class BlendCases {
  private readonly byNormalisation = new Map<Normalisation, BlendCase[]>(NORMALISATIONS.map((n) => [n, []]));

  constructor(
    /** Channel names, in the order of the lists given to `add`. */
    readonly channels: readonly string[],
    /** The depth the lists were asked for (as BlendSpec.depth). */
    readonly depth: number,
  ) {
    if (channels.length === 0) throw new InputError('channels', 'a blend needs at least one channel');
    checkK(depth, 'depth');
  }

  get count(): number {
    return this.byNormalisation.get('rank')!.length;
  }

  add(lists: readonly (readonly ChannelCandidate[])[], relevant: ReadonlySet<string>, options: BlendCaseOptions = {}): void {
    if (lists.length !== this.channels.length) throw new InputError('lists', `expected ${this.channels.length} lists (one per channel), got ${lists.length}`);
    const relevantCount = options.relevantCount ?? relevant.size;
    if (relevantCount < 1) return;
    let candidates = options.candidates;
    if (!candidates) {
      const union = new Set<string>();
      for (const list of lists) for (const c of list) union.add(c.pinId);
      candidates = [...union];
    }
    const size = candidates.length;
    const flags = Uint8Array.from(candidates, (pinId) => (relevant.has(pinId) ? 1 : 0));
    for (const normalisation of NORMALISATIONS) {
      const scores = new Float32Array(this.channels.length * size);
      lists.forEach((list, j) => {
        const normalised = normaliseList(list, normalisation, this.depth);
        for (let c = 0; c < size; c++) scores[j * size + c] = normalised.get(candidates[c]!) ?? 0;
      });
      this.byNormalisation.get(normalisation)!.push({ size, scores, relevant: flags, relevantCount });
    }
  }

  cases(normalisation: Normalisation): readonly BlendCase[] {
    return this.byNormalisation.get(normalisation)!;
  }
}

/** "NDCG@10" → the accumulator's metric key and its K. */
function parseObjective(objective: string): { key: string; k: number } {
  const m = /^(HR|Precision|Recall|NDCG|MAP|MRR)@(\d+)$/.exec(objective);
  if (!m) throw new InputError('objective', `must be a ranking metric at a cut-off, like "NDCG@10", got "${objective}"`);
  const k = Number(m[2]);
  checkK(k, 'objective');
  return { key: objective, k };
}

/**
 * The mean objective over the cases for given weights. Each case ranks its
 * candidates by fused score; ties go against relevant candidates, and a
 * candidate with fused score 0 is not recommended at all (the blend channel
 * drops it), as the evaluation loops treat candidates a channel did not return.
 */
export function blendObjective(cases: readonly BlendCase[], weights: ArrayLike<number>, objective: string): number {
  const { key, k } = parseObjective(objective);
  const ranking = new RankingAccumulator([k]);
  const active: number[] = [];
  for (let j = 0; j < weights.length; j++) if (weights[j]! > 0) active.push(j);
  const topScore = new Float64Array(k);
  const topRelevant = new Uint8Array(k);
  for (const c of cases) {
    let filled = 0;
    for (let i = 0; i < c.size; i++) {
      let s = 0;
      for (const j of active) s += weights[j]! * c.scores[j * c.size + i]!;
      if (!(s > 0)) continue;
      const rel = c.relevant[i]!;
      // Insert into the top k, kept sorted by score, irrelevant before relevant at equal score.
      let at = filled;
      while (at > 0 && (topScore[at - 1]! < s || (topScore[at - 1] === s && topRelevant[at - 1]! > rel))) at--;
      if (at >= k) continue;
      for (let m = Math.min(filled, k - 1); m > at; m--) {
        topScore[m] = topScore[m - 1]!;
        topRelevant[m] = topRelevant[m - 1]!;
      }
      topScore[at] = s;
      topRelevant[at] = rel;
      if (filled < k) filled++;
    }
    ranking.add(topRelevant.subarray(0, filled), c.relevantCount);
  }
  return ranking.users === 0 ? 0 : ranking.result()[key]!;
}

export interface WeightSearchOptions {
  /** The ranking metric to maximise, e.g. "NDCG@10". */
  objective: string;
  /** Weights tried for each channel. Default 0, 0.1, 0.25, 0.5, 1, 2, 4. */
  grid?: readonly number[];
  /** Passes over the channels at most. Default 3. */
  rounds?: number;
}

export interface WeightSearchResult {
  weights: number[];
  /** The objective at `weights`. */
  value: number;
  /** The objective of each channel alone. */
  singles: number[];
  /** Weight vectors evaluated. */
  evaluations: number;
}

export const DEFAULT_WEIGHT_GRID: readonly number[] = [0, 0.1, 0.25, 0.5, 1, 2, 4];

/**
 * Coordinate ascent: start from the best single channel at weight 1, then
 * set one channel's weight at a time to the grid value that raises the
 * objective most, until a pass changes nothing. The result is never worse
 * on the cases than the best single channel.
 */
export function searchWeights(cases: readonly BlendCase[], channelCount: number, options: WeightSearchOptions): WeightSearchResult {
  const grid = options.grid ?? DEFAULT_WEIGHT_GRID;
  const rounds = options.rounds ?? 3;
  if (grid.length === 0 || grid.some((w) => !(w >= 0 && Number.isFinite(w)))) throw new InputError('grid', 'needs non-negative weights');
  parseObjective(options.objective);
  let evaluations = 0;
  const score = (w: ArrayLike<number>) => {
    evaluations++;
    return blendObjective(cases, w, options.objective);
  };
  const singles: number[] = [];
  for (let j = 0; j < channelCount; j++) {
    const w = new Float64Array(channelCount);
    w[j] = 1;
    singles.push(score(w));
  }
  let best = 0;
  for (let j = 1; j < channelCount; j++) if (singles[j]! > singles[best]!) best = j;
  const weights = new Float64Array(channelCount);
  weights[best] = 1;
  let value = singles[best]!;
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (let j = 0; j < channelCount; j++) {
      const current = weights[j]!;
      let bestWeight = current;
      for (const w of grid) {
        if (w === current) continue;
        weights[j] = w;
        if (weights.every((x) => x === 0)) continue;
        const v = score(weights);
        if (v > value + 1e-12) {
          value = v;
          bestWeight = w;
        }
      }
      weights[j] = bestWeight;
      if (bestWeight !== current) changed = true;
    }
    if (!changed) break;
  }
  return { weights: Array.from(weights), value, singles, evaluations };
}

export interface BlendChoice extends BlendSpec {
  /** The objective the weights maximise, and its value on the validation cases. */
  objective: string;
  validation: number;
  /** Each channel alone on the validation cases (with the chosen normalisation). */
  singles: Record<string, number>;
  /** Validation cases the weights were chosen on. */
  cases: number;
}

/** The best weights over every normalisation, as a blend spec. */
export function chooseBlend(cases: BlendCases, options: WeightSearchOptions): BlendChoice {
  let choice: BlendChoice | undefined;
  for (const normalisation of NORMALISATIONS) {
    const result = searchWeights(cases.cases(normalisation), cases.channels.length, options);
    if (choice && !(result.value > choice.validation)) continue;
    const byName = (values: readonly number[]) => Object.fromEntries(cases.channels.map((name, j) => [name, values[j]!]));
    choice = {
      weights: byName(result.weights),
      normalisation,
      depth: cases.depth,
      objective: options.objective,
      validation: result.value,
      singles: byName(result.singles),
      cases: cases.count,
    };
  }
  return choice!;
}

/** Each channel's list for every validation user with relevant pins, as BlendCases. */
export function collectFullRankingCases(
  channels: readonly RecallChannel[],
  train: Interactions,
  validation: ReadonlyMap<string, ReadonlySet<string>>,
  depth: number,
  options: Omit<LoopOptions, 'ks'>,
): BlendCases {
  const cases = new BlendCases(
    channels.map((c) => c.name),
    depth,
  );
  const progress = progressReporter(validation.size, options.onProgress);
  let done = 0;
  for (const [userId, pins] of validation) {
    const context = userContext(train, userId, { ...options, ks: [depth] });
    if (context) {
      const relevant = new Set([...pins].filter((pinId) => !context.exclude.has(pinId)));
      if (relevant.size > 0) cases.add(channels.map((c) => recallChecked(c, context, depth)), relevant);
    }
    progress(++done);
  }
  return cases;
}

/** Each channel's list for every sampled validation case, restricted to the case's candidates. */
export function collectSampledCases(
  channels: readonly RecallChannel[],
  train: Interactions,
  sampled: readonly SampledCase[],
  depth: number,
  options: Omit<LoopOptions, 'ks'>,
): BlendCases {
  const cases = new BlendCases(
    channels.map((c) => c.name),
    depth,
  );
  const progress = progressReporter(sampled.length, options.onProgress);
  let done = 0;
  for (const testCase of sampled) {
    const context = userContext(train, testCase.userId, { ...options, ks: [depth] });
    if (context && !context.exclude.has(testCase.positive)) {
      const negatives = new Set(testCase.negatives);
      negatives.delete(testCase.positive);
      cases.add(
        channels.map((c) => recallChecked(c, context, depth)),
        new Set([testCase.positive]),
        { candidates: [testCase.positive, ...negatives] },
      );
    }
    progress(++done);
  }
  return cases;
}
