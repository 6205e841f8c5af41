import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utility, utilityWeights, UTILITY_DEFAULTS } from '../../src/rank/utility.js';

test('utility is the weighted sum of the heads, with dwell as p(closeup) × predicted log-dwell', () => {
  const predictions = {
    closeup: Float32Array.of(0.5, 0.1),
    click: Float32Array.of(0.2, 0),
    save: Float32Array.of(0.1, 0),
    hide: Float32Array.of(0, 0.5),
    dwell: Float32Array.of(2, 3),
  };
  const w = utilityWeights({ closeup: 1, click: 2, save: 4, hide: -8, dwell: 0.5 });
  const u = utility(predictions, w);
  assert.ok(Math.abs(u[0]! - (0.5 + 0.4 + 0.4 + 0 + 0.5 * 0.5 * 2)) < 1e-6);
  assert.ok(Math.abs(u[1]! - (0.1 - 4 + 0.5 * 0.1 * 3)) < 1e-6);
  assert.ok(u[0]! > u[1]!, 'a likely hide ranks below');
  // Without a dwell head there is no dwell term.
  const { dwell: _, ...noDwell } = predictions;
  assert.ok(Math.abs(utility(noDwell, w)[0]! - 1.3) < 1e-6);
});

test('utility weights take defaults and reject a rewarded hide', () => {
  assert.deepEqual(utilityWeights(), UTILITY_DEFAULTS);
  assert.ok(UTILITY_DEFAULTS.hide < 0);
  assert.throws(() => utilityWeights({ hide: 1 }), /utility weights\/hide/);
  assert.throws(() => utilityWeights({ likes: 1 } as never), /likes.*not a known field/);
});
