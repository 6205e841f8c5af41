import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitByTime, subsetExamples } from '../../src/rank/data.js';
import { multiTaskProblem } from './synthetic.js';

test('subsets and time splits keep request ids aligned with their rows, and add none where there were none', () => {
  const x = multiTaskProblem(10, 1);
  const withRequests = { ...x, requestIds: x.userIds.map((_, i) => `r${Math.floor(i / 3)}`) };
  const picked = subsetExamples(withRequests, [7, 2]);
  assert.deepEqual(picked.requestIds, ['r2', 'r0']);
  assert.deepEqual([...picked.rows], [...x.rows.subarray(7 * 6, 8 * 6), ...x.rows.subarray(2 * 6, 3 * 6)]);
  const { before, after } = splitByTime(withRequests, 0.7);
  assert.deepEqual([...before.requestIds!, ...after.requestIds!], withRequests.requestIds);
  assert.equal('requestIds' in subsetExamples(x, [0, 1]), false);
});
