/**
 * Choosing k for the user clusters on the data at hand. A share of the users
 * with interactions is held out; for each candidate k the clusters and the
 * category priors are fitted on the others, and the held-out users' own
 * outcomes are scored under the prior each would have been served (their
 * cluster, their declared categories): the mean log-likelihood per
 * interaction. Following the one-standard-error rule, the smallest k whose
 * likelihood is within one standard error of the best one's (paired over the
 * held-out users) wins, so clusters are only used where profiles say
 * something about taste that the population does not.
 */
import type { User } from '../domain/types.js';
import { Random } from '../math/random.js';
import type { Interactions } from '../recall/interactions.js';
import { categoryPriors, countCategoryTrials, LEFT_OUT, userMeans } from './category-priors.js';
import { UserClusters } from './clusters.js';

export const CLUSTER_CANDIDATES: readonly number[] = [1, 2, 4, 8, 16, 32];

/** Share of the users held out to choose k. */
const VALIDATION_SHARE = 0.2;
const EPSILON = 1e-6;

export interface ClusterCountInput {
  data: Interactions;
  users: readonly User[];
  /** Category of each item of `data` (-1: none). */
  itemCategory: Int32Array;
  categories: number;
  /** The categories a user declared. */
  declared: (user: User) => readonly number[];
  seed: number;
  interestWeight: number;
  smoothing: number;
  candidates?: readonly number[];
}

export interface ClusterCountChoice {
  k: number;
  /** Per candidate k: mean log-likelihood per held-out interaction, and its standard error relative to the best k (paired by user). */
  scores: { k: number; logLikelihood: number; standardError: number }[];
}

export function chooseClusterCount(input: ClusterCountInput): ClusterCountChoice {
  const { data, itemCategory, categories: C } = input;
  const candidates = input.candidates ?? CLUSTER_CANDIDATES;
  const byId = new Map(input.users.map((u) => [u.id, u]));
  const rows = Array.from({ length: data.userCount }, (_, u) => u).filter((u) => byId.has(data.users.id(u)));
  const held = new Set(new Random(input.seed).shuffle(rows).slice(0, Math.round(rows.length * VALIDATION_SHARE)));
  // Too few profiled users with interactions to hold any out: one cluster, the population.
  if (held.size === 0) return { k: 1, scores: [] };
  const heldIds = new Set([...held].map((u) => data.users.id(u)));
  const fitUsers = input.users.filter((u) => !heldIds.has(u.id));
  const declared = (u: number) => {
    const user = byId.get(data.users.id(u));
    return user ? input.declared(user) : [];
  };
  const { indptr, indices, values } = data.byUser;
  const heldRows = [...held];
  let interactions = 0;
  const perUser = candidates.map((k) => {
    const clusters = UserClusters.fit(fitUsers, { k, seed: input.seed, interestWeight: input.interestWeight });
    const userGroup = Int32Array.from({ length: data.userCount }, (_, u) =>
      held.has(u) ? LEFT_OUT : (clusters.assign(byId.get(data.users.id(u))) ?? -1),
    );
    const priors = categoryPriors(countCategoryTrials(data, itemCategory, userGroup, clusters.k, C, declared), input.smoothing);
    interactions = 0;
    const totals = heldRows.map((u) => {
      const user = byId.get(data.users.id(u))!;
      const means = userMeans(priors, clusters.assign(user), input.declared(user));
      let sum = 0;
      for (let c = 0; c < C; c++) sum += means[c]!;
      let logLikelihood = 0;
      for (let j = indptr[u]!; j < indptr[u + 1]!; j++) {
        const c = itemCategory[indices[j]!]!;
        if (c < 0) continue;
        const engaged = values[j]! > 0;
        if (priors.mode === 'rates') logLikelihood += Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, engaged ? means[c]! : 1 - means[c]!)));
        else if (engaged) logLikelihood += Math.log(Math.max(EPSILON, means[c]! / sum));
        else continue;
        interactions++;
      }
      return logLikelihood;
    });
    return { k: clusters.k, totals };
  });
  const n = Math.max(1, interactions);
  const means = perUser.map((p) => p.totals.reduce((a, b) => a + b, 0) / n);
  const best = means.indexOf(Math.max(...means));
  const scores = perUser.map((p, i) => ({ k: p.k, logLikelihood: means[i]!, standardError: pairedStandardError(p.totals, perUser[best]!.totals, n) }));
  const chosen = scores.find((s) => s.logLikelihood >= means[best]! - s.standardError) ?? scores[best]!;
  return { k: Math.max(1, chosen.k), scores };
}

/** The standard error of the difference of two per-user totals' sums, per interaction (paired by user). */
function pairedStandardError(a: readonly number[], b: readonly number[], interactions: number): number {
  const m = a.length;
  if (m < 2) return 0;
  const d = a.map((x, i) => x - b[i]!);
  const mean = d.reduce((s, x) => s + x, 0) / m;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1);
  // Sum over m users of the differences, per interaction: its sd is √m · sd(d) / interactions.
  return (Math.sqrt(m * variance) / interactions);
}
