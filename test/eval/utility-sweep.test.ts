import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSweepHtml } from '../../src/eval/html/sweep.js';
import { dominates } from '../../src/eval/pareto.js';
import { evaluateUtilitySweep, formatUtilitySweep, rowsAtPosition, UTILITY_SWEEP_DEFAULTS } from '../../src/eval/ranking-sweep.js';
import {
  distinctFront,
  formatSweep,
  impressionGroups,
  meanYield,
  pairedMargin,
  PARETO_OBJECTIVES,
  sweepUtilityWeights,
  topKIndices,
  topKYield,
  weightGrid,
  type Outcomes,
  type SweepReport,
} from '../../src/eval/utility-sweep.js';
import { buildExamples, EXAMPLE_DEFAULTS } from '../../src/features/examples.js';
import type { Predictions } from '../../src/rank/heads.js';
import { UTILITY_DEFAULTS, type UtilityWeights } from '../../src/rank/utility.js';
import { smallWorld } from '../demo/fixture.js';

const DAY = 86_400_000;

function outcomes(labels: Partial<Record<'closeup' | 'click' | 'save' | 'hide', number[]>>, dwell: number[]): Outcomes {
  const n = dwell.length;
  const column = (v?: number[]) => Uint8Array.from(v ?? new Array(n).fill(0));
  return { labels: { closeup: column(labels.closeup), click: column(labels.click), save: column(labels.save), hide: column(labels.hide) }, dwell: Float32Array.from(dwell) };
}

test('impressions are grouped by request, or by user and day without one; groups of k or fewer are left out', () => {
  const x = {
    requestIds: ['a', 'a', 'a', 'b', 'b', 'b', '', '', ''],
    userIds: ['u', 'u', 'u', 'v', 'v', 'v', 'w', 'w', 'w'],
    timestamps: Float64Array.from([0, 1, 2, 3, 4, 5, 10 * DAY + 1, 10 * DAY + 2, 11 * DAY]),
  };
  const byTwo = impressionGroups(x, 2);
  assert.deepEqual([byTwo.count, byTwo.byRequest, byTwo.byUserDay, byTwo.skipped, byTwo.impressions], [2, 2, 0, 2, 6]);
  assert.deepEqual([...byTwo.members], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([...byTwo.offsets], [0, 3, 6]);
  const byOne = impressionGroups(x, 1);
  assert.deepEqual([byOne.count, byOne.byRequest, byOne.byUserDay, byOne.skipped], [3, 2, 1, 1], "w's two impressions on day 10 form a group; day 11's one is left out");
  assert.deepEqual([...byOne.members.subarray(byOne.offsets[2]!, byOne.offsets[3]!)], [6, 7]);
  const noRequests = impressionGroups({ userIds: x.userIds, timestamps: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]) }, 2);
  assert.deepEqual([noRequests.count, noRequests.byUserDay], [3, 3], 'examples without request ids group by user-day');
  assert.throws(() => impressionGroups(x, 0), /k must be a whole number of at least 1/);
});

test('the top k of each group by score, ties to the earlier impression, and what it yielded (by hand)', () => {
  const groups = impressionGroups({ requestIds: ['a', 'a', 'a', 'b', 'b', 'b'], userIds: ['u', 'u', 'u', 'v', 'v', 'v'], timestamps: new Float64Array(6) }, 2);
  // a: 0.1, 0.5, 0.3 → 1 then 2. b: a three-way tie → 3 and 4, as logged.
  const scores = [0.1, 0.5, 0.3, 0.4, 0.4, 0.4];
  assert.deepEqual([...topKIndices(scores, groups, 2)], [1, 2, 3, 4]);
  assert.deepEqual([...topKIndices([0.1, 0.5, 0.3, 0.1, 0.2, 0.3], groups, 2)], [1, 2, 5, 4], 'later, higher scores displace earlier ones');
  const o = outcomes({ closeup: [0, 1, 0, 0, 1, 1], save: [0, 1, 0, 0, 1, 1], hide: [0, 0, 1, 0, 0, 0] }, [0, 2, 0, 0, 1, 3]);
  // Slots 1, 2, 3, 4: saves 1 + 0 + 0 + 1, hides 0 + 1 + 0 + 0, dwell 2 + 0 + 0 + 1.
  assert.deepEqual(topKYield(scores, groups, o, 2), { closeup: 0.5, click: 0, save: 0.5, hide: 0.25, dwell: 0.75 });
  assert.deepEqual(meanYield([5], o), { closeup: 1, click: 0, save: 1, hide: 0, dwell: 3 });
});

test('the paired margin of a ratio, by hand', () => {
  // Three groups, k = 1: the reference saved in groups 0 and 2, the other pick in all three.
  const o = outcomes({ save: [1, 0, 0, 1, 1, 0] }, [0, 0, 0, 0, 0, 0]);
  const reference = Int32Array.from([0, 2, 4]);
  const chosen = Int32Array.from([0, 3, 4]);
  // Differences per group 0, 1, 0: mean 1/3, sample variance 1/3, standard error 1/3; reference mean 2/3.
  const margin = pairedMargin(chosen, reference, 1, o);
  assert.ok(Math.abs(margin.save - (1.96 * (1 / 3)) / (2 / 3)) < 1e-12, `${margin.save}`);
  assert.equal(pairedMargin(reference, reference, 1, o).save, 0, 'the same picks: no uncertainty');
});

test('the grid: multiples of the base, no zero vector, no positive multiple of another vector', () => {
  const base = UTILITY_DEFAULTS;
  assert.equal(weightGrid(base, [0, 1]).length, 2 ** 5 - 1);
  // 3^5 combinations, less the zero vector, less the 31 that are twice a 0/1 combination.
  const grid = weightGrid(base, [0, 1, 2]);
  assert.equal(grid.length, 3 ** 5 - 1 - 31);
  assert.ok(grid.some((w) => JSON.stringify(w) === JSON.stringify(base)));
  assert.ok(grid.every((w) => w.hide <= 0), 'hide stays a cost');
  const fixed = weightGrid(base, [0, 1, 2], ['dwell']);
  assert.ok(fixed.every((w) => w.dwell === base.dwell));
  assert.equal(fixed.length, 3 ** 4, 'dwell fixed and non-zero: no zero vector, and no multiples');
  assert.throws(() => weightGrid(base, [-1, 1]), /finite and ≥ 0/);
});

/** Every front point is dominated by no point; every other point is dominated by some point. */
function assertFrontSound(report: SweepReport): void {
  const senses = PARETO_OBJECTIVES.map((o) => o.sense);
  const values = report.points.map((p) => PARETO_OBJECTIVES.map((o) => p.yield[o.name]));
  const front = new Set(report.front);
  assert.ok(front.size > 0, 'a non-empty front');
  values.forEach((v, i) => {
    const dominated = values.some((u) => dominates(u, v, senses));
    assert.equal(dominated, !front.has(i), `point ${i} ${JSON.stringify(report.points[i]!.weights)} is ${dominated ? '' : 'not '}dominated`);
    assert.equal(report.points[i]!.efficient, front.has(i));
  });
}

test('a sweep over two requests where saving and hiding go together: the trade-off is the front', () => {
  // In each request, pin A (likely saved, likely hidden; the user did both) and pin B (neither).
  const a = { closeup: 0.1, click: 0.1, save: 0.5, hide: 0.3 };
  const b = { closeup: 0.1, click: 0.1, save: 0.1, hide: 0.01 };
  const rows = [a, b, b, a];
  const predictions = Object.fromEntries(
    (['closeup', 'click', 'save', 'hide'] as const).map((t) => [t, Float32Array.from(rows.map((r) => r[t]))]),
  ) as Predictions;
  const test = {
    ...outcomes({ save: [1, 0, 0, 1], hide: [1, 0, 0, 1] }, [0, 0, 0, 0]),
    requestIds: ['r1', 'r1', 'r2', 'r2'],
    userIds: ['u', 'u', 'v', 'v'],
    timestamps: Float64Array.from([0, 1, 2, 3]),
  };
  const report = sweepUtilityWeights(predictions, test, { k: 1, configured: UTILITY_DEFAULTS, gridBase: UTILITY_DEFAULTS, multipliers: [0, 1, 2] });
  // The defaults (save 4, hide −8) prefer B: u(A) = 0.1 + 0.2 + 2 − 2.4 < u(B) = 0.1 + 0.2 + 0.4 − 0.08.
  assert.deepEqual(report.points[0]!.weights, UTILITY_DEFAULTS);
  assert.deepEqual([report.points[0]!.yield.save, report.points[0]!.yield.hide], [0, 0]);
  assert.ok(report.points.every((p) => p.weights.dwell === UTILITY_DEFAULTS.dwell), 'no dwell head: the dwell weight is not swept');
  const outcomesSeen = new Set(report.points.map((p) => `${p.yield.save}/${p.yield.hide}`));
  // Hide-blind weights pick A everywhere; all-equal scores pick the first pin (A in r1, B in r2).
  assert.deepEqual([...outcomesSeen].sort(), ['0.5/0.5', '0/0', '1/1']);
  assertFrontSound(report);
  assert.equal(distinctFront(report).length, 3, 'each outcome trades saves for hides: all three are efficient');
  assert.equal(report.points[0]!.efficient, true);
  assert.equal(report.configuredDominatedBy, 0);
  assert.deepEqual([report.points[report.front[0]!]!.yield.save, report.points[report.front.at(-1)!]!.yield.save], [1, 0], 'most saves first');
  assert.deepEqual(report.logged.yield.save, 0.5, 'the logged order shows A first in r1, B first in r2');
  assert.match(formatSweep(report), /front \*/, 'the configured weights are marked on the front');
});

test('the sweep refuses predictions it cannot use', () => {
  const test = { ...outcomes({}, [0, 0, 0]), requestIds: ['r', 'r', 'r'], userIds: ['u', 'u', 'u'], timestamps: new Float64Array(3) };
  const p = (values: number[]) => Object.fromEntries((['closeup', 'click', 'save', 'hide'] as const).map((t) => [t, Float32Array.from(values)])) as Predictions;
  const options = { k: 1, configured: UTILITY_DEFAULTS, gridBase: UTILITY_DEFAULTS };
  assert.throws(() => sweepUtilityWeights(p([0.1, 0.2]), test, options), /2 closeup predictions for 3 impressions/);
  assert.throws(() => sweepUtilityWeights(p([0.1, Number.NaN, 0.2]), test, options), /closeup prediction is not a finite number/);
  assert.throws(() => sweepUtilityWeights(p([0.1, 0.2, 0.3]), test, { ...options, k: 3 }), /no request has more than k = 3 impressions/);
});

test('rowsAtPosition sets the position feature of every row and nothing else', () => {
  const x = { names: ['a', 'position'], rows: Float32Array.from([1, 5, 2, Number.NaN]) };
  assert.deepEqual([...rowsAtPosition(x, 0)], [1, 0, 2, 0]);
  assert.deepEqual([...x.rows].slice(0, 2), [1, 5], 'the input is not changed');
  assert.throws(() => rowsAtPosition({ names: ['a'], rows: new Float32Array(1) }, 0), /no position feature/);
});

test('the sweep on a network trained on the small demo world: a sound front, and the configured weights beat a random order', async () => {
  const world = smallWorld();
  const pins = new Map(world.pins.map((p) => [p.id, p]));
  const examples = await buildExamples([world.events.map((e, i) => ({ ...e, seq: i + 1 }))], pins, new Map(world.users.map((u) => [u.id, u])), EXAMPLE_DEFAULTS);
  const configured: UtilityWeights = { ...UTILITY_DEFAULTS, save: 6 };
  const report = await evaluateUtilitySweep(examples, {
    ...UTILITY_SWEEP_DEFAULTS,
    k: 5,
    configured,
    network: { epochs: 3, experts: 2, expertUnits: [16], towerUnits: 8, batchSize: 256, learningRate: 0.006 },
  });
  assert.equal(report.protocol, 'event-log-utility-sweep');
  assert.ok(report.groups.count > 100 && report.groups.byRequest === report.groups.count, `${report.groups.count} requests`);
  assert.deepEqual(report.points[0]!.weights, configured, 'the configured weights are the first point');
  assert.deepEqual(Object.values(report.points[0]!.relative), [1, 1, 1, 1, 1]);
  assert.ok(report.points.length > 2000, `${report.points.length} weight vectors`);
  assertFrontSound(report);
  for (const i of report.front) if (i > 0) assert.ok(report.points[i]!.margin && Number.isFinite(report.points[i]!.margin!.save), 'front points carry margins');
  // The ranker orders by what users do: its top 5 holds more saves and closeups than the requests' average slot.
  const top = report.points[0]!.yield;
  assert.ok(top.save > 1.2 * report.groupRates.save, `saves@5 ${top.save} vs ${report.groupRates.save}`);
  assert.ok(top.closeup > 1.2 * report.groupRates.closeup, `closeups@5 ${top.closeup} vs ${report.groupRates.closeup}`);
  const mostSaves = Math.max(...report.points.map((p) => p.yield.save));
  assert.equal(report.points[report.front[0]!]!.yield.save, mostSaves, 'the front starts at the most saves');

  const text = formatUtilitySweep(report);
  assert.match(text, /^utility weight sweep \(global temporal 80\/20/);
  assert.match(text, /configured\s+1\s+2\s+6\s+-8\s+0\.5 /);
  assert.match(text, /impressions scored as if at position 0/);
  const html = renderSweepHtml(report, ['meta line <1>']);
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  assert.match(html, /saves@5 against closeups@5, coloured by hides@5/);
  assert.match(html, /meta line &lt;1&gt;/);
  assert.equal((html.match(/<tr class="[^"]*"><td>front/g) ?? []).length, distinctFront(report).length);
  // The configured point is drawn once per chart, black and outlined.
  assert.equal((html.match(/fill="#111111" fill-opacity="0.8" stroke="#111"/g) ?? []).length, 2);
});
