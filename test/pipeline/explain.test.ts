import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pin } from '../../src/domain/types.js';
import { explain } from '../../src/pipeline/explain.js';
import type { Candidate, FeedContext } from '../../src/pipeline/types.js';

const DAY = 86_400_000;
const NOW = 10 * DAY;
const pin = (id: string, title: string, tags: string[] = [], createdAt = 0) => ({ id, title, tags, createdAt, creatorId: 'c1' }) as Pin;
const context: FeedContext = {
  userId: 'u',
  now: NOW,
  history: [
    { pinId: 'seed1', weight: 4, timestamp: 1, action: 'save' },
    { pinId: 'seed2', weight: 1, timestamp: 0, action: 'closeup' },
    { pinId: 'seed3', weight: 1, timestamp: NOW - 3600_000, action: 'closeup' },
  ],
  exclude: new Set(),
  pins: new Map([
    ['seed1', pin('seed1', 'Oak table')],
    ['seed2', pin('seed2', 'Blue door')],
    ['seed3', pin('seed3', 'Green lamp')],
  ]),
  creatorName: (id) => (id === 'c1' ? 'Ana Studio' : undefined),
};
const candidate = (sources: Candidate['sources'], tags: string[] = []): Candidate => ({ pinId: 'x', score: 1, sources, pin: pin('x', 'X', tags) });

test('a seed pin explains with what the user did to it', () => {
  assert.equal(explain(context, candidate([{ channel: 'item-cf', score: 1, rank: 0, seedPinId: 'seed1' }])), 'Because you saved "Oak table"');
  assert.equal(explain(context, candidate([{ channel: 'co-engagement', score: 1, rank: 0, seedPinId: 'seed2' }])), 'Because you viewed "Blue door"');
  assert.equal(explain(context, candidate([{ channel: 'content', score: 1, rank: 0, seedPinId: 'seed3' }])), 'Similar to pins you viewed today');
});

test('a pin from the last three days without a seed is new from its creator', () => {
  const fresh: Candidate = { pinId: 'n', score: 1, sources: [{ channel: 'content', score: 1, rank: 0 }], pin: pin('n', 'N', ['diy'], NOW - DAY) };
  assert.equal(explain(context, fresh), 'New from Ana Studio');
  assert.equal(explain({ ...context, creatorName: undefined }, fresh), 'New on Tessera');
  fresh.pin!.createdAt = NOW - 4 * DAY;
  assert.equal(explain(context, fresh), 'Similar to pins you engaged with');
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
