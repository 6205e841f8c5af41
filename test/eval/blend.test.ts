import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BlendCases,
  BlendChannel,
  blendObjective,
  chooseBlend,
  collectFullRankingCases,
  collectSampledCases,
  normaliseList,
  searchWeights,
  type BlendCase,
} from '../../src/eval/blend.js';
import { evaluateRecall } from '../../src/eval/evaluate.js';
import { evaluateSampled } from '../../src/eval/evaluate-sampled.js';
import { Interactions } from '../../src/recall/interactions.js';
import type { ChannelCandidate, RecallChannel, RecallContext } from '../../src/recall/types.js';

/** A test-only channel returning a fixed list per user, best first, scores descending from `top`. */
function listChannel(name: string, listOf: (context: RecallContext) => string[], top = 10): RecallChannel {
  return {
    name,
    fit() {},
    recall(context, n): ChannelCandidate[] {
      return listOf(context)
        .filter((p) => !context.exclude.has(p))
        .slice(0, n)
        .map((pinId, i) => ({ pinId, score: top - i }));
    },
    save: () => null,
    load() {},
  };
}

test('normaliseList: rank gives 1 - r/depth, min-max spreads the scores over [0, 1]', () => {
  const list = [
    { pinId: 'a', score: 9 },
    { pinId: 'b', score: 5 },
    { pinId: 'c', score: 1 },
  ];
  assert.deepEqual([...normaliseList(list, 'rank', 10)], [['a', 1], ['b', 0.9], ['c', 0.8]]);
  assert.deepEqual([...normaliseList(list, 'minmax', 10)], [['a', 1], ['b', 0.5], ['c', 0]]);
  assert.deepEqual([...normaliseList([{ pinId: 'x', score: 3 }], 'minmax', 10)], [['x', 1]]);
  assert.equal(normaliseList([], 'rank', 10).size, 0);
});

test('blendObjective: ties and unscored candidates go against the relevant one', () => {
  const tie: BlendCase = { size: 2, scores: Float32Array.from([0.5, 0.5]), relevant: Uint8Array.from([1, 0]), relevantCount: 1 };
  assert.equal(blendObjective([tie], [1], 'HR@1'), 0);
  assert.equal(blendObjective([tie], [1], 'HR@2'), 1);
  const unscored: BlendCase = { size: 2, scores: Float32Array.from([0, 0.3]), relevant: Uint8Array.from([1, 0]), relevantCount: 1 };
  assert.equal(blendObjective([unscored], [1], 'HR@10'), 0, 'a candidate no weighted channel scores is not recommended');
  // Recall divides by every relevant pin of the user, found among the candidates or not.
  const partial: BlendCase = { size: 2, scores: Float32Array.from([1, 0.5]), relevant: Uint8Array.from([1, 0]), relevantCount: 4 };
  assert.equal(blendObjective([partial], [1], 'Recall@10'), 0.25);
  assert.throws(() => blendObjective([tie], [1], 'AUC'), /objective/);
});

/**
 * Two channels that each rank the relevant pin second, behind a different
 * decoy, and a third that ranks it last: only a blend of the first two puts
 * it first.
 */
function complementary(users: number) {
  const user = (u: number) => `u${u}`;
  const relevant = (u: number) => `r${u}`;
  const records = Array.from({ length: users }, (_, u) => ({ userId: user(u), pinId: `seen${u}`, weight: 1, timestamp: u }));
  const train = Interactions.fromRecords(records);
  const validation = new Map(Array.from({ length: users }, (_, u) => [user(u), new Set([relevant(u)])]));
  const idOf = (context: RecallContext) => Number(context.userId.slice(1));
  const channels = [
    listChannel('a', (c) => [`a${idOf(c)}`, relevant(idOf(c))]),
    listChannel('b', (c) => [`b${idOf(c)}`, relevant(idOf(c))]),
    listChannel('noise', (c) => [`n${idOf(c)}`, `a${idOf(c)}`, `b${idOf(c)}`, relevant(idOf(c))]),
  ];
  return { train, validation, channels, relevant };
}

test('searchWeights finds the blend no single channel reaches, and leaves a useless channel out', () => {
  const { train, validation, channels } = complementary(40);
  const cases = collectFullRankingCases(channels, train, validation, 10, { now: 100 });
  assert.equal(cases.count, 40);
  const result = searchWeights(cases.cases('rank'), 3, { objective: 'HR@1' });
  assert.deepEqual(result.singles, [0, 0, 0]);
  assert.equal(result.value, 1);
  assert.ok(result.weights[0]! > 0 && result.weights[1]! > 0, `weights ${result.weights}`);
  assert.equal(result.weights[2], 0);
  assert.ok(result.evaluations > 3 && result.evaluations < 100, `${result.evaluations} evaluations`);
});

test('chooseBlend picks the normalisation that works on validation, and the blend channel scores what the search saw', () => {
  const { train, validation, channels, relevant } = complementary(25);
  const cases = collectFullRankingCases(channels, train, validation, 10, { now: 100 });
  const choice = chooseBlend(cases, { objective: 'HR@1' });
  // Min-max gives the relevant pin (each channel's bottom) 0 everywhere: only rank normalisation can lift it.
  assert.equal(choice.normalisation, 'rank');
  assert.equal(choice.validation, 1);
  assert.equal(choice.cases, 25);
  assert.deepEqual(Object.keys(choice.singles), ['a', 'b', 'noise']);

  const blend = new BlendChannel(new Map(channels.map((c) => [c.name, c])), choice);
  const list = blend.recall({ userId: 'u3', now: 100, history: [], exclude: new Set() }, 3);
  assert.equal(list[0]!.pinId, relevant(3));
  const evaluated = evaluateRecall(blend, train, validation, { ks: [1], now: 100 });
  assert.equal(evaluated.metrics['HR@1'], choice.validation);
  assert.equal(evaluated.channel, 'blend');
  assert.deepEqual(blend.save().weights, choice.weights);
});

test('sampled cases rank only the given candidates, like evaluateSampled', () => {
  const { train, channels, relevant } = complementary(10);
  const sampled = Array.from({ length: 10 }, (_, u) => ({ userId: `u${u}`, positive: relevant(u), negatives: [`a${u}`, `n${u}`] }));
  const cases = collectSampledCases(channels, train, sampled, 10, { now: 100 });
  assert.ok(cases.cases('rank').every((c) => c.size === 3 && c.relevant[0] === 1));
  const choice = chooseBlend(cases, { objective: 'HR@1' });
  // b's decoy is not a candidate, so b alone already ranks the positive first.
  assert.equal(choice.singles.b, 1);
  assert.equal(choice.validation, 1);
  const blend = new BlendChannel(new Map(channels.map((c) => [c.name, c])), choice);
  assert.equal(evaluateSampled(blend, train, sampled, { ks: [1], now: 100, depth: 10 }).metrics['HR@1'], 1);
});

test('BlendChannel checks its weights and members', () => {
  const members = new Map([['a', listChannel('a', () => ['x'])]]);
  assert.throws(() => new BlendChannel(members, { weights: { z: 1 }, normalisation: 'rank', depth: 10 }), /blend\.weights\.z/);
  assert.throws(() => new BlendChannel(members, { weights: { a: -1 }, normalisation: 'rank', depth: 10 }), /non-negative/);
  assert.throws(() => new BlendChannel(members, { weights: { a: 1 }, normalisation: 'rank', depth: 0 }), /blend\.depth/);
  assert.throws(() => new BlendCases([], 10), /at least one channel/);
});
