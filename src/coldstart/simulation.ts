/**
 * The bandits on the demo world, whose users' true interests are known.
 * A share of the users is held out as new: the cold-start channel is fitted
 * on the others' events and profiles, and each new user is then shown one pin
 * per round from the category the bandit picks (one of that category's pins
 * popular in the user's cluster, drawn at random). The user engages (a
 * closeup or a save) or hides with the probabilities the demo world's
 * behaviour model gives for them and that pin (DemoTruth.engagement), so each
 * category is a Bernoulli arm whose mean is known exactly, and the regret of
 * every policy can be measured against the oracle (always the user's best
 * category) and against random choice.
 */
import { DEFAULT_CONFIG, type Config } from '../config.js';
import type { User } from '../domain/types.js';
import { generateDemoWorld, type DemoWorld } from '../demo/world.js';
import type { DemoWorldOptions } from '../demo/options.js';
import { Random } from '../math/random.js';
import { Interactions } from '../recall/interactions.js';
import type { ArmStats } from './bandits/arms.js';
import { EpsilonGreedy, RandomPolicy, ThompsonSampling, Ucb1, type BanditPolicy } from './bandits/policies.js';
import { bestMean, play, type BernoulliProblem } from './bandits/regret.js';
import { ColdStartChannel } from './cold-start-channel.js';
import type { ColdStartUserOptions } from './config.js';

export interface RegretSimulationOptions {
  world: DemoWorldOptions;
  /** Share of the users held out as new (default 0.2). */
  newUserShare?: number;
  /** Rounds (impressions) per new user. */
  rounds: number;
  /** New users simulated at most (default all held out). */
  users?: number;
  seed: number;
  coldStart: ColdStartUserOptions;
  /** Pins per category the arm's mean is averaged over (default 20: about what a new user sees of one). */
  pinsPerArm?: number;
  /** Impressions per page, allocated before any outcome is seen (default 1). */
  pageSize?: number;
  /** With pages: at most this many impressions of one category per page (default no cap). */
  maxPerCategory?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RegretCurve {
  /** e.g. "thompson + clusters". */
  name: string;
  policy: string;
  /** Whether the bandit started from the user's cluster prior. */
  prior: boolean;
  /** Mean cumulative regret over the users after each round. */
  regret: Float64Array;
  /** Engagements per impression over all rounds and users. */
  engagementRate: number;
}

export interface RegretReport {
  rounds: number;
  users: number;
  categories: number;
  clusters: number;
  /** Engagements per impression of the oracle (the best category's mean, averaged over users). */
  oracleRate: number;
  curves: RegretCurve[];
  seed: number;
}

/** The demo world split into known users (the channel is fitted on them) and new ones. */
export interface ColdStartWorld {
  world: DemoWorld;
  channel: ColdStartChannel;
  newUsers: User[];
  now: number;
}

/** Holds out `newUserShare` of the users (seeded) and fits the cold-start channel on the rest. */
export function prepareColdStartWorld(
  world: DemoWorld,
  options: { newUserShare: number; seed: number; coldStart: ColdStartUserOptions; config?: Config },
): ColdStartWorld {
  const config = options.config ?? DEFAULT_CONFIG;
  const ids = world.users.map((u) => u.id);
  const held = new Set(new Random(options.seed).shuffle([...ids]).slice(0, Math.round(ids.length * options.newUserShare)));
  const known = world.users.filter((u) => !held.has(u.id));
  const now = world.truth.windowEnd;
  const events = world.events.filter((e) => !held.has(e.userId)).map((e, i) => ({ ...e, seq: i + 1 }));
  const data = Interactions.fromEvents(
    events,
    { weights: config.training.eventWeights, dwellThresholdMs: config.training.dwellThresholdMs },
    world.pins.map((p) => p.id),
  );
  const channel = new ColdStartChannel(options.coldStart);
  channel.fit(data, { now, catalog: world.pins, users: known });
  return { world, channel, newUsers: world.users.filter((u) => held.has(u.id)), now };
}

/** Each category as an arm for the user: the mean engagement and hide rates over the pins it would show them. */
export function userProblem(prepared: ColdStartWorld, user: User, pinsPerArm: number): BernoulliProblem {
  const { channel, world, now } = prepared;
  const cluster = channel.clusterOf(user.id, user);
  const K = channel.categories.length;
  const means = new Float64Array(K);
  const hideRates = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    const pins = channel.popularPins(cluster, c).slice(0, pinsPerArm);
    for (const pinId of pins) {
      const p = world.truth.engagement(user.id, pinId, now, 0);
      means[c]! += p.closeup + (1 - p.closeup) * p.directSave;
      hideRates[c]! += p.hide;
    }
    if (pins.length > 0) {
      means[c]! /= pins.length;
      hideRates[c]! /= pins.length;
    }
  }
  return { means, hideRates };
}

function policies(o: ColdStartUserOptions): BanditPolicy[] {
  return [new EpsilonGreedy(o.epsilon), new Ucb1(o.ucbExploration), new ThompsonSampling()];
}

/** One way of choosing categories for a new user: a policy, starting from nothing or from the user's profile. */
export interface Variant {
  name: string;
  policy: BanditPolicy;
  /** The prior the policy starts from for a user (none: it starts knowing nothing). */
  prior?: (prepared: ColdStartWorld, user: User) => ArmStats | undefined;
}

/** The bandit's prior as served: the user's cluster, and the categories they declared. */
export const profilePrior = (prepared: ColdStartWorld, user: User): ArmStats | undefined => prepared.channel.priorFor(user.id, user);

/** How reports name the policies. */
export const POLICY_LABELS: Readonly<Record<string, string>> = { 'epsilon-greedy': 'ε-greedy', ucb1: 'UCB1', thompson: 'Thompson', random: 'random' };

/** Random, then each policy from nothing, then each from the profile prior ("+ prior"). */
export function standardVariants(o: ColdStartUserOptions): Variant[] {
  const label = (policy: BanditPolicy) => POLICY_LABELS[policy.name] ?? policy.name;
  return [
    { name: 'random', policy: new RandomPolicy() },
    ...policies(o).map((policy) => ({ name: label(policy), policy })),
    ...policies(o).map((policy) => ({ name: `${label(policy)} + prior`, policy, prior: profilePrior })),
  ];
}

/** Regret of random choice and of each bandit, without and with the profile prior, on the held-out users. */
export function simulateColdStartRegret(options: RegretSimulationOptions): RegretReport {
  const prepared = prepareColdStartWorld(generateDemoWorld(options.world), {
    newUserShare: options.newUserShare ?? 0.2,
    seed: options.seed,
    coldStart: options.coldStart,
  });
  return regretOn(prepared, standardVariants(options.coldStart), options);
}

/** Plays every variant for every new user of a prepared world; mean regret curves. */
export function regretOn(
  prepared: ColdStartWorld,
  variants: readonly Variant[],
  options: Omit<RegretSimulationOptions, 'world' | 'newUserShare'>,
): RegretReport {
  const { rounds, seed, coldStart } = options;
  const users = prepared.newUsers.slice(0, options.users ?? prepared.newUsers.length);
  const sums = variants.map(() => new Float64Array(rounds));
  const successes = new Float64Array(variants.length);
  let oracle = 0;
  users.forEach((user, u) => {
    const problem = userProblem(prepared, user, options.pinsPerArm ?? 20);
    oracle += bestMean(problem.means);
    variants.forEach((v, i) => {
      const prior = v.prior?.(prepared, user);
      const result = play(v.policy, problem, {
        rounds,
        seed: seed * 1000 + u,
        hidePenalty: coldStart.hidePenalty,
        pageSize: options.pageSize ?? 1,
        maxPerArm: options.maxPerCategory ?? Infinity,
        ...(prior ? { prior } : {}),
      });
      const sum = sums[i]!;
      for (let t = 0; t < rounds; t++) sum[t]! += result.regret[t]!;
      successes[i]! += result.successes;
    });
    options.onProgress?.(u + 1, users.length);
  });
  const n = Math.max(1, users.length);
  return {
    rounds,
    users: users.length,
    categories: prepared.channel.categories.length,
    clusters: prepared.channel.clusterCount,
    oracleRate: oracle / n,
    seed,
    curves: variants.map((v, i) => ({
      name: v.name,
      policy: v.policy.name,
      prior: v.prior !== undefined,
      regret: sums[i]!.map((x) => x / n),
      engagementRate: successes[i]! / (n * Math.max(1, rounds)),
    })),
  };
}

/** The world without some users (their profiles and events); the truth stays whole. */
export function withoutUsers(world: DemoWorld, users: ReadonlySet<string>): DemoWorld {
  return { ...world, users: world.users.filter((u) => !users.has(u.id)), events: world.events.filter((e) => !users.has(e.userId)) };
}

export interface SweepOptions {
  /** Cluster counts to try. */
  clusters: readonly number[];
  /** Prior strengths to try. */
  strengths: readonly number[];
  rounds: number;
  /** Rounds at which the regret is reported. */
  checkpoints: readonly number[];
  users?: number;
  seed: number;
  coldStart: ColdStartUserOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface SweepRow {
  clusters: number;
  strength: number;
  policy: string;
  /** Mean cumulative regret at each checkpoint. */
  regret: number[];
}

/**
 * Chooses the number of clusters and the prior strength on validation users
 * only: the test users (held out as in simulateColdStartRegret) are removed
 * first, and a share of the remaining users is held out as new in their stead.
 */
export function sweepPriors(world: DemoWorld, newUserShare: number, options: SweepOptions): SweepRow[] {
  const test = prepareColdStartWorld(world, { newUserShare, seed: options.seed, coldStart: options.coldStart }).newUsers;
  const known = withoutUsers(world, new Set(test.map((u) => u.id)));
  const rows: SweepRow[] = [];
  const total = options.clusters.length * options.strengths.length;
  let done = 0;
  for (const k of options.clusters) {
    const prepared = prepareColdStartWorld(known, { newUserShare, seed: options.seed + 1, coldStart: { ...options.coldStart, clusters: k } });
    for (const strength of options.strengths) {
      const coldStart = { ...options.coldStart, clusters: k, priorStrength: strength };
      const prior = (p: ColdStartWorld, user: User) => p.channel.priorFor(user.id, user, strength);
      const variants = policies(coldStart).map((policy) => ({ name: policy.name, policy, prior }));
      const report = regretOn(prepared, variants, { rounds: options.rounds, seed: options.seed, users: options.users, coldStart });
      for (const curve of report.curves) {
        rows.push({ clusters: report.clusters, strength, policy: curve.policy, regret: options.checkpoints.map((t) => curve.regret[t - 1]!) });
      }
      options.onProgress?.(++done, total);
    }
  }
  return rows;
}
