import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominates, paretoFront, type Sense } from '../../src/eval/pareto.js';

// Saves up, closeups up, hides down: the sweep's objectives.
const SENSES: Sense[] = ['max', 'max', 'min'];

test('dominance: at least as good everywhere and strictly better somewhere, per sense', () => {
  assert.equal(dominates([3, 3, 1], [2, 3, 1], SENSES), true, 'more saves, the rest equal');
  assert.equal(dominates([3, 3, 1], [3, 3, 2], SENSES), true, 'fewer hides is better');
  assert.equal(dominates([3, 3, 2], [3, 3, 1], SENSES), false, 'more hides is worse');
  assert.equal(dominates([3, 3, 1], [3, 3, 1], SENSES), false, 'equal points do not dominate each other');
  assert.equal(dominates([4, 2, 1], [3, 3, 1], SENSES), false, 'a trade-off is no dominance');
  assert.equal(dominates([1], [2], ['min']), true);
});

test('the front keeps every non-dominated point, ties included, in index order', () => {
  const points = [
    [3, 3, 1], // 0: efficient
    [2, 4, 1], // 1: efficient (most closeups among hides 1)
    [2, 2, 2], // 2: dominated by 0
    [3, 3, 1], // 3: a tie with 0: both stay
    [1, 5, 3], // 4: efficient (most closeups of all)
    [3, 2, 1], // 5: dominated by 0 (fewer closeups)
    [0, 0, 0.5], // 6: efficient (fewest hides)
  ];
  assert.deepEqual(paretoFront(points, SENSES), [0, 1, 3, 4, 6]);
  // A point better than the tied pair on hides removes both of them.
  assert.deepEqual(paretoFront([...points, [3, 3, 0.5]], SENSES), [1, 4, 7]);
  assert.deepEqual(paretoFront([[1, 1, 1]], SENSES), [0], 'a single point is its own front');
  assert.deepEqual(paretoFront([], SENSES), []);
});

test('the front refuses points it cannot compare', () => {
  assert.throws(() => paretoFront([[1, 2]], SENSES), /point 0 has 2 values for 3 objectives/);
  assert.throws(() => paretoFront([[1, 2, 3], [1, Number.NaN, 3]], SENSES), /point 1 has a value that is not a finite number/);
  assert.throws(() => paretoFront([[1]], []), /at least one objective/);
});
