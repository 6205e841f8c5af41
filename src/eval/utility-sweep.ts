/**
 * The offline sweep of the utility weights (src/rank/utility.ts): for each
 * weight vector on a grid, order every request's held-out impressions by
 * utility and count what the top k would have yielded for each objective
 * (the share of top-k slots closed up, clicked, saved and hidden, and their
 * mean log-dwell), relative to the configured weights; then the
 * Pareto-efficient vectors (most saves and closeups, fewest hides).
 *
 * The labels are what users did when the impression was shown where it was
 * shown: reordering assumes a pin's engagement would not change with its
 * slot, the usual caveat of replaying logged feedback.
 */
import { TASKS, type Predictions, type Task } from '../rank/heads.js';
import type { LabelledExamples } from '../rank/data.js';
import { utility, type UtilityWeights } from '../rank/utility.js';
import { dominates, paretoFront, type Sense } from './pareto.js';

/** What a top k yields: per task the share of slots with that label, and the mean ln(1 + dwell seconds) per slot. */
export const YIELDS = [...TASKS, 'dwell'] as const;
export type YieldName = (typeof YIELDS)[number];
export type Yield = Record<YieldName, number>;

/** The objectives of the front: saves and closeups up, hides down. */
export const PARETO_OBJECTIVES: readonly { name: Task; sense: Sense }[] = [
  { name: 'save', sense: 'max' },
  { name: 'closeup', sense: 'max' },
  { name: 'hide', sense: 'min' },
];

const WEIGHT_NAMES = ['closeup', 'click', 'save', 'hide', 'dwell'] as const satisfies readonly (keyof UtilityWeights)[];

/** Each weight of the grid is one of these multiples of its default (src/rank/utility.ts). */
export const GRID_MULTIPLIERS: readonly number[] = [0, 0.5, 1, 2, 4];

const DAY_MS = 86_400_000;

/**
 * The impressions ordered together, as consecutive runs of `members`
 * (example indices, ascending within a group): one group per request id;
 * impressions without one are grouped per user and UTC day. Only groups
 * with more than k impressions are kept — in a smaller one every ordering
 * has the same top k.
 */
export interface ImpressionGroups {
  offsets: Int32Array;
  members: Int32Array;
  /** Groups kept, and how many of them were formed by request id or by user-day. */
  count: number;
  byRequest: number;
  byUserDay: number;
  /** Groups of k impressions or fewer, left out. */
  skipped: number;
  impressions: number;
}

export function impressionGroups(x: Pick<LabelledExamples, 'userIds' | 'timestamps' | 'requestIds'>, k: number): ImpressionGroups {
  checkK(k);
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < x.userIds.length; i++) {
    const request = x.requestIds?.[i];
    const key = request ? `r\u0000${request}` : `u\u0000${x.userIds[i]}\u0000${Math.floor(x.timestamps[i]! / DAY_MS)}`;
    let members = byKey.get(key);
    if (!members) byKey.set(key, (members = []));
    members.push(i);
  }
  const kept = [...byKey].filter(([, members]) => members.length > k);
  const offsets = new Int32Array(kept.length + 1);
  const members = new Int32Array(kept.reduce((s, [, m]) => s + m.length, 0));
  let byRequest = 0;
  kept.forEach(([key, group], g) => {
    members.set(group, offsets[g]!);
    offsets[g + 1] = offsets[g]! + group.length;
    if (key.startsWith('r\u0000')) byRequest++;
  });
  return { offsets, members, count: kept.length, byRequest, byUserDay: kept.length - byRequest, skipped: byKey.size - kept.length, impressions: members.length };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
}

/** The held-out outcomes the top k is scored on. */
export type Outcomes = Pick<LabelledExamples, 'labels' | 'dwell'>;

/**
 * Each group's k highest-scored members, group g's at out[g·k … g·k + k)
 * in score order. Ties go to the impression that came first (its lower
 * index: the order it was logged in).
 */
export function topKIndices(scores: ArrayLike<number>, groups: ImpressionGroups, k: number): Int32Array {
  checkK(k);
  const { offsets, members, count } = groups;
  const out = new Int32Array(count * k);
  const chosenScore = new Float64Array(k);
  for (let g = 0; g < count; g++) {
    const base = g * k;
    const end = offsets[g + 1]!;
    let size = 0;
    for (let m = offsets[g]!; m < end; m++) {
      const i = members[m]!;
      const s = scores[i]!;
      // Strictly better than the k-th so far: an equal score later in the group does not displace an earlier one.
      if (size === k && !(s > chosenScore[k - 1]!)) continue;
      let at = size < k ? size++ : k - 1;
      while (at > 0 && s > chosenScore[at - 1]!) {
        out[base + at] = out[base + at - 1]!;
        chosenScore[at] = chosenScore[at - 1]!;
        at--;
      }
      out[base + at] = i;
      chosenScore[at] = s;
    }
  }
  return out;
}

const outcomeOf = (outcomes: Outcomes, name: YieldName): ArrayLike<number> => (name === 'dwell' ? outcomes.dwell : outcomes.labels[name]);

/** The mean outcome over the impressions at `indices`. */
export function meanYield(indices: ArrayLike<number>, outcomes: Outcomes): Yield {
  const out = {} as Yield;
  for (const name of YIELDS) {
    const values = outcomeOf(outcomes, name);
    let sum = 0;
    for (let j = 0; j < indices.length; j++) sum += values[indices[j]!]!;
    out[name] = indices.length > 0 ? sum / indices.length : Number.NaN;
  }
  return out;
}

/**
 * What the k highest-scored impressions of every group yielded: per task
 * the share of the groups' k·count slots with the label, and the mean dwell.
 */
export function topKYield(scores: ArrayLike<number>, groups: ImpressionGroups, outcomes: Outcomes, k: number): Yield {
  return meanYield(topKIndices(scores, groups, k), outcomes);
}

/**
 * The half-width of a 95% interval of `chosen`'s yield relative to
 * `reference`'s (both from topKIndices), paired by group: the groups are
 * the independent units, and two weightings mostly pick the same pins, so
 * their difference is far less noisy than either yield.
 */
export function pairedMargin(chosen: Int32Array, reference: Int32Array, k: number, outcomes: Outcomes): Yield {
  const count = chosen.length / k;
  const out = {} as Yield;
  for (const name of YIELDS) {
    const values = outcomeOf(outcomes, name);
    let sum = 0;
    let squares = 0;
    let refSum = 0;
    for (let g = 0; g < count; g++) {
      let d = 0;
      for (let j = g * k; j < (g + 1) * k; j++) {
        d += values[chosen[j]!]! - values[reference[j]!]!;
        refSum += values[reference[j]!]!;
      }
      sum += d / k;
      squares += (d / k) ** 2;
    }
    const variance = count > 1 ? (squares - (sum * sum) / count) / (count - 1) : Number.NaN;
    out[name] = (1.96 * Math.sqrt(Math.max(0, variance) / count)) / (refSum / (count * k));
  }
  return out;
}

const scaleKey = (w: UtilityWeights) => {
  const scale = Math.max(...WEIGHT_NAMES.map((n) => Math.abs(w[n])));
  return WEIGHT_NAMES.map((n) => (w[n] / scale).toPrecision(9)).join(',');
};

/**
 * Every combination of `multipliers` × `base` per weight, without the all-zero
 * vector and without positive multiples of a vector already listed (they order
 * every request the same way). `fixed` weights keep their base value.
 */
export function weightGrid(base: UtilityWeights, multipliers: readonly number[] = GRID_MULTIPLIERS, fixed: readonly (keyof UtilityWeights)[] = []): UtilityWeights[] {
  if (multipliers.length === 0 || multipliers.some((m) => !(m >= 0 && Number.isFinite(m)))) {
    throw new RangeError(`grid multipliers must be finite and ≥ 0, got [${multipliers.join(', ')}]`);
  }
  let vectors: Partial<UtilityWeights>[] = [{}];
  for (const name of WEIGHT_NAMES) {
    const values = fixed.includes(name) ? [base[name]] : [...new Set(multipliers.map((m) => m * base[name]))];
    vectors = vectors.flatMap((v) => values.map((value) => ({ ...v, [name]: value === 0 ? 0 : value })));
  }
  const seen = new Set<string>();
  const out: UtilityWeights[] = [];
  for (const v of vectors as UtilityWeights[]) {
    if (WEIGHT_NAMES.every((n) => v[n] === 0)) continue;
    const key = scaleKey(v);
    if (!seen.has(key)) seen.add(key), out.push(v);
  }
  return out;
}

export interface SweepPoint {
  weights: UtilityWeights;
  yield: Yield;
  /** Each yield divided by the configured weights' (1 = the same; NaN when the configured yield is 0). */
  relative: Yield;
  efficient: boolean;
  /** Front points only: the half-width of a 95% interval of `relative`, paired by group with the configured weights. */
  margin?: Yield;
}

export interface SweepReport {
  k: number;
  /** The grid: each weight is one of these multiples of its base value. */
  multipliers: readonly number[];
  objectives: typeof PARETO_OBJECTIVES;
  groups: Omit<ImpressionGroups, 'offsets' | 'members'>;
  /** Share of each label (and mean log-dwell) over all impressions of the kept groups: what a random top k yields on average. */
  groupRates: Yield;
  /** points[0] is the configured weights; the rest the grid. */
  points: SweepPoint[];
  /** Indices of the Pareto-efficient points, most saves first. */
  front: number[];
  /** How many points dominate the configured weights (0: it is efficient). */
  configuredDominatedBy: number;
  /** The logged order's top k (the order impressions were shown in), for reference. */
  logged: { yield: Yield; relative: Yield; margin: Yield };
}

export interface SweepOptions {
  k: number;
  /** The configured weights: always swept, the reference of `relative` and marked in reports. */
  configured: UtilityWeights;
  /** The grid's base; the code defaults keep the grid the same whatever is configured. */
  gridBase: UtilityWeights;
  multipliers?: readonly number[];
}

const relativeTo = (y: Yield, reference: Yield): Yield => Object.fromEntries(YIELDS.map((n) => [n, y[n] / reference[n]])) as Yield;
const objectiveValues = (y: Yield) => PARETO_OBJECTIVES.map((o) => y[o.name]);

/**
 * Sweeps the utility weights over held-out impressions in log order:
 * `predictions` are a ranker's calibrated predictions for them, `outcomes`
 * what followed each.
 */
export function sweepUtilityWeights(predictions: Predictions, outcomes: Outcomes & Pick<LabelledExamples, 'userIds' | 'timestamps' | 'requestIds'>, options: SweepOptions): SweepReport {
  const { k } = options;
  const n = outcomes.userIds.length;
  for (const head of [...TASKS, ...(predictions.dwell ? (['dwell'] as const) : [])]) {
    const p = predictions[head]!;
    if (p.length !== n) throw new RangeError(`utility sweep: ${p.length} ${head} predictions for ${n} impressions`);
    if (!p.every(Number.isFinite)) throw new RangeError(`utility sweep: a ${head} prediction is not a finite number`);
  }
  const groups = impressionGroups(outcomes, k);
  if (groups.count === 0) throw new Error(`utility sweep: no request has more than k = ${k} impressions, so every weighting has the same top k; lower k`);
  // Without a dwell head the dwell weight changes nothing: keep it fixed so the grid has no duplicates.
  const grid = weightGrid(options.gridBase, options.multipliers, predictions.dwell ? [] : ['dwell']);
  const configuredKey = scaleKey(options.configured);
  const vectors = [options.configured, ...grid.filter((w) => scaleKey(w) !== configuredKey)];
  const scoresOf = (w: UtilityWeights) => utility(predictions, w);
  const yields = vectors.map((w) => topKYield(scoresOf(w), groups, outcomes, k));
  const reference = yields[0]!;
  const referenceChosen = topKIndices(scoresOf(options.configured), groups, k);
  const values = yields.map(objectiveValues);
  const senses = PARETO_OBJECTIVES.map((o) => o.sense);
  const efficient = new Set(paretoFront(values, senses));
  const points: SweepPoint[] = vectors.map((weights, i) => {
    const point: SweepPoint = { weights, yield: yields[i]!, relative: relativeTo(yields[i]!, reference), efficient: efficient.has(i) };
    if (point.efficient && i > 0) point.margin = pairedMargin(topKIndices(scoresOf(weights), groups, k), referenceChosen, k, outcomes);
    return point;
  });
  const front = [...efficient].sort((a, b) => {
    for (let j = 0; j < senses.length; j++) {
      const d = senses[j] === 'max' ? values[b]![j]! - values[a]![j]! : values[a]![j]! - values[b]![j]!;
      if (d !== 0) return d;
    }
    return a - b;
  });
  const loggedChosen = topKIndices(Float64Array.from({ length: n }, (_, i) => -i), groups, k);
  const logged = meanYield(loggedChosen, outcomes);
  const { offsets: _offsets, members: _members, ...groupCounts } = groups;
  return {
    k,
    multipliers: options.multipliers ?? GRID_MULTIPLIERS,
    objectives: PARETO_OBJECTIVES,
    groups: groupCounts,
    groupRates: meanYield(groups.members, outcomes),
    points,
    front,
    configuredDominatedBy: values.filter((v) => dominates(v, values[0]!, senses)).length,
    logged: { yield: logged, relative: relativeTo(logged, reference), margin: pairedMargin(loggedChosen, referenceChosen, k, outcomes) },
  };
}

/** The front's points with distinct yields (different weights often pick the same top k), each with how many vectors reach it. */
export function distinctFront(report: SweepReport): { index: number; vectors: number }[] {
  const byYield = new Map<string, { index: number; vectors: number }>();
  for (const i of report.front) {
    const key = YIELDS.map((y) => report.points[i]!.yield[y]).join(',');
    const entry = byYield.get(key);
    if (entry) entry.vectors++;
    else byYield.set(key, { index: i, vectors: 1 });
  }
  return [...byYield.values()];
}

// null: a NaN that went through JSON.
const ratio = (x: number | null) => (x == null || !Number.isFinite(x) ? '  n/a' : x.toFixed(3));
const yieldCell = (name: YieldName, value: number, relative: number | null, margin?: number | null) =>
  `${name === 'dwell' ? value.toFixed(4) : `${(100 * value).toFixed(2)}%`} ×${ratio(relative)}${margin === undefined ? '' : `±${ratio(margin)}`}`;
const YIELD_ORDER: readonly YieldName[] = ['save', 'closeup', 'hide', 'click', 'dwell'];

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd());
}

/** The sweep as text: the groups, the configured and logged points, and the front's distinct points. */
export function formatSweep(report: SweepReport): string {
  const { k, groups } = report;
  const configured = report.points[0]!;
  const header = ['', ...WEIGHT_NAMES.map((n) => `w_${n}`), ...YIELD_ORDER.map((y) => `${y}@${k}`), 'vectors'];
  const row = (label: string, weights: UtilityWeights | undefined, y: Yield, relative: Yield, margin?: Yield, vectors = '') => [
    label,
    ...WEIGHT_NAMES.map((n) => (weights ? String(weights[n]) : '')),
    ...YIELD_ORDER.map((name) => yieldCell(name, y[name], relative[name], margin?.[name])),
    vectors,
  ];
  const distinct = distinctFront(report);
  const objectives = report.objectives.map((o) => `${o.sense === 'max' ? 'most' : 'fewest'} ${o.name}s@${k}`).join(', ');
  const standing = configured.efficient ? 'on the front' : `dominated by ${report.configuredDominatedBy} of the swept vectors`;
  const rows = [
    header,
    row('configured', configured.weights, configured.yield, configured.relative, undefined, '1'),
    row('logged order', undefined, report.logged.yield, report.logged.relative, report.logged.margin),
    row('random (expected)', undefined, report.groupRates, relativeTo(report.groupRates, configured.yield)),
    ...distinct.map(({ index, vectors }) => {
      const p = report.points[index]!;
      return row(index === 0 ? 'front *' : 'front', p.weights, p.yield, p.relative, p.margin, String(vectors));
    }),
  ];
  return [
    `top ${k} of each of ${groups.count} groups of more than ${k} impressions (${groups.byRequest} requests, ${groups.byUserDay} user-days; ${groups.skipped} groups of ${k} or fewer left out), ${groups.impressions} impressions`,
    `${report.points.length} weight vectors (the configured one and a grid of × ${report.multipliers.join(', ')} each default weight, positive multiples removed); the configured weights are ${standing}`,
    `Pareto-efficient (${objectives}): ${report.front.length} vectors, ${distinct.length} distinct top-${k} yields (rows "front"; * = the configured weights)`,
    `each yield: share of top-${k} slots with the label (dwell: mean ln(1 + s) per slot), × its value under the configured weights, ± the half-width of a 95% interval of that ratio (paired by group)`,
    '',
    ...table(rows),
  ].join('\n');
}
