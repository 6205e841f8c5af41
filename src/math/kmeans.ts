/**
 * k-means on dense row-major points: k-means++ seeding (Arthur & Vassilvitskii
 * 2007) from a seeded generator, then Lloyd iterations until no point changes
 * cluster. Deterministic for a given seed and input order.
 */
import { Random } from './random.js';

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Lloyd iterations at most (default 100). */
  maxIterations?: number;
}

export interface KMeansResult {
  k: number;
  dimensions: number;
  /** k × dimensions, row-major. */
  centroids: Float64Array;
  /** The cluster of each point. */
  assignments: Int32Array;
  /** Sum of squared distances of the points to their centroids. */
  inertia: number;
  iterations: number;
}

function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0;
  const ai = i * d;
  const bj = j * d;
  for (let x = 0; x < d; x++) {
    const diff = a[ai + x]! - b[bj + x]!;
    sum += diff * diff;
  }
  return sum;
}

/** The nearest centroid of `point` (a vector of `dimensions` values): index and squared distance; ties go to the lower index. */
export function nearestCentroid(centroids: Float64Array, k: number, point: Float64Array): { cluster: number; distance: number } {
  const d = point.length;
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const distance = squaredDistance(point, 0, centroids, c, d);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return { cluster: best, distance: bestDistance };
}

/** k-means++: the first centroid uniformly, each next one with probability proportional to its squared distance to the nearest chosen. */
function seedCentroids(points: Float64Array, n: number, d: number, k: number, rng: Random): Float64Array {
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = rng.int(n);
  for (let c = 0; c < k; c++) {
    centroids.set(points.subarray(chosen * d, (chosen + 1) * d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, squaredDistance(points, i, centroids, c, d));
      total += nearest[i]!;
    }
    // Fewer distinct points than k: the remaining centroids repeat a point (and stay empty).
    chosen = total > 0 ? rng.weighted(nearest) : rng.int(n);
  }
  return centroids;
}

export function kMeans(points: Float64Array, dimensions: number, options: KMeansOptions): KMeansResult {
  const d = dimensions;
  if (!Number.isInteger(d) || d < 1 || points.length % d !== 0) throw new RangeError(`k-means: ${points.length} values are not rows of ${d}`);
  const n = points.length / d;
  const { k, seed } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k-means: k must be a whole number of at least 1, got ${k}`);
  if (k > n) throw new RangeError(`k-means: k = ${k} exceeds the ${n} points`);
  const maxIterations = options.maxIterations ?? 100;
  const rng = new Random(seed);
  const centroids = seedCentroids(points, n, d, k, rng);
  const assignments = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const { cluster } = nearestCentroid(centroids, k, points.subarray(i * d, (i + 1) * d));
      if (cluster !== assignments[i]) {
        assignments[i] = cluster;
        changed++;
      }
    }
    if (changed === 0) break;
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i]!;
      sizes[c]!++;
      for (let x = 0; x < d; x++) sums[c * d + x]! += points[i * d + x]!;
    }
    // An empty cluster keeps its centroid: it may win points back on the next pass.
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      for (let x = 0; x < d; x++) centroids[c * d + x] = sums[c * d + x]! / sizes[c]!;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(points, i, centroids, assignments[i]!, d);
  return { k, dimensions: d, centroids, assignments, inertia, iterations };
}
