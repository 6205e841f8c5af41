/**
 * `tessera evaluate --bandits`: the regret of ε-greedy, UCB1 and Thompson
 * sampling against random and the oracle, for new users of the demo world,
 * one impression at a time and in whole pages; optionally the validation
 * sweep over clusters and prior strength (simulation.ts).
 */
import { generateDemoWorld } from '../demo/world.js';
import type { DemoWorldOptions } from '../demo/options.js';
import type { ColdStartUserOptions } from './config.js';
import { checkpoints, type RegretRun } from './regret-report.js';
import { prepareColdStartWorld, regretOn, standardVariants, sweepPriors } from './simulation.js';

export interface BanditEvaluationOptions {
  world: DemoWorldOptions;
  /** Share of the demo users held out as new. */
  newUserShare: number;
  rounds: number;
  users?: number;
  seed: number;
  coldStart: ColdStartUserOptions;
  /** Also simulate whole pages of this size (0: not). */
  pageSize: number;
  /** Also run the validation sweep over these cluster counts and prior strengths. */
  sweep?: { clusters: readonly number[]; strengths: readonly number[]; rounds: number };
  log?: (line: string) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export function evaluateBandits(options: BanditEvaluationOptions): RegretRun {
  const { coldStart, seed } = options;
  options.log?.('generating the demo world…');
  const world = generateDemoWorld(options.world);
  options.log?.('fitting the cold-start channel on the known users…');
  const prepared = prepareColdStartWorld(world, { newUserShare: options.newUserShare, seed, coldStart });
  const variants = standardVariants(coldStart);
  const base = { rounds: options.rounds, seed, coldStart, ...(options.users ? { users: options.users } : {}) };
  const single = regretOn(prepared, variants, { ...base, onProgress: (d, t) => options.onProgress?.('one impression per round', d, t) });
  let paged: RegretRun['paged'];
  if (options.pageSize > 0) {
    const maxPerCategory = Math.max(1, Math.floor(coldStart.maxCategoryShare * options.pageSize));
    const report = regretOn(prepared, variants, {
      ...base,
      pageSize: options.pageSize,
      maxPerCategory,
      onProgress: (d, t) => options.onProgress?.(`pages of ${options.pageSize}`, d, t),
    });
    paged = { ...report, pageSize: options.pageSize, maxPerCategory };
  }
  let sweep: RegretRun['sweep'];
  if (options.sweep) {
    const points = checkpoints(options.sweep.rounds).filter((t) => t >= 10);
    const rows = sweepPriors(world, options.newUserShare, {
      clusters: options.sweep.clusters,
      strengths: options.sweep.strengths,
      rounds: options.sweep.rounds,
      checkpoints: points,
      seed,
      coldStart,
      ...(options.users ? { users: options.users } : {}),
      onProgress: (d, t) => options.onProgress?.('validation sweep', d, t),
    });
    sweep = { rows, checkpoints: points };
  }
  const choice = prepared.channel.clusterChoice;
  const w = options.world;
  return {
    title: 'Cold-start bandits on the demo world: cumulative regret for new users',
    setup: [
      `demo world seed ${w.seed ?? 'default'} (${world.users.length} users, ${world.pins.length} pins, ${world.events.length} events); ${prepared.newUsers.length} users (${options.newUserShare * 100}%) held out as new, ${single.users} simulated, seed ${seed}`,
      `arms: ${single.categories} interest categories; an arm's mean is the user's true chance to engage (closeup or save) with the category's popular pins; hides count ${coldStart.hidePenalty}× as failures`,
      `profile prior: the user's cluster (k = ${single.clusters}${choice ? `, chosen on held-out users from ${choice.scores.map((s) => s.k).join(', ')}` : ''}) and declared interests, worth ${coldStart.priorStrength} impressions; ε = ${coldStart.epsilon}, UCB1 c = ${coldStart.ucbExploration}`,
    ],
    single,
    ...(paged ? { paged } : {}),
    ...(sweep ? { sweep } : {}),
  };
}
