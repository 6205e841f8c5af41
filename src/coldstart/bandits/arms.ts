/**
 * What a Bernoulli bandit knows about its arms: per arm, the successes and
 * failures seen so far, prior pseudo-counts included. A prior of strength m
 * and mean μ starts an arm at m·μ successes and m·(1 − μ) failures, so it
 * weighs as much as m real pulls and fades as real ones come in.
 */
export class ArmStats {
  readonly successes: Float64Array;
  readonly failures: Float64Array;

  constructor(arms: number) {
    if (!Number.isInteger(arms) || arms < 1) throw new RangeError(`a bandit needs at least one arm, got ${arms}`);
    this.successes = new Float64Array(arms);
    this.failures = new Float64Array(arms);
  }

  /** Arms starting from prior means (each in [0, 1]) worth `strength` pulls each. */
  static withPrior(means: ArrayLike<number>, strength: number): ArmStats {
    if (!(strength >= 0 && Number.isFinite(strength))) throw new RangeError(`prior strength must be a non-negative number, got ${strength}`);
    const stats = new ArmStats(means.length);
    for (let a = 0; a < means.length; a++) {
      const mean = means[a]!;
      if (!(mean >= 0 && mean <= 1)) throw new RangeError(`prior mean of arm ${a} must be within [0, 1], got ${mean}`);
      stats.successes[a] = strength * mean;
      stats.failures[a] = strength * (1 - mean);
    }
    return stats;
  }

  get arms(): number {
    return this.successes.length;
  }

  /** Successes plus failures (real and prior). */
  pulls(arm: number): number {
    return this.successes[arm]! + this.failures[arm]!;
  }

  totalPulls(): number {
    let total = 0;
    for (let a = 0; a < this.arms; a++) total += this.pulls(a);
    return total;
  }

  /** The arm's success rate so far; undefined for an arm never pulled. */
  mean(arm: number): number | undefined {
    const n = this.pulls(arm);
    return n > 0 ? this.successes[arm]! / n : undefined;
  }

  /**
   * One pull of `arm` that earned `reward` (0..1), counted `weight` times
   * (a hide is a failure counted more than once).
   */
  update(arm: number, reward: number, weight = 1): void {
    if (!Number.isInteger(arm) || arm < 0 || arm >= this.arms) throw new RangeError(`no arm ${arm} (arms 0..${this.arms - 1})`);
    if (!(reward >= 0 && reward <= 1)) throw new RangeError(`reward must be within [0, 1], got ${reward}`);
    if (!(weight > 0 && Number.isFinite(weight))) throw new RangeError(`weight must be a positive number, got ${weight}`);
    this.successes[arm]! += weight * reward;
    this.failures[arm]! += weight * (1 - reward);
  }

  /** A bandit of the given arms only, in that order. */
  subset(arms: readonly number[]): ArmStats {
    const out = new ArmStats(Math.max(1, arms.length));
    arms.forEach((a, i) => {
      out.successes[i] = this.successes[a]!;
      out.failures[i] = this.failures[a]!;
    });
    return out;
  }

  clone(): ArmStats {
    const copy = new ArmStats(this.arms);
    copy.successes.set(this.successes);
    copy.failures.set(this.failures);
    return copy;
  }
}
