/**
 * Playing a bandit policy against a Bernoulli problem whose arm means are
 * known, and measuring its regret: after each round, the expected reward the
 * best arm would have earned minus the expected reward of the arms pulled
 * (pseudo-regret, which has none of the noise of the rewards themselves).
 * The oracle, always pulling the best arm, has regret 0.
 */
import { Random } from '../../math/random.js';
import { ArmStats } from './arms.js';
import type { BanditPolicy } from './policies.js';

export interface BernoulliProblem {
  /** Each arm's probability of a success (engagement). */
  means: ArrayLike<number>;
  /** Each arm's probability of a hide when there was no success (default none). */
  hideRates?: ArrayLike<number>;
}

export interface PlayOptions {
  rounds: number;
  /** Seeds the environment's draws; the policy draws from its own stream (`seed + 1`). */
  seed: number;
  /** What the policy knows before the first round (default nothing). */
  prior?: ArmStats;
  /** A hide counts as this many failures (default 1). */
  hidePenalty?: number;
  /**
   * Impressions per page (default 1): the policy allocates a whole page
   * before seeing any of its outcomes, as in a feed. `rounds` counts
   * impressions either way.
   */
  pageSize?: number;
  /** With pages: at most this many impressions of one arm per page (default no cap). */
  maxPerArm?: number;
}

export interface PlayResult {
  /** Cumulative regret after each round. */
  regret: Float64Array;
  /** Successes earned in all. */
  successes: number;
  /** How often each arm was pulled. */
  pulls: Int32Array;
}

export function bestMean(means: ArrayLike<number>): number {
  let best = -Infinity;
  for (let a = 0; a < means.length; a++) best = Math.max(best, means[a]!);
  return best;
}

export function play(policy: BanditPolicy, problem: BernoulliProblem, options: PlayOptions): PlayResult {
  const { means, hideRates } = problem;
  const K = means.length;
  if (!Number.isInteger(options.rounds) || options.rounds < 0) throw new RangeError(`rounds must be a whole number, got ${options.rounds}`);
  if (options.prior && options.prior.arms !== K) throw new RangeError(`the prior has ${options.prior.arms} arms, the problem ${K}`);
  const arms = options.prior?.clone() ?? new ArmStats(K);
  const world = new Random(options.seed);
  const choices = new Random(options.seed + 1);
  const best = bestMean(means);
  const hidePenalty = options.hidePenalty ?? 1;
  const regret = new Float64Array(options.rounds);
  const pulls = new Int32Array(K);
  let total = 0;
  let successes = 0;
  const pageSize = options.pageSize ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number of at least 1, got ${pageSize}`);
  let page: Int32Array = new Int32Array(0);
  for (let t = 0; t < options.rounds; t++) {
    if (t % pageSize === 0) page = pageSize === 1 ? Int32Array.of(policy.select(arms, choices)) : policy.allocate(arms, pageSize, choices, { maxPerArm: options.maxPerArm ?? Infinity });
    const a = page[t % pageSize]!;
    pulls[a]!++;
    total += best - means[a]!;
    regret[t] = total;
    if (world.float() < means[a]!) {
      successes++;
      arms.update(a, 1);
    } else if (hideRates && world.float() < hideRates[a]!) {
      if (hidePenalty > 0) arms.update(a, 0, hidePenalty);
    } else {
      arms.update(a, 0);
    }
  }
  return { regret, successes, pulls };
}
