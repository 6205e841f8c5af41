/**
 * The utility weight sweep as a page: saves@k against closeups@k for every
 * swept weight vector (colour: hides@k, in four bins from fewest to most;
 * Pareto-efficient vectors drawn larger and outlined; the configured
 * weights in black), saves@k against hides@k, and the front as a table.
 */
import { distinctFront, YIELDS, type SweepPoint, type SweepReport, type Yield } from '../utility-sweep.js';
import { escapeXml, scatterChart, type Series } from './charts.js';
import { htmlPage } from './report.js';

/** Few hides (green) to many (red): ColorBrewer's RdYlGn, reversed. */
const HIDE_COLOURS = ['#1a9850', '#91cf60', '#fc8d59', '#d73027'];
const CONFIGURED_COLOUR = '#111111';
const OTHER_COLOUR = '#4e79a7';
const FRONT_COLOUR = '#e15759';

/** Bin edges at the quartiles of `values` (each bin is [lo, hi]). */
function quartileBins(values: readonly number[]): [number, number][] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const edges = [sorted[0]!, at(0.25), at(0.5), at(0.75), sorted[sorted.length - 1]!];
  const bins: [number, number][] = [];
  for (let b = 0; b < 4; b++) if (b === 0 || edges[b + 1]! > edges[b]!) bins.push([edges[b]!, edges[b + 1]!]);
  return bins;
}

function savesAgainstCloseups(report: SweepReport): string {
  const { k, points } = report;
  const hides = points.map((p) => p.relative.hide);
  // No finite ratios (the configured weights' top k had no hides): one bin.
  const bins = quartileBins(hides);
  if (bins.length === 0) bins.push([Number.NaN, Number.NaN]);
  const binOf = (h: number) => Math.max(0, bins.findIndex(([, hi]) => h <= hi));
  const series: Series[] = [];
  bins.forEach(([lo, hi], b) => {
    const name = Number.isFinite(lo) ? `hides ×${lo.toFixed(3)}–${hi.toFixed(3)}` : 'hides n/a';
    const color = HIDE_COLOURS[Math.round((b * (HIDE_COLOURS.length - 1)) / Math.max(1, bins.length - 1))]!;
    for (const efficient of [false, true]) {
      const members = points.filter((p, i) => i > 0 && p.efficient === efficient && binOf(p.relative.hide) === b);
      series.push({ name, color, highlight: efficient, points: members.map((p) => [p.relative.closeup, p.relative.save]) });
    }
  });
  series.push({ name: 'configured weights', color: CONFIGURED_COLOUR, highlight: true, points: [[1, 1]] });
  return scatterChart(series, {
    title: `saves@${k} against closeups@${k}, coloured by hides@${k}`,
    xLabel: `closeups@${k} (× configured)`,
    yLabel: `saves@${k} (× configured)`,
    width: 560,
  });
}

function savesAgainstHides(report: SweepReport): string {
  const { k, points } = report;
  const xy = (p: SweepPoint): [number, number] => [p.relative.hide, p.relative.save];
  return scatterChart(
    [
      { name: 'dominated', color: OTHER_COLOUR, points: points.filter((p, i) => i > 0 && !p.efficient).map(xy) },
      { name: 'Pareto-efficient', color: FRONT_COLOUR, highlight: true, points: points.filter((p, i) => i > 0 && p.efficient).map(xy) },
      { name: 'configured weights', color: CONFIGURED_COLOUR, highlight: true, points: [[1, 1]] },
    ],
    { title: `saves@${k} against hides@${k}`, xLabel: `hides@${k} (× configured; fewer is better)`, yLabel: `saves@${k} (× configured)`, width: 560 },
  );
}

const ORDER: readonly (typeof YIELDS)[number][] = ['save', 'closeup', 'hide', 'click', 'dwell'];
const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '–');
const ratio = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(3));

function frontTable(report: SweepReport): string {
  const { k } = report;
  const weightNames = Object.keys(report.points[0]!.weights) as (keyof SweepPoint['weights'])[];
  const head = ['', ...weightNames.map((n) => `w ${n}`), ...ORDER.map((y) => `${y}@${k}`), 'vectors'].map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const yieldCells = (y: Yield, relative: Yield, margin?: Yield) =>
    ORDER.map((n) => {
      const value = n === 'dwell' ? y[n].toFixed(4) : percent(y[n]);
      const pm = margin ? ` ±${ratio(margin[n])}` : '';
      return `<td>${value}<span class="sd">×${ratio(relative[n])}${pm}</span></td>`;
    }).join('');
  const row = (cls: string, label: string, p: { weights?: SweepPoint['weights']; yield: Yield; relative: Yield; margin?: Yield }, vectors: string) =>
    `<tr class="${cls}"><td>${escapeXml(label)}</td>${weightNames.map((n) => `<td>${p.weights ? p.weights[n] : ''}</td>`).join('')}${yieldCells(p.yield, p.relative, p.margin)}<td>${vectors}</td></tr>`;
  const configured = report.points[0]!;
  const rows = [
    row('best', 'configured', configured, '1'),
    row('reference', 'logged order', report.logged, ''),
    ...distinctFront(report).map(({ index, vectors }) => row(index === 0 ? 'best' : '', index === 0 ? 'front (configured)' : 'front', report.points[index]!, String(vectors))),
  ];
  return `<div class="wide"><table class="front"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The page; `meta` are plain-text lines shown under the title (the split, the model). */
export function renderSweepHtml(report: SweepReport, meta: readonly string[]): string {
  const { k } = report;
  const configured = report.points[0]!;
  const standing = configured.efficient
    ? 'The configured weights are Pareto-efficient.'
    : `The configured weights are dominated by ${report.configuredDominatedBy} of the ${report.points.length} swept vectors.`;
  const objectives = report.objectives.map((o) => `${o.sense === 'max' ? 'most' : 'fewest'} ${o.name}s@${k}`).join(', ');
  return htmlPage('Tessera: utility weight sweep', meta, [
    '<h2>Pareto front</h2>',
    `<p>${report.points.length} weight vectors; ${report.front.length} are Pareto-efficient (${escapeXml(objectives)}). ${escapeXml(standing)} ` +
      `Every value is relative to the configured weights (× 1 = the same).</p>`,
    `<div class="charts">${savesAgainstCloseups(report)}\n${savesAgainstHides(report)}</div>`,
    '<p class="note">Larger, outlined dots are Pareto-efficient; black is the configured weights. Left chart: colour bins hold a quarter of the vectors each, ' +
      `from fewest hides@${k} (green) to most (red).</p>`,
    `<h3>The front (distinct top-${k} yields)</h3>`,
    `<p class="note">Share of top-${k} slots with each label (dwell: mean ln(1 + s) per slot); below it, × the configured weights' value ± the half-width of a 95% interval of that ratio, paired by group.</p>`,
    frontTable(report),
  ]);
}
