import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/math/random.js';
import { Interactions } from '../../src/recall/interactions.js';
import { decodeState, encodeState } from '../../src/recall/persist.js';
import { RANDOM_WALK_DEFAULTS, RandomWalkChannel, type RandomWalkOptions } from '../../src/recall/random-walk.js';
import type { HistoryItem, RecallContext } from '../../src/recall/types.js';
import { BipartiteGraph } from '../../src/recall/walk/graph.js';
import { pixieWalk, stepBudgets, type WalkOptions } from '../../src/recall/walk/pixie.js';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;

/** "user:pin pin pin" lines to interaction records, weight 1. */
function interactions(lines: string[]): Interactions {
  const records = lines.flatMap((line, i) => {
    const [user, pins] = line.split(':') as [string, string];
    return pins.trim().split(/\s+/).map((pinId) => ({ userId: user, pinId, weight: 1, timestamp: NOW - (i + 1) * HOUR }));
  });
  return Interactions.fromRecords(records);
}

function walker(data: Interactions, options: Partial<RandomWalkOptions> = {}): RandomWalkChannel {
  const channel = new RandomWalkChannel({ ...RANDOM_WALK_DEFAULTS, seed: 11, userDegreePenalty: 0, edgeWeight: 'binary', ...options });
  channel.fit(data, { now: NOW });
  return channel;
}

function context(pins: string[], exclude: string[] = [], userId = 'visitor'): RecallContext {
  const history: HistoryItem[] = pins.map((pinId, i) => ({ pinId, weight: 4, timestamp: NOW - (i + 1) * HOUR }));
  return { userId, now: NOW, history, exclude: new Set([...pins, ...exclude]) };
}

const ids = (list: { pinId: string }[]) => list.map((c) => c.pinId);

// u1 and u2 both engaged with A and B; u1 also with C, which u3 shares with D; E and F are another world.
const SMALL = ['u1: A B C', 'u2: A B', 'u3: C D', 'u4: E F'];

test('a walk from a pin visits its closest neighbours most, and never another component', () => {
  const channel = walker(interactions(SMALL));
  const list = channel.recall(context(['A']), 10);
  assert.deepEqual(ids(list), ['B', 'C', 'D']);
  assert.ok(list[0]!.score > list[1]!.score && list[1]!.score > list[2]!.score, 'scores fall with distance');
  assert.ok(list.every((c) => c.seedPinId === 'A'), 'explained by the query pin');
  const fromD = ids(channel.similarItems('D', 10));
  assert.equal(fromD[0], 'C');
  assert.deepEqual(new Set(fromD.slice(1)), new Set(['A', 'B']));
  assert.deepEqual(channel.similarItems('nope', 5), []);
});

test('history and exclusions are never returned', () => {
  const channel = walker(interactions(SMALL));
  assert.deepEqual(ids(channel.recall(context(['A'], ['B']), 10)), ['C', 'D']);
  assert.deepEqual(ids(channel.recall(context(['A', 'C']), 10)), ['B', 'D']);
  assert.deepEqual(channel.recall(context([]), 10), [], 'no query pins, no walk');
  // A dislike is history (never returned) but not a query pin.
  const disliked: RecallContext = { userId: 'v', now: NOW, history: [{ pinId: 'E', weight: -4, timestamp: NOW }], exclude: new Set() };
  assert.deepEqual(channel.recall(disliked, 10), []);
});

test('multi-hit boosting prefers the pin several query pins lead to', () => {
  // From A, three users lead to P1 and one to M; from D, three lead to P2 and one to M.
  const data = interactions(['a1: A P1', 'a2: A P1', 'a3: A P1', 'a4: A M', 'd1: D P2', 'd2: D P2', 'd3: D P2', 'd4: D M']);
  const channel = walker(data, { restartProbability: 1, totalSteps: 40_000 });
  assert.deepEqual(ids(channel.similarItems('A', 2)), ['P1', 'M'], 'alone, A leads to P1 three times as often as to M');
  // Together: P1 and P2 get about 3/8 of the visits each, M 2/8, but M is boosted to (2·sqrt(N/8))² = N/2 > 3N/8.
  const list = channel.recall(context(['A', 'D']), 3);
  assert.equal(list[0]!.pinId, 'M');
  assert.deepEqual(new Set(ids(list.slice(1))), new Set(['P1', 'P2']));
});

test('observe() adds an edge the very next recall walks, and saving keeps it', () => {
  const channel = walker(interactions(SMALL));
  assert.ok(!ids(channel.recall(context(['A']), 10)).includes('Z'), 'Z is not in the trained graph');
  channel.observe({ userId: 'newcomer', pinId: 'A', weight: 4, timestamp: NOW });
  channel.observe({ userId: 'newcomer', pinId: 'Z', weight: 4, timestamp: NOW });
  assert.ok(ids(channel.recall(context(['A']), 10)).includes('Z'), 'reachable through the new user at once');
  assert.ok(ids(channel.recall(context(['Z']), 10)).includes('A'), 'and the new pin is a query pin of its own');
  channel.observe({ userId: 'u4', pinId: 'Q', weight: 0, timestamp: NOW });
  assert.ok(!ids(channel.recall(context(['E']), 10)).includes('Q'), 'weight 0 says nothing: no edge');

  const copy = new RandomWalkChannel({ ...RANDOM_WALK_DEFAULTS, seed: 11, userDegreePenalty: 0 });
  copy.load(decodeState(encodeState(channel.save())));
  assert.ok(ids(copy.recall(context(['A']), 10)).includes('Z'), 'the live edge is folded into the saved graph');
});

test('save and load round trip: same walks from the same seed', () => {
  const data = interactions(['u1: A B C', 'u2: A B', 'u3: C D', 'u4: D E', 'u5: B E', 'u6: A E F']);
  const channel = walker(data, { userDegreePenalty: 0.5, edgeWeight: 'log' });
  const copy = new RandomWalkChannel({ ...RANDOM_WALK_DEFAULTS, seed: 11, userDegreePenalty: 0.5 });
  copy.load(decodeState(encodeState(channel.save())));
  assert.deepEqual(copy.recall(context(['A', 'D']), 5), channel.recall(context(['A', 'D']), 5));
  assert.deepEqual(copy.similarItems('F', 5), channel.similarItems('F', 5));
  assert.throws(() => copy.load({ format: 'nope' }), /not a saved random-walk channel/);
  assert.throws(() => new RandomWalkChannel(RANDOM_WALK_DEFAULTS).save(), /not fitted/);
});

test('randomness is seeded per request: the same user and time walk the same way', () => {
  const data = interactions(['u1: A B C', 'u2: A B', 'u3: C D', 'u4: D E', 'u5: B E', 'u6: A E F', 'u7: F G', 'u8: G A']);
  const channel = walker(data, { seed: undefined, totalSteps: 50 });
  const a = channel.recall(context(['A'], [], 'alice'), 5);
  assert.deepEqual(channel.recall(context(['A'], [], 'alice'), 5), a);
  const b = channel.recall(context(['A'], [], 'bob'), 5);
  assert.notDeepEqual(b.map((c) => c.score), a.map((c) => c.score), 'another user, another walk (50 steps leave visible noise)');
});

/** Ten users who each engaged with the same ten pins: every pin is a neighbour of every other. */
function clique(): BipartiteGraph {
  const pins = Array.from({ length: 10 }, (_, i) => `p${i}`);
  const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
  const indptr = Int32Array.from({ length: 11 }, (_, i) => i * 10);
  const neighbours = Int32Array.from({ length: 100 }, (_, k) => k % 10);
  return BipartiteGraph.build({ pins, users, indptr, neighbours, weights: new Float32Array(100).fill(1) }, { user: 0, pin: 0 });
}

test('early stopping ends the walk once enough pins are visited often enough', () => {
  const graph = clique();
  const options: WalkOptions = { totalSteps: 10_000, restartProbability: 0.5, maxVisitedPins: 5, visitThreshold: 4, earlyStopping: true };
  const request = (seed: number) => ({ queries: [{ pin: 0, weight: 1 }], random: mulberry32(seed), n: 10 });
  const early = pixieWalk(graph, request(1), options);
  const full = pixieWalk(graph, request(1), { ...options, earlyStopping: false });
  assert.equal(full.steps, 10_000);
  // 5 pins at 4 visits need at least 20 steps; in a 10-pin clique they get there in well under 100.
  assert.ok(early.steps >= 20 && early.steps < 100, `${early.steps} steps`);
  assert.equal(new Set(early.pins).size, early.pins.length);
});

test('the step budget follows query weight and (sublinearly) degree', () => {
  const graph = BipartiteGraph.build(
    { pins: ['A', 'F', 'Z'], users: ['u1', 'u2', 'u3', 'u4'], indptr: Int32Array.from([0, 4, 5, 5]), neighbours: Int32Array.from([0, 1, 2, 3, 0]), weights: new Float32Array(5).fill(1) },
    { user: 0, pin: 0 },
  );
  // s = d · (1 + ln 4 − ln d): A (d = 4) 4, F (d = 1) 1 + ln 4 = 2.386; Z has no edges.
  const [a, f, z] = stepBudgets(graph, [{ pin: 0, weight: 1 }, { pin: 1, weight: 1 }, { pin: 2, weight: 1 }], 1000);
  assert.equal(z, 0);
  assert.ok(Math.abs(a! - (1000 * 4) / 6.386) <= 1 && Math.abs(f! - (1000 * 2.386) / 6.386) <= 1, `${a} ${f}`);
  const [a2, f2] = stepBudgets(graph, [{ pin: 0, weight: 1 }, { pin: 1, weight: 4 }], 1000);
  assert.ok(f2! > a2!, 'a heavier query pin gets more steps');
});
