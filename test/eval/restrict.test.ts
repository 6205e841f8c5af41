import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excludingAlso, UnionSet } from '../../src/eval/restrict.js';
import type { RecallChannel, RecallContext } from '../../src/recall/types.js';

test('UnionSet reads as the union of its two sets without copying them', () => {
  const a = new Set(['x', 'y']);
  const b = new Set(['y', 'z']);
  const union = new UnionSet(a, b);
  assert.equal(union.size, 3);
  assert.deepEqual([...union], ['x', 'y', 'z']);
  assert.ok(union.has('z') && !union.has('w'));
  const seen: string[] = [];
  union.forEach((v) => seen.push(v));
  assert.deepEqual(seen, ['x', 'y', 'z']);
  b.add('w');
  assert.ok(union.has('w'), 'a view, not a copy');
});

test('excludingAlso keeps the blocked pins out of every context the channel sees', () => {
  const catalogue = ['a', 'b', 'c', 'd'];
  const seen: RecallContext[] = [];
  const inner: RecallChannel = {
    name: 'all',
    fit() {},
    recall(context, n) {
      seen.push(context);
      return catalogue.filter((p) => !context.exclude.has(p)).slice(0, n).map((pinId, i) => ({ pinId, score: -i }));
    },
    save: () => 'state',
    load() {},
  };
  const restricted = excludingAlso(inner, new Set(['a', 'b']));
  assert.equal(restricted.name, 'all');
  assert.equal(restricted.save(), 'state');
  const context = (exclude: string[]): RecallContext => ({ userId: 'u', now: 0, history: [], exclude: new Set(exclude) });
  assert.deepEqual(restricted.recall(context([]), 10).map((c) => c.pinId), ['c', 'd']);
  assert.deepEqual(restricted.recall(context(['a']), 10).map((c) => c.pinId), ['c', 'd']);
  assert.deepEqual(restricted.recall(context(['c']), 10).map((c) => c.pinId), ['d'], "the context's own exclusions still hold");
  assert.ok(seen[2]!.exclude instanceof UnionSet);
});
