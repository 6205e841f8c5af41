/**
 * Users grouped by who they say they are: k-means (seeded k-means++) over
 * profile vectors (demographics and declared interests, see profile.ts).
 * A new user joins the cluster of the nearest centroid; a user whose profile
 * holds nothing known belongs to none (the whole population speaks for them).
 */
import type { User } from '../domain/types.js';
import { kMeans, nearestCentroid } from '../math/kmeans.js';
import { Random } from '../math/random.js';
import { ProfileEncoder, type ProfileEncoderState } from './profile.js';

/** k-means runs on at most this many profiles (a seeded sample): plenty to place k ≤ 64 centroids. */
const MAX_FIT_PROFILES = 20_000;

export interface ClusterOptions {
  /** Clusters wanted; fewer when there are fewer distinct profiles. */
  k: number;
  seed: number;
  /** How much the declared interests weigh against one demographic field. */
  interestWeight: number;
}

export interface UserClustersState {
  encoder: ProfileEncoderState;
  k: number;
  centroids: number[];
}

export class UserClusters {
  private constructor(
    private readonly encoder: ProfileEncoder,
    /** Number of clusters (0 when no user had a profile). */
    readonly k: number,
    private readonly centroids: Float64Array,
  ) {}

  static fit(users: readonly User[], options: ClusterOptions): UserClusters {
    if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError(`clusters must be a whole number of at least 1, got ${options.k}`);
    const encoder = ProfileEncoder.fit(users, options.interestWeight);
    const d = encoder.dimensions;
    let known = users.filter((u) => encoder.knows(u));
    if (known.length > MAX_FIT_PROFILES) known = new Random(options.seed).sample(known.length, MAX_FIT_PROFILES).sort((a, b) => a - b).map((i) => known[i]!);
    const vectors = known.map((u) => encoder.encode(u));
    const distinct = new Set(vectors.map((v) => v.join(','))).size;
    const k = Math.min(options.k, distinct);
    if (k === 0 || d === 0) return new UserClusters(encoder, 0, new Float64Array(0));
    const points = new Float64Array(vectors.length * d);
    vectors.forEach((v, i) => points.set(v, i * d));
    const { centroids } = kMeans(points, d, { k, seed: options.seed });
    return new UserClusters(encoder, k, centroids);
  }

  /** The user's cluster, or undefined when their profile says nothing known (or there are no clusters). */
  assign(user: User | undefined): number | undefined {
    if (!user || this.k === 0 || !this.encoder.knows(user)) return undefined;
    return nearestCentroid(this.centroids, this.k, this.encoder.encode(user)).cluster;
  }

  save(): UserClustersState {
    return { encoder: this.encoder.save(), k: this.k, centroids: Array.from(this.centroids) };
  }

  static load(state: UserClustersState): UserClusters {
    return new UserClusters(ProfileEncoder.load(state.encoder), state.k, Float64Array.from(state.centroids));
  }
}
