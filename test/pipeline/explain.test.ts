import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pin } from '../../src/domain/types.js';
import { explain } from '../../src/pipeline/explain.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';

const pin = (id: string, title: string, tags: string[] = []) => ({ id, title, tags }) as Pin;
const context: FeedContext = {
  userId: 'u',
  now: 0,
  history: [
    { pinId: 'seed1', weight: 4, timestamp: 1, action: 'save' },
    { pinId: 'seed2', weight: 1, timestamp: 0, action: 'closeup' },
  ],
  exclude: new Set(),
  pins: new Map([
    ['seed1', pin('seed1', 'Oak table')],
    ['seed2', pin('seed2', 'Blue door')],
  ]),
};
const candidate = (sources: Candidate['sources'], tags: string[] = []): Candidate => ({ pinId: 'x', score: 1, sources, pin: pin('x', 'X', tags) });

test('a seed pin explains with what the user did to it', () => {
  assert.equal(explain(context, candidate([{ channel: 'item-cf', score: 1, rank: 0, seedPinId: 'seed1' }])), 'Because you saved "Oak table"');
  assert.equal(explain(context, candidate([{ channel: 'co-engagement', score: 1, rank: 0, seedPinId: 'seed2' }])), 'Because you viewed "Blue door"');
});

test('the best-ranked source speaks, and every channel has words a person understands', () => {
  const both = candidate(
    [
      { channel: 'popular', score: 9, rank: 4 },
      { channel: 'ials', score: 1, rank: 0 },
    ],
    ['kitchen'],
  );
  assert.equal(explain(context, both), 'Picked for you from your activity');
  assert.equal(explain(context, candidate([{ channel: 'popular', score: 1, rank: 0 }], ['kitchen'])), 'Popular in kitchen');
  assert.equal(explain(context, candidate([{ channel: 'popular', score: 1, rank: 0 }])), 'Popular right now');
  assert.equal(explain(context, candidate([{ channel: 'user-cf', score: 1, rank: 0 }])), 'Liked by people with tastes like yours');
});
