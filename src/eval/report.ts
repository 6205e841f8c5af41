/**
 * Evaluation results for people (a terminal table, rows = channels,
 * columns = metrics) and for machines (a JSON report with the protocol,
 * split, users evaluated and time taken).
 */
import { InputError } from '../wire/convert.js';
import type { EvaluationResult } from './context.js';

export interface ReportMetadata {
  /** The protocol's name, e.g. "ml1m-ncf". */
  protocol: string;
  /** How train and test were made, e.g. "leave-last-out". */
  split: string;
  /** Anything else worth keeping with the figures: dataset, seed, ks... */
  details?: Record<string, string | number | boolean>;
  /** ISO 8601; default: now. */
  createdAt?: string;
}

export interface ChannelReport {
  users: number;
  seconds: number;
  skipped: EvaluationResult['skipped'];
  excludedRelevant: number;
  /** Metric values; null where a metric is undefined (NaN), as JSON has no NaN. */
  metrics: Record<string, number | null>;
}

export interface EvaluationReport {
  protocol: string;
  split: string;
  details?: Record<string, string | number | boolean>;
  createdAt: string;
  /** By channel name, in the order evaluated. */
  channels: Record<string, ChannelReport>;
}

export function reportJson(results: readonly EvaluationResult[], metadata: ReportMetadata): EvaluationReport {
  const channels: Record<string, ChannelReport> = {};
  for (const r of results) {
    if (Object.hasOwn(channels, r.channel)) throw new InputError('results', `channel "${r.channel}" appears twice`);
    const metrics: Record<string, number | null> = {};
    for (const [key, value] of Object.entries(r.metrics)) metrics[key] = Number.isFinite(value) ? value : null;
    channels[r.channel] = {
      users: r.users,
      seconds: r.seconds,
      skipped: { ...r.skipped },
      excludedRelevant: r.excludedRelevant,
      metrics,
    };
  }
  const report: EvaluationReport = {
    protocol: metadata.protocol,
    split: metadata.split,
    createdAt: metadata.createdAt ?? new Date().toISOString(),
    channels,
  };
  if (metadata.details) report.details = { ...metadata.details };
  return report;
}

export interface TableOptions {
  /** Metric columns in this order; default: every metric, in the order the results list them. */
  metrics?: readonly string[];
  /** Decimal places. Default 4. */
  digits?: number;
  /** Wider tables are cut into blocks of columns, each repeating the channel column. Default 120. */
  width?: number;
  /** Standard deviations by channel and metric (cross-validation), shown after the value as "± sd". */
  deviations?: Readonly<Record<string, Record<string, number>>>;
}

/** Metric keys across results, in first-seen order. */
export function metricNames(results: readonly EvaluationResult[]): string[] {
  const names = new Set<string>();
  for (const r of results) for (const key of Object.keys(r.metrics)) names.add(key);
  return [...names];
}

export function formatTable(results: readonly EvaluationResult[], options: TableOptions = {}): string {
  const digits = options.digits ?? 4;
  const width = options.width ?? 120;
  const format = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));
  const withDeviation = (r: EvaluationResult, name: string) => {
    const sd = options.deviations?.[r.channel]?.[name];
    return format(r.metrics[name]) + (sd === undefined || !Number.isFinite(sd) ? '' : ` ± ${sd.toFixed(digits)}`);
  };
  const columns: { title: string; cells: string[] }[] = [
    { title: 'users', cells: results.map((r) => String(r.users)) },
    ...(options.metrics ?? metricNames(results)).map((name) => ({ title: name, cells: results.map((r) => withDeviation(r, name)) })),
    { title: 'seconds', cells: results.map((r) => r.seconds.toFixed(2)) },
  ];
  const names = ['channel', ...results.map((r) => r.channel)];
  const nameWidth = Math.max(...names.map((n) => n.length));
  const widths = columns.map((c) => Math.max(c.title.length, ...c.cells.map((s) => s.length)));

  const blocks: number[][] = [];
  let block: number[] = [];
  let used = nameWidth;
  for (let c = 0; c < columns.length; c++) {
    const w = 2 + widths[c]!;
    if (block.length > 0 && used + w > width) {
      blocks.push(block);
      block = [];
      used = nameWidth;
    }
    block.push(c);
    used += w;
  }
  blocks.push(block);

  const render = (cols: number[]) => {
    const line = (name: string, cell: (c: number) => string) =>
      name.padEnd(nameWidth) + cols.map((c) => '  ' + cell(c).padStart(widths[c]!)).join('');
    const header = line('channel', (c) => columns[c]!.title);
    const rule = '-'.repeat(header.length);
    const rows = results.map((r, i) => line(r.channel, (c) => columns[c]!.cells[i]!));
    return [header, rule, ...rows].join('\n');
  };
  return blocks.map(render).join('\n\n') + '\n';
}
