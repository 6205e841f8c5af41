/**
 * Popular among the user's cluster: demographic-popular (smoothed shares of
 * each group's users) with the k-means cluster of each user's profile as
 * their one attribute, so new users get their cluster's favourite pins.
 */
import type { User } from '../domain/types.js';
import { DemographicPopularChannel } from '../eval/demographic-popular.js';
import { UserClusters, type ClusterOptions } from './clusters.js';

export function clusterPopularChannel(users: readonly User[], options: ClusterOptions & { name?: string }): DemographicPopularChannel {
  const clusters = UserClusters.fit(users, options);
  const profiles = new Map<string, string[]>();
  for (const user of users) {
    const cluster = clusters.assign(user);
    if (cluster !== undefined) profiles.set(user.id, [`cluster:${cluster}`]);
  }
  return new DemographicPopularChannel({ profiles, name: options.name ?? 'cluster-popular' });
}
