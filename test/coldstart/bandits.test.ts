import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArmStats } from '../../src/coldstart/bandits/arms.js';
import { createPolicy, EpsilonGreedy, RandomPolicy, ThompsonSampling, Ucb1 } from '../../src/coldstart/bandits/policies.js';
import { play } from '../../src/coldstart/bandits/regret.js';
import { Random } from '../../src/math/random.js';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

function arms(successes: number[], failures: number[]): ArmStats {
  const a = new ArmStats(successes.length);
  a.successes.set(successes);
  a.failures.set(failures);
  return a;
}

test('arm statistics: a prior worth m pulls, updates with rewards and weights', () => {
  const a = ArmStats.withPrior([0.2, 0.5], 10);
  assert.deepEqual(Array.from(a.successes), [2, 5]);
  assert.deepEqual(Array.from(a.failures), [8, 5]);
  a.update(0, 1);
  a.update(1, 0, 2); // a hide counted twice
  close(a.mean(0)!, 3 / 11);
  close(a.mean(1)!, 5 / 12);
  assert.equal(a.totalPulls(), 23);
  assert.equal(new ArmStats(3).mean(2), undefined);
  assert.throws(() => a.update(2, 1), /no arm 2/);
  assert.throws(() => a.update(0, 1.5), /reward must be within/);
  assert.throws(() => ArmStats.withPrior([1.2], 1), /prior mean of arm 0/);
});

test('ε-greedy: ε = 0 exploits the best mean, tries unpulled arms first, and ε = 1 is uniform', () => {
  const rng = new Random(1);
  const greedy = new EpsilonGreedy(0);
  assert.equal(greedy.select(arms([1, 3, 2], [3, 1, 2]), rng), 1);
  assert.equal(greedy.select(arms([1, 3, 0], [3, 1, 0]), rng), 2, 'an arm never pulled comes first');
  const uniform = new EpsilonGreedy(1);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 8000; i++) counts[uniform.select(arms([9, 0, 0, 0], [1, 9, 9, 9]), rng)]!++;
  for (const c of counts) assert.ok(Math.abs(c / 8000 - 0.25) < 0.02, `counts ${counts}`);
  // ε = 0.2 over 2 arms: the best arm 90% of the time (80% greedy + half of 20%).
  const mostly = new EpsilonGreedy(0.2);
  let best = 0;
  for (let i = 0; i < 10000; i++) if (mostly.select(arms([5, 1], [5, 9]), rng) === 0) best++;
  close(best / 10000, 0.9, 0.01);
});

test('UCB1: index and choice by hand, and slots spread by virtual pulls', () => {
  const ucb = new Ucb1(2);
  const a = arms([3, 1], [1, 1]);
  // N = 6: arm 0: 3/4 + √(2 ln 6 / 4) = 1.69649…; arm 1: 1/2 + √(2 ln 6 / 2) = 1.83861…
  close(ucb.index(a, 0), 0.75 + Math.sqrt((2 * Math.log(6)) / 4));
  close(ucb.index(a, 1), 0.5 + Math.sqrt((2 * Math.log(6)) / 2));
  assert.equal(ucb.select(a, new Random(1)), 1, 'the less-pulled arm has the higher bound');
  // Slot 1 takes arm 1 and counts as a pull earning its mean (N = 7, arm 1: 1.5 of 3):
  // arm 0: 0.75 + √(2 ln 7 / 4) = 1.7364; arm 1: 0.5 + √(2 ln 7 / 3) = 1.6390, so slot 2 is arm 0.
  assert.deepEqual(Array.from(ucb.allocate(a, 2, new Random(1))), [1, 0]);
  assert.equal(a.pulls(1), 2, 'allocation leaves the real statistics alone');
  assert.equal(ucb.index(new ArmStats(2), 0), Infinity);
  assert.equal(new Ucb1(0).select(a, new Random(1)), 0, 'without exploration UCB1 is greedy');
});

test('Thompson sampling picks each arm with the probability that it is the best', () => {
  const rng = new Random(5);
  const thompson = new ThompsonSampling();
  // Beta(2, 1) against Beta(1, 1): P(X > U) = E[X] = 2/3.
  let first = 0;
  for (let i = 0; i < 20000; i++) if (thompson.select(arms([1, 0], [0, 0]), rng) === 0) first++;
  close(first / 20000, 2 / 3, 0.015);
  // A clear winner wins nearly always.
  let winner = 0;
  for (let i = 0; i < 2000; i++) if (thompson.select(arms([90, 10], [10, 90]), rng) === 0) winner++;
  assert.equal(winner, 2000);
  // Beta draws have the right mean: Beta(2, 5) has mean 2/7.
  let sum = 0;
  for (let i = 0; i < 20000; i++) sum += rng.beta(2, 5);
  close(sum / 20000, 2 / 7, 0.005);
});

test('every policy is deterministic for a seed and varies with it', () => {
  const stats = ArmStats.withPrior([0.1, 0.3, 0.2, 0.25, 0.05], 4);
  for (const policy of [new EpsilonGreedy(0.3), new Ucb1(), new ThompsonSampling(), new RandomPolicy()]) {
    const a = policy.allocate(stats, 40, new Random(11));
    const b = policy.allocate(stats, 40, new Random(11));
    assert.deepEqual(a, b, policy.name);
    const runs = [1, 2, 3, 4].map((seed) => play(policy, { means: [0.1, 0.3, 0.2] }, { rounds: 200, seed }).pulls.join());
    if (policy.name !== 'ucb1') assert.ok(new Set(runs).size > 1, `${policy.name} ignores its seed`);
    assert.deepEqual(play(policy, { means: [0.1, 0.3] }, { rounds: 100, seed: 3 }), play(policy, { means: [0.1, 0.3] }, { rounds: 100, seed: 3 }));
  }
});

test('on a Bernoulli problem UCB1 and Thompson sampling have far less regret than random (fixed seeds)', () => {
  // Ten arms from 0.05 to 0.50: random loses 0.225 per round on average.
  const means = Array.from({ length: 10 }, (_, i) => 0.05 + 0.05 * i);
  const rounds = 2000;
  const mean = (policy: Parameters<typeof play>[0]) => {
    let total = 0;
    for (let seed = 1; seed <= 10; seed++) total += play(policy, { means }, { rounds, seed }).regret[rounds - 1]!;
    return total / 10;
  };
  const random = mean(new RandomPolicy());
  close(random, 0.225 * rounds, 0.05 * 0.225 * rounds);
  const ucb = mean(new Ucb1());
  const thompson = mean(new ThompsonSampling());
  const greedy = mean(new EpsilonGreedy(0.1));
  // Measured: random 450, UCB1 210, Thompson 76, ε-greedy 90.
  assert.ok(ucb < 0.6 * random, `UCB1 regret ${ucb} vs random ${random}`);
  assert.ok(thompson < 0.3 * random, `Thompson regret ${thompson} vs random ${random}`);
  assert.ok(greedy < 0.4 * random, `ε-greedy regret ${greedy} vs random ${random}`);
});

test('a prior concentrated on the best arm cuts early regret; hides count as extra failures', () => {
  const means = [0.05, 0.05, 0.4, 0.05];
  const informed = ArmStats.withPrior([0.05, 0.05, 0.3, 0.05], 5);
  const flat = play(new ThompsonSampling(), { means }, { rounds: 50, seed: 2 }).regret[49]!;
  const warm = play(new ThompsonSampling(), { means }, { rounds: 50, seed: 2, prior: informed }).regret[49]!;
  assert.ok(warm < flat / 2, `with prior ${warm}, without ${flat}`);
  // Arm 0 engages more (0.5 against 0.45) but every miss is a hide: with hides counted thrice its
  // estimate is about 0.5 / (0.5 + 3 · 0.5) = 0.25, and ε-greedy turns to arm 1.
  const problem = { means: [0.5, 0.45], hideRates: [1, 0] };
  const once = play(new EpsilonGreedy(0.1), problem, { rounds: 2000, seed: 4, hidePenalty: 1 }).pulls;
  const thrice = play(new EpsilonGreedy(0.1), problem, { rounds: 2000, seed: 4, hidePenalty: 3 }).pulls;
  assert.ok(once[0]! > once[1]!, `hides as plain failures: pulls ${once}`);
  assert.ok(thrice[1]! > 3 * thrice[0]!, `hides as three failures: pulls ${thrice}`);
});

test('policies are chosen by name, and bad settings are refused', () => {
  assert.equal(createPolicy({ policy: 'ucb1', epsilon: 0.1, ucbExploration: 1 }).name, 'ucb1');
  assert.equal(createPolicy({ policy: 'thompson', epsilon: 0.1, ucbExploration: 1 }).name, 'thompson');
  assert.equal(createPolicy({ policy: 'epsilon-greedy', epsilon: 0.1, ucbExploration: 1 }).name, 'epsilon-greedy');
  assert.throws(() => createPolicy({ policy: 'greedy' as never, epsilon: 0.1, ucbExploration: 1 }), /unknown bandit policy "greedy"/);
  assert.throws(() => new EpsilonGreedy(2), /epsilon must be within/);
  assert.throws(() => new Ucb1().allocate(new ArmStats(2), -1, new Random(1)), /slots must be a whole number/);
});

test('a page cap keeps any arm under maxPerArm slots of each page, and never leaves a slot empty', () => {
  const strong = ArmStats.withPrior([0.9, 0.1, 0.1, 0.1], 50);
  for (const policy of [new Ucb1(0.5), new ThompsonSampling(), new EpsilonGreedy(0.1), new RandomPolicy()]) {
    const free = policy.allocate(strong, 50, new Random(3));
    if (policy.name !== 'random') assert.ok(free.filter((a) => a === 0).length > 40, `${policy.name} uncapped favours arm 0`);
    const capped = policy.allocate(strong, 50, new Random(3), { pageSize: 10, maxPerArm: 4 });
    for (let page = 0; page < 5; page++) {
      const slots = Array.from(capped.subarray(page * 10, page * 10 + 10));
      for (let a = 0; a < 4; a++) assert.ok(slots.filter((x) => x === a).length <= 4, `${policy.name} page ${page}: ${slots}`);
      if (policy.name !== 'random') assert.equal(slots.filter((x) => x === 0).length, 4, `${policy.name} still gives its best arm the most`);
    }
  }
  // Two arms cannot fill 10 slots at 4 each: the cap rises to 5.
  const two = new Ucb1().allocate(ArmStats.withPrior([0.9, 0.1], 50), 10, new Random(1), { pageSize: 10, maxPerArm: 4 });
  assert.deepEqual([...two].filter((a) => a === 0).length, 5);
});
