/** `tessera evaluate --bandits`: the cold-start bandits' regret on the demo world (src/coldstart/bandit-evaluation.ts). */
import fs from 'node:fs';
import { evaluateBandits } from '../../coldstart/bandit-evaluation.js';
import { coldStartUserOptions } from '../../coldstart/config.js';
import { formatRegretRun, regretChart, regretHtml } from '../../coldstart/regret-report.js';
import type { Config } from '../../config.js';
import { DEFAULT_DEMO_SEED } from '../../demo/options.js';
import { parseWhole, progressLine } from './evaluate-modes.js';

export interface BanditFlags {
  rounds: string;
  users?: string;
  pageSize: string;
  seed: string;
  sweep?: boolean;
  html?: string;
  svg?: string;
  json?: boolean;
}

/** The demo world's clock for the simulation: fixed, so runs repeat exactly. */
const WORLD_NOW = Date.UTC(2025, 5, 1);

export function banditsMode(config: Config, flags: BanditFlags): void {
  const say = (line: string) => flags.json || process.stderr.write(`${line}\n`);
  const progress = progressLine(flags.json === true);
  const run = evaluateBandits({
    world: { now: WORLD_NOW, seed: DEFAULT_DEMO_SEED },
    newUserShare: 0.2,
    rounds: parseWhole(flags.rounds, '--rounds', 1),
    ...(flags.users ? { users: parseWhole(flags.users, '--users', 1) } : {}),
    seed: parseWhole(flags.seed, '--seed', 0),
    coldStart: coldStartUserOptions(config),
    pageSize: parseWhole(flags.pageSize, '--page-size', 0),
    ...(flags.sweep ? { sweep: { clusters: [1, 2, 4, 8, 16, 32], strengths: [5, 20, 50, 100], rounds: 300 } } : {}),
    log: say,
    onProgress: progress.update,
  });
  progress.stop();
  if (flags.html) {
    fs.writeFileSync(flags.html, regretHtml(run));
    say(`report written to ${flags.html}`);
  }
  if (flags.svg) {
    fs.writeFileSync(flags.svg, regretChart(run.single, { title: `New users of the demo world: cumulative regret over ${run.single.rounds} impressions`, width: 720 }));
    say(`chart written to ${flags.svg}`);
    const early = flags.svg.replace(/(\.svg)?$/, '-first-100.svg');
    fs.writeFileSync(early, regretChart(run.single, { title: 'The first 100 impressions: how fast each policy finds what the user likes', upTo: 100, width: 720 }));
    say(`chart written to ${early}`);
    if (run.paged) {
      const pages = flags.svg.replace(/(\.svg)?$/, '-pages.svg');
      const title = `Pages of ${run.paged.pageSize} (at most ${run.paged.maxPerCategory} per category): cumulative regret`;
      fs.writeFileSync(pages, regretChart(run.paged, { title, width: 720 }));
      say(`chart written to ${pages}`);
    }
  }
  if (flags.json) {
    const curves = (r: typeof run.single) => ({ ...r, curves: r.curves.map((c) => ({ ...c, regret: Array.from(c.regret) })) });
    console.log(JSON.stringify({ ...run, single: curves(run.single), ...(run.paged ? { paged: curves(run.paged) } : {}) }));
  } else {
    console.log(formatRegretRun(run));
  }
}
