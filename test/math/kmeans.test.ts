import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kMeans, nearestCentroid } from '../../src/math/kmeans.js';

/** Three tight groups of 2-D points around (0, 0), (10, 0) and (0, 10). */
const BLOBS = [
  [0, 0], [1, 0], [0, 1],
  [10, 0], [11, 0], [10, 1], [11, 1],
  [0, 10], [0, 11],
];
const flat = (points: number[][]) => Float64Array.from(points.flat());

test('k-means finds three obvious groups, with centroids at their means', () => {
  const result = kMeans(flat(BLOBS), 2, { k: 3, seed: 1 });
  const a = result.assignments;
  // Same group, same cluster; different groups, different clusters.
  assert.deepEqual(new Set([a[0], a[1], a[2]]).size, 1);
  assert.deepEqual(new Set([a[3], a[4], a[5], a[6]]).size, 1);
  assert.deepEqual(new Set([a[7], a[8]]).size, 1);
  assert.equal(new Set([a[0], a[3], a[7]]).size, 3);
  const centroid = (i: number) => Array.from(result.centroids.subarray(a[i]! * 2, a[i]! * 2 + 2));
  assert.deepEqual(centroid(0), [1 / 3, 1 / 3]);
  assert.deepEqual(centroid(3), [10.5, 0.5]);
  assert.deepEqual(centroid(7), [0, 10.5]);
  // Inertia by hand: group 1: 2/9+5/9+5/9... = 4/3; group 2: 4 × 0.5 = 2; group 3: 2 × 0.25 = 0.5.
  assert.ok(Math.abs(result.inertia - (4 / 3 + 2 + 0.5)) < 1e-12, `inertia ${result.inertia}`);
});

test('k = 1 puts every point in one cluster at the mean', () => {
  const result = kMeans(flat([[0, 0], [2, 0], [4, 6]]), 2, { k: 1, seed: 3 });
  assert.deepEqual(Array.from(result.assignments), [0, 0, 0]);
  assert.deepEqual(Array.from(result.centroids), [2, 2]);
  assert.equal(result.inertia, (4 + 4) + (0 + 4) + (4 + 16));
});

test('the same seed gives the same clustering; nearest centroid agrees with the assignments', () => {
  const points = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  const a = kMeans(points, 4, { k: 5, seed: 42 });
  const b = kMeans(points, 4, { k: 5, seed: 42 });
  assert.deepEqual(a.assignments, b.assignments);
  assert.deepEqual(a.centroids, b.centroids);
  for (let i = 0; i < 100; i++) {
    assert.equal(nearestCentroid(a.centroids, 5, points.subarray(i * 4, i * 4 + 4)).cluster, a.assignments[i]);
  }
});

test('more clusters than distinct points leaves some empty instead of failing', () => {
  const result = kMeans(flat([[1, 1], [1, 1], [5, 5], [5, 5]]), 2, { k: 3, seed: 9 });
  assert.equal(result.inertia, 0);
  assert.equal(result.assignments[0], result.assignments[1]);
  assert.notEqual(result.assignments[0], result.assignments[2]);
});

test('bad input is refused with a clear error', () => {
  assert.throws(() => kMeans(flat([[0, 0]]), 2, { k: 2, seed: 1 }), /k = 2 exceeds the 1 points/);
  assert.throws(() => kMeans(flat([[0, 0]]), 2, { k: 0, seed: 1 }), /k must be a whole number/);
  assert.throws(() => kMeans(Float64Array.from([1, 2, 3]), 2, { k: 1, seed: 1 }), /not rows of 2/);
});
