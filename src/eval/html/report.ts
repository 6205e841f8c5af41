/**
 * The evaluation report as one self-contained HTML page: the results table,
 * each metric against the cut-off K, and for tuned channels the search (the
 * validation metric against each hyperparameter, the trials' training curves,
 * the best options), plus the per-epoch numbers channels reported while
 * fitting. Charts are inline SVG (charts.ts); there are no scripts or fonts.
 */
import type { EvaluationResult } from '../context.js';
import type { ReportMetadata } from '../report.js';
import type { Trial } from '../search.js';
import type { TuneResult } from '../tune.js';
import { escapeXml, lineChart, PALETTE, scatterChart, type Series } from './charts.js';
import { formatNumber } from './scale.js';

export interface EpochRecord {
  epoch: number;
  metrics: Record<string, number>;
}

export interface HtmlReportInput {
  title: string;
  metadata: ReportMetadata;
  /** The table's rows, one per channel (or channel variant, like "ials (tuned)"). */
  results: readonly EvaluationResult[];
  /** The table's metric columns. */
  tableMetrics: readonly string[];
  /** Standard deviations by row and metric (cross-validation), shown as ±. */
  deviations?: Readonly<Record<string, Record<string, number>>>;
  /** Metric families drawn against K, from the results' "<family>@<K>" metrics. Default NDCG and Recall. */
  curveFamilies?: readonly string[];
  tuning?: readonly TuneResult[];
  /** What iterative channels reported per epoch while fitting, by channel. */
  epochs?: Readonly<Record<string, readonly EpochRecord[]>>;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px 32px; max-width: 1150px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; } .meta { color: #555; margin: 0 0 4px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 6px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; } th { background: #f6f6f6; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 20px; } .chart { background: #fff; }
pre { background: #f6f6f6; padding: 8px 10px; overflow-x: auto; } .note { color: #666; }
td.params { text-align: left; font-family: ui-monospace, monospace; font-size: 12px; white-space: normal; }
.wide { overflow-x: auto; } .sd { display: block; color: #777; font-size: 11px; }
tr.best td { font-weight: 600; } tr.pruned td, tr.failed td { color: #888; }
tr.reference td { color: #555; font-style: italic; }`;

const cell = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4));

function resultsTable(input: HtmlReportInput): string {
  const head = ['channel', 'users', ...input.tableMetrics, 'seconds'].map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const rows = input.results.map((r) => {
    const sd = input.deviations?.[r.channel];
    const metrics = input.tableMetrics.map((m) => {
      const deviation = sd?.[m];
      const text = cell(r.metrics[m]) + (deviation !== undefined && Number.isFinite(deviation) ? `<span class="sd">± ${deviation.toFixed(4)}</span>` : '');
      return `<td>${text}</td>`;
    });
    return `<tr><td>${escapeXml(r.channel)}</td><td>${r.users}</td>${metrics.join('')}<td>${r.seconds.toFixed(2)}</td></tr>`;
  });
  return `<div class="wide"><table class="results"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The (K, value) points of "<family>@K" metrics, in K order. */
export function curveOf(metrics: Record<string, number>, family: string): [number, number][] {
  const points: [number, number][] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const at = key.lastIndexOf('@');
    if (at > 0 && key.slice(0, at) === family) points.push([Number(key.slice(at + 1)), value]);
  }
  return points.sort((a, b) => a[0] - b[0]);
}

function kCurves(input: HtmlReportInput): string {
  const charts: string[] = [];
  for (const family of input.curveFamilies ?? ['NDCG', 'Recall']) {
    const series: Series[] = input.results.map((r) => ({ name: r.channel, points: curveOf(r.metrics, family) }));
    if (!series.some((s) => s.points.length >= 2)) continue;
    charts.push(lineChart(series, { title: `${family}@K`, xLabel: 'K (list length)', yLabel: family, yFromZero: true }));
  }
  if (charts.length === 0) return '';
  return `<h2>Metrics against K</h2><div class="charts">${charts.join('\n')}</div>`;
}

const json = (params: object) => escapeXml(JSON.stringify(params));

/** One chart per searched option: the validation metric of every completed trial against the option's value. */
function parameterCharts(t: TuneResult): string[] {
  const done = t.trials.filter((trial) => trial.status === 'complete');
  return Object.entries(t.space).map(([name, param]) => {
    const categories = param.kind === 'choice' ? param.values.map(String) : undefined;
    const xOf = (trial: Trial) => {
      const v = trial.params[name]!;
      return categories ? categories.indexOf(String(v)) : Number(v);
    };
    const point = (trial: Trial): [number, number] => [xOf(trial), trial.value!];
    const series: Series[] = [
      { name: 'trial', points: done.filter((x) => x !== t.best && x.number !== 1).map(point), color: PALETTE[0] },
      { name: 'configured (trial 1)', points: done.filter((x) => x.number === 1 && x !== t.best).map(point), color: PALETTE[1] },
      { name: 'best', points: [point(t.best)], color: PALETTE[2], highlight: true },
    ];
    const xScale = categories ? 'category' : param.kind === 'log' || (param.kind === 'int' && param.log) ? 'log' : 'linear';
    return scatterChart(series, { title: `${t.metric} against ${name}`, xLabel: name, yLabel: `validation ${t.metric}`, xScale, categories });
  });
}

/** Every trial's validation metric by epoch, coloured by how the trial ended. */
function trialCurves(t: TuneResult): string | undefined {
  const withCurves = t.trials.filter((trial) => trial.curve.length > 0);
  if (withCurves.length === 0) return undefined;
  const colours = { complete: PALETTE[0], pruned: PALETTE[9], failed: PALETTE[9] };
  const series: Series[] = withCurves
    .filter((trial) => trial !== t.best)
    .map((trial) => ({
      name: trial.status,
      points: trial.curve.map((p) => [p.epoch, p.value] as [number, number]),
      color: colours[trial.status],
      dashed: trial.status !== 'complete',
    }));
  if (t.best.curve.length > 0) series.push({ name: 'best', points: t.best.curve.map((p) => [p.epoch, p.value]), color: PALETTE[2] });
  return lineChart(series, { title: `${t.channel}: validation ${t.metric} by epoch`, xLabel: 'epoch', yLabel: `validation ${t.metric}`, yFromZero: true });
}

function trialTable(t: TuneResult): string {
  const rows = t.trials.map((trial) => {
    const status = trial === t.best ? 'best' : trial.status;
    const note = trial.note ? ` (${escapeXml(trial.note)})` : '';
    return `<tr class="${status}"><td>${trial.number}</td><td>${cell(trial.value)}</td><td>${status}${note}</td><td>${trial.seconds.toFixed(2)}</td><td class="params">${json(trial.params)}</td></tr>`;
  });
  const head = `<tr><th>trial</th><th>${escapeXml(t.metric)}</th><th>status</th><th>seconds</th><th>options</th></tr>`;
  return `<details><summary>All ${t.trials.length} trials</summary><table class="trials"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function tuningSection(t: TuneResult): string {
  const count = (status: Trial['status']) => t.trials.filter((trial) => trial.status === status).length;
  const configured = t.trials[0]!;
  const summary =
    `${t.trials.length} trials (${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed) in ${t.seconds.toFixed(1)} s; ` +
    `validation: ${t.validation.split}, ${t.validation.users} users. ` +
    `Best ${t.metric} ${cell(t.best.value)} (trial ${t.best.number}) against ${cell(configured.value)} for the configured options.` +
    (t.stoppedEarly ? ` Stopped early: ${escapeXml(t.stoppedEarly)}.` : '');
  const curves = trialCurves(t);
  return [
    `<h3>${escapeXml(t.channel)}</h3>`,
    `<p>${summary}</p>`,
    `<p>Best options (for <code>training.channels.${escapeXml(t.channel)}</code>):</p><pre>${escapeXml(JSON.stringify(t.best.params, null, 2))}</pre>`,
    `<div class="charts">${parameterCharts(t).join('\n')}${curves ? '\n' + curves : ''}</div>`,
    trialTable(t),
  ].join('\n');
}

function epochCharts(epochs: Readonly<Record<string, readonly EpochRecord[]>>): string {
  const charts: string[] = [];
  for (const [channel, records] of Object.entries(epochs)) {
    const keys = [...new Set(records.flatMap((r) => Object.keys(r.metrics)))];
    for (const key of keys) {
      const points = records.filter((r) => key in r.metrics).map((r) => [r.epoch, r.metrics[key]!] as [number, number]);
      charts.push(lineChart([{ name: channel, points }], { title: `${channel}: ${key} by epoch`, xLabel: 'epoch', yLabel: key }));
    }
  }
  if (charts.length === 0) return '';
  return `<h2>Training curves</h2><p class="note">As the channels reported each epoch while fitting on train.</p><div class="charts">${charts.join('\n')}</div>`;
}

/** The opening of a self-contained report page: head, style and the title as a heading. */
export function pageHead(title: string): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(title)}</h1>`,
  ];
}

/** A self-contained page: the report style, the title, lines of plain-text metadata under it, then `body` (HTML). */
export function htmlPage(title: string, meta: readonly string[], body: readonly string[]): string {
  return [
    ...pageHead(title),
    ...meta.map((line) => `<p class="meta">${escapeXml(line)}</p>`),
    ...body,
    '</body></html>',
  ].join('\n');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const m = input.metadata;
  const details = Object.entries(m.details ?? {})
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(' · ');
  const parts = ['<h2>Results</h2>', resultsTable(input), kCurves(input)];
  if (input.tuning && input.tuning.length > 0) {
    parts.push('<h2>Hyperparameter search</h2>', ...input.tuning.map(tuningSection));
  }
  if (input.epochs) parts.push(epochCharts(input.epochs));
  const meta = [`Protocol ${m.protocol} · split: ${m.split}${details ? ' · ' + details : ''}`, m.createdAt ?? new Date().toISOString()];
  return htmlPage(input.title, meta, parts);
}
