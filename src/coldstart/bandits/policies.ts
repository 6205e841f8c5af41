/**
 * Bandit policies over Bernoulli arms (ArmStats): which arm to pull next, and
 * how to share a page of slots among the arms.
 *
 * - ε-greedy: a uniformly random arm with probability ε, else the arm with
 *   the best mean.
 * - UCB1 (Auer, Cesa-Bianchi & Fischer 2002): the arm maximising
 *   mean + √(c · ln N / n), N all pulls, n the arm's; c = 2 is UCB1 as published.
 * - Thompson sampling: a draw from each arm's Beta(1 + successes, 1 + failures)
 *   posterior, the best draw wins.
 * - random: uniform; the baseline the others must beat.
 *
 * An arm never pulled counts as the best for ε-greedy's greedy step and for
 * UCB1, so each is tried once before either exploits. Ties are broken
 * uniformly at random, so arms listed first are not favoured.
 */
import type { Random } from '../../math/random.js';
import { ArmStats } from './arms.js';

export const POLICY_NAMES = ['epsilon-greedy', 'ucb1', 'thompson'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface BanditPolicy {
  readonly name: string;
  /** The arm to pull next. */
  select(arms: ArmStats, rng: Random): number;
  /** An arm per slot of a page, before any of them is seen. */
  allocate(arms: ArmStats, slots: number, rng: Random): Int32Array;
}

/** The index of the largest value, ties broken uniformly at random. */
export function argmax(values: ArrayLike<number>, rng: Random): number {
  let best = -Infinity;
  let chosen = 0;
  let ties = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > best) {
      best = v;
      chosen = i;
      ties = 1;
    } else if (v === best && rng.int(++ties) === 0) {
      chosen = i;
    }
  }
  return chosen;
}

/**
 * Slots for a deterministic index policy: each slot's arm counts as pulled
 * once more, earning its current mean (nothing, for an arm never pulled), so
 * the next slot sees the arm's confidence bonus shrink and may go elsewhere.
 */
function allocateWithVirtualPulls(policy: BanditPolicy, arms: ArmStats, slots: number, rng: Random): Int32Array {
  const virtual = arms.clone();
  const out = new Int32Array(slots);
  for (let s = 0; s < slots; s++) {
    const arm = policy.select(virtual, rng);
    out[s] = arm;
    virtual.update(arm, virtual.mean(arm) ?? 0);
  }
  return out;
}

/** Slots for a randomised policy: an independent choice per slot. */
function allocateIndependently(policy: BanditPolicy, arms: ArmStats, slots: number, rng: Random): Int32Array {
  const out = new Int32Array(slots);
  for (let s = 0; s < slots; s++) out[s] = policy.select(arms, rng);
  return out;
}

function checkSlots(slots: number): void {
  if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`slots must be a whole number, got ${slots}`);
}

export class EpsilonGreedy implements BanditPolicy {
  readonly name = 'epsilon-greedy';
  constructor(readonly epsilon: number) {
    if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilon must be within [0, 1], got ${epsilon}`);
  }

  select(arms: ArmStats, rng: Random): number {
    if (rng.float() < this.epsilon) return rng.int(arms.arms);
    const values = new Float64Array(arms.arms);
    for (let a = 0; a < arms.arms; a++) values[a] = arms.mean(a) ?? Infinity;
    return argmax(values, rng);
  }

  allocate(arms: ArmStats, slots: number, rng: Random): Int32Array {
    checkSlots(slots);
    return allocateWithVirtualPulls(this, arms, slots, rng);
  }
}

export class Ucb1 implements BanditPolicy {
  readonly name = 'ucb1';
  constructor(readonly exploration = 2) {
    if (!(exploration >= 0 && Number.isFinite(exploration))) throw new RangeError(`UCB1 exploration must be a non-negative number, got ${exploration}`);
  }

  /** mean + √(c · ln N / n); Infinity for an arm never pulled. */
  index(arms: ArmStats, arm: number): number {
    const n = arms.pulls(arm);
    if (n <= 0) return Infinity;
    const total = arms.totalPulls();
    return arms.mean(arm)! + Math.sqrt((this.exploration * Math.log(Math.max(1, total))) / n);
  }

  select(arms: ArmStats, rng: Random): number {
    const values = new Float64Array(arms.arms);
    for (let a = 0; a < arms.arms; a++) values[a] = this.index(arms, a);
    return argmax(values, rng);
  }

  allocate(arms: ArmStats, slots: number, rng: Random): Int32Array {
    checkSlots(slots);
    return allocateWithVirtualPulls(this, arms, slots, rng);
  }
}

/** One draw per arm from its Beta(1 + successes, 1 + failures) posterior. */
export function thompsonDraws(arms: ArmStats, rng: Random): Float64Array {
  const draws = new Float64Array(arms.arms);
  for (let a = 0; a < arms.arms; a++) draws[a] = rng.beta(1 + arms.successes[a]!, 1 + arms.failures[a]!);
  return draws;
}

export class ThompsonSampling implements BanditPolicy {
  readonly name = 'thompson';

  select(arms: ArmStats, rng: Random): number {
    return argmax(thompsonDraws(arms, rng), rng);
  }

  allocate(arms: ArmStats, slots: number, rng: Random): Int32Array {
    checkSlots(slots);
    return allocateIndependently(this, arms, slots, rng);
  }
}

export class RandomPolicy implements BanditPolicy {
  readonly name = 'random';

  select(arms: ArmStats, rng: Random): number {
    return rng.int(arms.arms);
  }

  allocate(arms: ArmStats, slots: number, rng: Random): Int32Array {
    checkSlots(slots);
    return allocateIndependently(this, arms, slots, rng);
  }
}

export interface PolicyOptions {
  policy: PolicyName;
  epsilon: number;
  ucbExploration: number;
}

export function createPolicy(options: PolicyOptions): BanditPolicy {
  switch (options.policy) {
    case 'epsilon-greedy':
      return new EpsilonGreedy(options.epsilon);
    case 'ucb1':
      return new Ucb1(options.ucbExploration);
    case 'thompson':
      return new ThompsonSampling();
    default:
      throw new RangeError(`unknown bandit policy "${String(options.policy)}"; known: ${POLICY_NAMES.join(', ')}`);
  }
}
