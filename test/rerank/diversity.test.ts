import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intraListDistance } from '../../src/eval/beyond-accuracy.js';
import { DppReranker } from '../../src/rerank/dpp.js';
import { MmrReranker } from '../../src/rerank/mmr.js';
import { embeddingSimilarity, tagSimilarity } from '../../src/rerank/similarity.js';
import { candidate, context, ids } from './fixtures.js';

// Ten kitchen pins score highest, then travel and garden pins slightly lower.
const list = () => [
  ...Array.from({ length: 10 }, (_, i) => candidate(`k${i}`, 1 - i * 0.01, 'kitchen')),
  ...Array.from({ length: 5 }, (_, i) => candidate(`t${i}`, 0.85 - i * 0.01, 'travel')),
  ...Array.from({ length: 5 }, (_, i) => candidate(`g${i}`, 0.8 - i * 0.01, 'garden')),
];
const category = (id: string) => id[0];
const ild = (order: string[]) => intraListDistance(order.slice(0, 6), (a, b) => (category(a) === category(b) ? 0 : 1))!;

test('tag similarity: 1 for the same pin, higher within a category than across', () => {
  const c = list();
  const sim = tagSimilarity.prepare(c);
  assert.equal(sim(0, 0), 1);
  assert.equal(sim(0, 1), 1, 'same tags');
  assert.equal(sim(0, 10), 0);
  const byVector = embeddingSimilarity((id) => (id === 'k0' ? Float32Array.from([1, 0]) : id === 'k1' ? Float32Array.from([0, 1]) : undefined)).prepare(c);
  assert.equal(byVector(0, 1), 0.5, 'orthogonal vectors');
  assert.equal(byVector(0, 10), 0, 'no vector: falls back to tags');
});

for (const Reranker of [MmrReranker, DppReranker]) {
  test(`${Reranker.name}: more diverse first screen as lambda falls, score order at lambda 1, nothing lost`, () => {
    const byScore = ids(new Reranker({ lambda: 1, window: 6, depth: 20 }).rerank(context(), list()));
    assert.deepEqual(byScore, ids(list()));
    const diverse = ids(new Reranker({ lambda: 0.6, window: 6, depth: 20 }).rerank(context(), list()));
    assert.equal(diverse[0], 'k0', 'the best pin still leads');
    assert.ok(ild(diverse) > ild(byScore), `${diverse.slice(0, 6)}`);
    assert.deepEqual([...diverse].sort(), [...byScore].sort(), 'a permutation: no pin lost or repeated');
  });
}

test('mmr: only the top depth slots are diversified; the rest keep score order', () => {
  const out = ids(new MmrReranker({ lambda: 0.5, window: 3, depth: 3 }).rerank(context(), list()));
  const rest = out.slice(3);
  assert.deepEqual(rest, ids(list()).filter((id) => !out.slice(0, 3).includes(id)));
});

test('bad diversity options are refused', () => {
  assert.throws(() => new MmrReranker({ lambda: 1.5, window: 3, depth: 3 }), /lambda must be within/);
  assert.throws(() => new DppReranker({ lambda: 0.5, window: 0, depth: 3 }), /window must be a whole number/);
});
