import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pin } from '../../src/domain/types.js';
import { byScore, CreatorCapReranker } from '../../src/rerank/creator-cap.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';

const context: FeedContext = { userId: 'u', now: 0, history: [], exclude: new Set(), pins: new Map() };
const candidate = (pinId: string, creatorId: string, score: number): Candidate => ({
  pinId,
  score,
  sources: [],
  pin: { id: pinId, creatorId } as Pin,
});

test('by-score orders highest first with a stable tie-break', () => {
  const out = byScore.rerank(context, [candidate('b', 'x', 1), candidate('a', 'x', 1), candidate('c', 'x', 2)]);
  assert.deepEqual(out.map((c) => c.pinId), ['c', 'a', 'b']);
});

test('creator cap defers pins over the cap to the next page, in score order', () => {
  // Creator X owns the four best pins; pages of 3 with at most 2 per creator.
  const input = [
    candidate('x1', 'X', 9),
    candidate('x2', 'X', 8),
    candidate('x3', 'X', 7),
    candidate('x4', 'X', 6),
    candidate('y1', 'Y', 5),
    candidate('z1', 'Z', 4),
    candidate('y2', 'Y', 3),
  ];
  const out = new CreatorCapReranker(2, 3).rerank(context, input).map((c) => c.pinId);
  // Page 1: x1 x2 (cap) y1; page 2 starts with deferred x3, x4, then z1; y2 last.
  assert.deepEqual(out, ['x1', 'x2', 'y1', 'x3', 'x4', 'z1', 'y2']);
});

test('creator cap keeps every pin even when one creator owns everything', () => {
  const input = Array.from({ length: 5 }, (_, i) => candidate(`x${i}`, 'X', 5 - i));
  const out = new CreatorCapReranker(2, 3).rerank(context, input).map((c) => c.pinId);
  assert.deepEqual([...out].sort(), ['x0', 'x1', 'x2', 'x3', 'x4']);
});
