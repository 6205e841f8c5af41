/**
 * A protocol run for people (terminal text, Markdown for the docs) and for
 * machines (one JSON object keyed by channel), with the published figures
 * beside ours.
 */
import { reportJson, type EvaluationReport } from '../report.js';
import type { BlendChoice } from '../blend.js';
import type { ProtocolRun, ProtocolTable, PublishedFigure } from './protocol.js';
import type { TunedChannel } from './tuned.js';

type Style = 'text' | 'markdown';

const formatMetric = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(4));

/** Rows of cells as an aligned text table or a Markdown table; the first column is left-aligned, the rest right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], style: Style): string {
  if (style === 'markdown') {
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    const rule = `|${header.map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`;
    return [line(header), rule, ...rows.map(line)].join('\n');
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const head = line(header);
  return [head, '-'.repeat(head.length), ...rows.map(line)].join('\n');
}

export function describeBlend(blend: BlendChoice, tunedMembers: readonly string[] = []): string {
  const weights = Object.entries(blend.weights)
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name} ${w}`)
    .join(', ');
  const members = tunedMembers.length ? `tuned options for ${tunedMembers.join(', ')}, default for the rest; ` : '';
  return `blend = ${blend.normalisation}-normalised scores of each channel's top ${blend.depth}, ${members}weights ${weights}; chosen on validation (${blend.objective} ${blend.validation.toFixed(4)} over ${blend.cases} cases)`;
}

/** The tuned settings a run used and how each was found (none: undefined). */
export function describeTuned(tuned: Readonly<Record<string, TunedChannel>>, style: Style): string | undefined {
  const entries = Object.entries(tuned);
  if (entries.length === 0) return undefined;
  const code = (text: string) => (style === 'markdown' ? `\`${text}\`` : text);
  const lines = entries.map(([name, { options, found }]) => {
    const figures = `${found.metric} on validation ${found.configured.toFixed(4)} with default options → ${found.best.toFixed(4)}`;
    return `- ${code(name)} ${code(JSON.stringify(options))}: found by ${code(found.command)} on ${found.validation}; ${figures}; ${found.trials} trials, ${found.measured}.`;
  });
  return [`Rows "(tuned)" use these options (src/eval/protocols/tuned-settings.ts), searched on validation carved from the protocol's training data:`, '', ...lines].join('\n');
}

function tableOf(run: ProtocolRun, table: ProtocolTable, style: Style, withPublished: boolean): string {
  const header = ['channel', ...run.metrics, 'users', 'seconds'];
  const rows = table.results.map((r) => [
    style === 'markdown' && r.channel === 'blend' ? '**blend**' : r.channel,
    ...run.metrics.map((m) => formatMetric(r.metrics[m])),
    String(r.users),
    r.seconds.toFixed(1),
  ]);
  if (withPublished) {
    for (const p of run.published) {
      const name = `${p.system} (${p.source})`;
      rows.push([style === 'markdown' ? `*published: ${name}*` : `published: ${name}`, ...run.metrics.map((m) => formatMetric(p.metrics[m])), '', '']);
    }
  }
  return renderTable(header, rows, style);
}

/** The whole run as text for the terminal, or as Markdown sections for the docs. */
export function formatProtocolRun(run: ProtocolRun, style: Style = 'text'): string {
  const out: string[] = [];
  const heading = style === 'markdown' ? `### ${run.title} (\`${run.protocol}\`)` : `${run.title} [${run.protocol}]`;
  out.push(heading, '', `${run.metadata.split}.`, '');
  for (const table of run.tables) {
    if (run.tables.length > 1) out.push(style === 'markdown' ? `**${table.key}**: ${table.title}` : `${table.key}: ${table.title}`, '');
    // Published figures are for the protocol as a whole: beside the first table.
    out.push(tableOf(run, table, style, table === run.tables[0]), '');
    if (table.blend) out.push(describeBlend(table.blend, table.tunedMembers ?? []), '');
  }
  const tuned = describeTuned(run.tuned, style);
  if (tuned) out.push(tuned, '');
  out.push(`${run.seconds.toFixed(0)} s in all, fits and validation included.`);
  return out.join('\n') + '\n';
}

export interface ProtocolReport extends Omit<EvaluationReport, 'channels'> {
  title: string;
  seconds: number;
  tables: { key?: string; title: string; channels: EvaluationReport['channels']; blend?: BlendChoice; tunedMembers?: readonly string[] }[];
  published: readonly PublishedFigure[];
  tuned: Readonly<Record<string, TunedChannel>>;
}

/** The row key of a channel: its name, prefixed by the table key when the run has several tables ("k=3/ials"). */
export const rowKey = (run: ProtocolRun, table: ProtocolTable, channel: string): string =>
  run.tables.length > 1 && table.key ? `${table.key}/${channel}` : channel;

/**
 * One JSON object: metrics keyed by row (channel, "channel (tuned)", and
 * "blend"), the published figures keyed by system under "published", and the
 * full report (split, users, timings, blend weights, tuned settings) under
 * "report".
 */
export function protocolJson(run: ProtocolRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const tables: ProtocolReport['tables'] = [];
  let createdAt = new Date().toISOString();
  for (const table of run.tables) {
    const report = reportJson(table.results, run.metadata);
    createdAt = report.createdAt;
    for (const [channel, r] of Object.entries(report.channels)) out[rowKey(run, table, channel)] = r.metrics;
    const blend = table.blend ? { blend: table.blend, tunedMembers: table.tunedMembers ?? [] } : {};
    tables.push({ ...(table.key ? { key: table.key } : {}), title: table.title, channels: report.channels, ...blend });
  }
  out.published = Object.fromEntries(run.published.map((p) => [`${p.system} (${p.source})`, p.metrics]));
  const report: ProtocolReport = {
    protocol: run.protocol,
    title: run.title,
    split: run.metadata.split,
    ...(run.metadata.details ? { details: run.metadata.details } : {}),
    createdAt,
    seconds: run.seconds,
    tables,
    published: run.published,
    tuned: run.tuned,
  };
  out.report = report;
  return out;
}
