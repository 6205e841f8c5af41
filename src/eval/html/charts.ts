/**
 * Line and scatter charts as inline SVG strings: a frame with axes, ticks,
 * grid lines, axis titles and a legend, and the series drawn in it. No
 * scripts or fonts: the report is one self-contained file.
 */
import { axisFor, project, type Axis, type AxisKind } from './scale.js';

export interface Series {
  /** Shown in the legend; series with the same name share one legend entry (and should share a colour). */
  name: string;
  points: readonly (readonly [number, number])[];
  color?: string;
  /** Scatter: drawn larger and outlined, above the others (e.g. the best trial). */
  highlight?: boolean;
  /** Line: dashed. */
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Default 'linear'. 'category' places x = 0, 1, ... at `categories`. */
  xScale?: AxisKind;
  categories?: readonly string[];
  /** Start the y axis at 0 (metrics). */
  yFromZero?: boolean;
  width?: number;
}

/** Tableau's ten colours: distinct for most readers, colour-blind included. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PLOT_HEIGHT = 230;
const MARGIN = { top: 34, right: 18, bottom: 48, left: 66 };
const LEGEND_ROW = 18;
const FONT = 'font-family="system-ui, sans-serif"';

const fixed = (x: number) => x.toFixed(1);

interface Frame {
  svg: string[];
  x: (v: number) => number;
  y: (v: number) => number;
}

/** A deterministic spread of ±0.18 slot, so trials with the same category do not hide each other. */
const jitter = (i: number) => (((i * 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.36;

function colourOf(series: readonly Series[]): string[] {
  const byName = new Map<string, string>();
  return series.map((s) => {
    if (s.color) return s.color;
    let c = byName.get(s.name);
    if (!c) byName.set(s.name, (c = PALETTE[byName.size % PALETTE.length]!));
    return c;
  });
}

/** The frame (title, grid, axes, labels, legend) and the data-to-pixel mapping. */
function frame(series: readonly Series[], colours: readonly string[], options: ChartOptions, kind: 'line' | 'scatter'): Frame {
  const width = options.width ?? 520;
  const xKind = options.xScale ?? 'linear';
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xAxis: Axis = axisFor(xKind, xs, { categories: options.categories });
  const yAxis: Axis = axisFor('linear', ys, { fromZero: options.yFromZero });
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = top + PLOT_HEIGHT;

  const legend: { name: string; colour: string; dashed: boolean }[] = [];
  series.forEach((s, i) => {
    if (!legend.some((l) => l.name === s.name)) legend.push({ name: s.name, colour: colours[i]!, dashed: s.dashed === true });
  });
  // About 6.5 px per character at the 11 px font: long names get wider slots.
  const slot = Math.max(130, 30 + Math.ceil(6.5 * Math.max(0, ...legend.map((l) => l.name.length))));
  const perRow = Math.max(1, Math.floor((width - left) / slot));
  const rows = Math.ceil(legend.length / perRow);
  const height = bottom + MARGIN.bottom + rows * LEGEND_ROW + 6;

  const x = (v: number) => project(xAxis, v, left, right);
  const y = (v: number) => project(yAxis, v, bottom, top);
  const svg: string[] = [];
  svg.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ${FONT} font-size="11">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<text class="chart-title" x="${left}" y="20" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`,
  );
  svg.push('<g class="axis axis-y">');
  for (const t of yAxis.ticks) {
    const py = fixed(y(t.value));
    svg.push(`<line x1="${left}" x2="${right}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`);
    svg.push(`<text x="${left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" fill="#444">${escapeXml(t.label)}</text>`);
  }
  svg.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#333"/>`);
  const midY = fixed((top + bottom) / 2);
  svg.push(`<text class="axis-label" transform="translate(16 ${midY}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  svg.push('</g>');
  svg.push('<g class="axis axis-x">');
  svg.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  for (const t of xAxis.ticks) {
    const px = fixed(x(t.value));
    svg.push(`<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/>`);
    svg.push(`<text x="${px}" y="${bottom + 16}" text-anchor="middle" fill="#444">${escapeXml(t.label)}</text>`);
  }
  svg.push(`<text class="axis-label" x="${fixed((left + right) / 2)}" y="${bottom + 36}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  svg.push('</g>');
  svg.push('<g class="legend">');
  legend.forEach((l, i) => {
    const lx = left + (i % perRow) * slot;
    const ly = bottom + MARGIN.bottom + Math.floor(i / perRow) * LEGEND_ROW + 6;
    const swatch =
      kind === 'line'
        ? `<line x1="${lx}" x2="${lx + 16}" y1="${ly}" y2="${ly}" stroke="${l.colour}" stroke-width="2.5"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/>`
        : `<circle cx="${lx + 8}" cy="${ly}" r="4.5" fill="${l.colour}"/>`;
    svg.push(swatch, `<text x="${lx + 22}" y="${ly}" dominant-baseline="middle">${escapeXml(l.name)}</text>`);
  });
  svg.push('</g>');
  return { svg, x, y };
}

const finitePoints = (s: Series) => s.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));

/** One polyline per series (in x order as given), with markers when points are few. */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const colours = colourOf(series);
  const { svg, x, y } = frame(series, colours, options, 'line');
  svg.push('<g class="series">');
  series.forEach((s, i) => {
    const points = finitePoints(s);
    if (points.length === 0) return;
    const d = points.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${fixed(x(px))},${fixed(y(py))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="4 3"' : '';
    svg.push(`<path d="${d}" fill="none" stroke="${colours[i]}" stroke-width="2" stroke-linejoin="round"${dash}><title>${escapeXml(s.name)}</title></path>`);
    if (points.length <= 60) {
      for (const [px, py] of points) svg.push(`<circle cx="${fixed(x(px))}" cy="${fixed(y(py))}" r="2.5" fill="${colours[i]}"/>`);
    }
  });
  svg.push('</g></svg>');
  return svg.join('\n');
}

/** One dot per point; highlighted series on top. On a category axis, dots are spread a little sideways. */
export function scatterChart(series: readonly Series[], options: ChartOptions): string {
  const colours = colourOf(series);
  const { svg, x, y } = frame(series, colours, options, 'scatter');
  const spread = options.xScale === 'category';
  const order = series.map((_, i) => i).sort((a, b) => Number(series[a]!.highlight ?? false) - Number(series[b]!.highlight ?? false));
  svg.push('<g class="series">');
  let n = 0;
  for (const i of order) {
    const s = series[i]!;
    const r = s.highlight ? 6 : 4;
    const outline = s.highlight ? ' stroke="#111" stroke-width="1.5"' : '';
    for (const [px, py] of finitePoints(s)) {
      const cx = x(spread ? px + jitter(n++) : px);
      svg.push(`<circle cx="${fixed(cx)}" cy="${fixed(y(py))}" r="${r}" fill="${colours[i]}" fill-opacity="0.8"${outline}><title>${escapeXml(s.name)}</title></circle>`);
    }
  }
  svg.push('</g></svg>');
  return svg.join('\n');
}
