/**
 * The regret simulation's results as a text table, an SVG chart and a
 * self-contained HTML page (`tessera evaluate --bandits`).
 */
import { escapeXml, lineChart, type Series } from '../eval/html/charts.js';
import { pageHead } from '../eval/html/report.js';
import type { RegretCurve, RegretReport, SweepRow } from './simulation.js';

/** The rounds the tables report: a page, a few pages, then the whole run. */
export function checkpoints(rounds: number): number[] {
  return [...new Set([10, 25, 50, 100, 250, 500, 1000, 2000, rounds].filter((t) => t <= rounds))].sort((a, b) => a - b);
}

export interface RegretRun {
  title: string;
  /** How the world and the users were set up, one line each. */
  setup: string[];
  /** One impression per round. */
  single: RegretReport;
  /** Whole pages allocated before feedback, when simulated. */
  paged?: RegretReport & { pageSize: number; maxPerCategory: number };
  sweep?: { rows: SweepRow[]; checkpoints: readonly number[] };
}

const pad = (text: string, width: number) => text.padStart(width);

function rowsOf(report: RegretReport): { curve: RegretCurve; cells: string[] }[] {
  const random = report.curves.find((c) => c.name === 'random');
  const points = checkpoints(report.rounds);
  return report.curves.map((curve) => {
    const last = curve.regret[report.rounds - 1] ?? 0;
    const randomLast = random?.regret[report.rounds - 1] ?? 0;
    return {
      curve,
      cells: [
        ...points.map((t) => curve.regret[t - 1]!.toFixed(2)),
        curve.engagementRate.toFixed(4),
        randomLast > 0 ? (last / randomLast).toFixed(3) : '–',
      ],
    };
  });
}

function headerOf(report: RegretReport): string[] {
  return [...checkpoints(report.rounds).map((t) => `R@${t}`), 'eng/imp', 'vs random'];
}

/** Cumulative regret at the checkpoints, engagements per impression, and regret at the end relative to random. */
export function formatRegretTable(report: RegretReport): string {
  const header = headerOf(report);
  const rows = rowsOf(report);
  const nameWidth = Math.max(8, ...rows.map((r) => r.curve.name.length));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (name: string, cells: string[]) => [name.padEnd(nameWidth), ...cells.map((c, i) => pad(c, widths[i]!))].join('  ');
  return [
    line('policy', header),
    ...rows.map((r) => line(r.curve.name, r.cells)),
    `oracle (the user's best category every time): ${report.oracleRate.toFixed(4)} engagements per impression, regret 0`,
  ].join('\n');
}

export function formatSweep(rows: readonly SweepRow[], points: readonly number[]): string {
  const header = ['k', 'prior', 'policy', ...points.map((t) => `R@${t}`)];
  const lines = rows.map((r) => [String(r.clusters), String(r.strength), r.policy, ...r.regret.map((x) => x.toFixed(2))]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((l) => l.map((c, i) => (i === 2 ? c.padEnd(widths[i]!) : pad(c, widths[i]!))).join('  ')).join('\n');
}

export function formatRegretRun(run: RegretRun): string {
  const parts = [run.title, ...run.setup, '', 'one impression per round:', formatRegretTable(run.single)];
  if (run.paged) {
    parts.push('', `pages of ${run.paged.pageSize} impressions (at most ${run.paged.maxPerCategory} per category), allocated before feedback:`, formatRegretTable(run.paged));
  }
  if (run.sweep) parts.push('', 'validation users: regret by clusters (k) and prior strength, each policy with the profile prior:', formatSweep(run.sweep.rows, run.sweep.checkpoints));
  return parts.join('\n');
}

/** At most ~`points` points per curve: enough for a smooth line, small enough for a light SVG. */
function thinned(regret: Float64Array, upTo: number, points = 200): [number, number][] {
  const step = Math.max(1, Math.ceil(upTo / points));
  const out: [number, number][] = [[0, 0]];
  for (let t = step; t <= upTo; t += step) out.push([t, regret[t - 1]!]);
  if (out[out.length - 1]![0] !== upTo) out.push([upTo, regret[upTo - 1]!]);
  return out;
}

/** Cumulative regret against rounds, one line per policy (random dashed), up to round `upTo`. */
export function regretChart(report: RegretReport, options: { title: string; upTo?: number; width?: number }): string {
  const upTo = Math.min(report.rounds, options.upTo ?? report.rounds);
  const palette: Record<string, string> = { 'epsilon-greedy': '#59a14f', ucb1: '#4e79a7', thompson: '#e15759', random: '#999999' };
  const series: Series[] = report.curves.map((c) => ({
    name: c.name,
    points: thinned(c.regret, upTo),
    color: palette[c.policy] ?? '#b07aa1',
    dashed: !c.prior,
  }));
  return lineChart(series, {
    title: options.title,
    xLabel: 'impressions shown to the new user',
    yLabel: 'cumulative regret (engagements)',
    yFromZero: true,
    width: options.width ?? 560,
  });
}

function htmlTable(report: RegretReport): string {
  const head = ['policy', ...headerOf(report)].map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rowsOf(report)
    .map((r) => `<tr><td>${escapeXml(r.curve.name)}</td>${r.cells.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('');
  return `<table><tr>${head}</tr>${body}</table><p class="note">Oracle: ${report.oracleRate.toFixed(4)} engagements per impression (regret 0). R@t: mean cumulative regret after t impressions.</p>`;
}

export function regretHtml(run: RegretRun): string {
  const { single, paged } = run;
  const parts = [
    ...pageHead(run.title),
    ...run.setup.map((line) => `<p class="meta">${escapeXml(line)}</p>`),
    '<h2>One impression per round</h2>',
    '<div class="charts">',
    regretChart(single, { title: `Cumulative regret over ${single.rounds} impressions` }),
    regretChart(single, { title: 'The first 100 impressions', upTo: 100 }),
    '</div>',
    htmlTable(single),
  ];
  if (paged) {
    parts.push(
      `<h2>Pages of ${paged.pageSize}, at most ${paged.maxPerCategory} per category</h2>`,
      regretChart(paged, { title: `Cumulative regret, pages of ${paged.pageSize}` }),
      htmlTable(paged),
    );
  }
  if (run.sweep) parts.push('<h2>Validation sweep</h2>', `<pre>${escapeXml(formatSweep(run.sweep.rows, run.sweep.checkpoints))}</pre>`);
  parts.push('</body></html>');
  return parts.join('\n');
}
