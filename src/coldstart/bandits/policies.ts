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

/** Which arms may be chosen (1) and which not (0); undefined: all. */
export type ArmMask = Uint8Array | undefined;

export interface BanditPolicy {
  readonly name: string;
  /** The arm to pull next, among the `allowed` ones. */
  select(arms: ArmStats, rng: Random, allowed?: ArmMask): number;
  /** An arm per slot, before any of them is seen (see AllocateOptions). */
  allocate(arms: ArmStats, slots: number, rng: Random, options?: AllocateOptions): Int32Array;
}

export interface AllocateOptions {
  /**
   * No arm gets more than this many slots of a page (raised to
   * ⌈pageSize / arms⌉ when lower, so every slot has an arm). Default: no cap.
   */
  maxPerArm?: number;
  /** Slots per page: the cap counts afresh every `pageSize` slots. Default: all slots are one page. */
  pageSize?: number;
}

/** The index of the largest allowed value, ties broken uniformly at random. */
export function argmax(values: ArrayLike<number>, rng: Random, allowed?: ArmMask): number {
  let best = -Infinity;
  let chosen = -1;
  let ties = 0;
  for (let i = 0; i < values.length; i++) {
    if (allowed && allowed[i] === 0) continue;
    const v = values[i]!;
    if (v > best || chosen < 0) {
      best = v;
      chosen = i;
      ties = 1;
    } else if (v === best && rng.int(++ties) === 0) {
      chosen = i;
    }
  }
  if (chosen < 0) throw new RangeError('no arm is allowed');
  return chosen;
}

/** A uniformly random allowed arm. */
function randomArm(arms: number, rng: Random, allowed?: ArmMask): number {
  if (!allowed) return rng.int(arms);
  let count = 0;
  for (let a = 0; a < arms; a++) count += allowed[a]!;
  if (count === 0) throw new RangeError('no arm is allowed');
  let pick = rng.int(count);
  for (let a = 0; a < arms; a++) if (allowed[a] && pick-- === 0) return a;
  return arms - 1;
}

/**
 * Fills the slots one by one with `choose`, keeping every arm under its cap
 * on each page. `choose` sees the arms as they stand (see the callers).
 */
function fillSlots(arms: number, slots: number, options: AllocateOptions, choose: (allowed: ArmMask) => number): Int32Array {
  if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`slots must be a whole number, got ${slots}`);
  const pageSize = options.pageSize ?? Math.max(1, slots);
  const maxPerArm = options.maxPerArm ?? Infinity;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number of at least 1, got ${options.pageSize}`);
  if (!(maxPerArm >= 1)) throw new RangeError(`maxPerArm must be at least 1, got ${maxPerArm}`);
  const cap = Math.max(maxPerArm, Math.ceil(pageSize / arms));
  const taken = new Int32Array(arms);
  const allowed = new Uint8Array(arms).fill(1);
  const out = new Int32Array(slots);
  for (let s = 0; s < slots; s++) {
    if (s % pageSize === 0) {
      taken.fill(0);
      allowed.fill(1);
    }
    const arm = choose(cap >= pageSize ? undefined : allowed);
    out[s] = arm;
    if (++taken[arm]! >= cap) allowed[arm] = 0;
  }
  return out;
}

/**
 * Slots for a deterministic index policy: each slot's arm counts as pulled
 * once more, earning its current mean (nothing, for an arm never pulled), so
 * the next slot sees the arm's confidence bonus shrink and may go elsewhere.
 */
function allocateWithVirtualPulls(policy: BanditPolicy, arms: ArmStats, slots: number, rng: Random, options: AllocateOptions): Int32Array {
  const virtual = arms.clone();
  return fillSlots(arms.arms, slots, options, (allowed) => {
    const arm = policy.select(virtual, rng, allowed);
    virtual.update(arm, virtual.mean(arm) ?? 0);
    return arm;
  });
}

/** Slots for a randomised policy: an independent choice per slot. */
function allocateIndependently(policy: BanditPolicy, arms: ArmStats, slots: number, rng: Random, options: AllocateOptions): Int32Array {
  return fillSlots(arms.arms, slots, options, (allowed) => policy.select(arms, rng, allowed));
}

export class EpsilonGreedy implements BanditPolicy {
  readonly name = 'epsilon-greedy';
  constructor(readonly epsilon: number) {
    if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilon must be within [0, 1], got ${epsilon}`);
  }

  select(arms: ArmStats, rng: Random, allowed?: ArmMask): number {
    if (rng.float() < this.epsilon) return randomArm(arms.arms, rng, allowed);
    const values = new Float64Array(arms.arms);
    for (let a = 0; a < arms.arms; a++) values[a] = arms.mean(a) ?? Infinity;
    return argmax(values, rng, allowed);
  }

  allocate(arms: ArmStats, slots: number, rng: Random, options: AllocateOptions = {}): Int32Array {
    return allocateWithVirtualPulls(this, arms, slots, rng, options);
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

  select(arms: ArmStats, rng: Random, allowed?: ArmMask): number {
    const values = new Float64Array(arms.arms);
    for (let a = 0; a < arms.arms; a++) values[a] = this.index(arms, a);
    return argmax(values, rng, allowed);
  }

  allocate(arms: ArmStats, slots: number, rng: Random, options: AllocateOptions = {}): Int32Array {
    return allocateWithVirtualPulls(this, arms, slots, rng, options);
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

  select(arms: ArmStats, rng: Random, allowed?: ArmMask): number {
    return argmax(thompsonDraws(arms, rng), rng, allowed);
  }

  allocate(arms: ArmStats, slots: number, rng: Random, options: AllocateOptions = {}): Int32Array {
    return allocateIndependently(this, arms, slots, rng, options);
  }
}

export class RandomPolicy implements BanditPolicy {
  readonly name = 'random';

  select(arms: ArmStats, rng: Random, allowed?: ArmMask): number {
    return randomArm(arms.arms, rng, allowed);
  }

  allocate(arms: ArmStats, slots: number, rng: Random, options: AllocateOptions = {}): Int32Array {
    return allocateIndependently(this, arms, slots, rng, options);
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
