/**
 * The steps of a protocol run: fit the channels with progress (with default
 * options, and again with tuned options where the protocol has them),
 * choose the blend weights on validation data, and evaluate every row and
 * the blend like any channel into a table.
 */
import type { Pin, User } from '../../domain/types.js';
import { silentProgress, type Progress } from '../../progress.js';
import { fitChannels, inDependencyOrder } from '../../recall/fit.js';
import type { Interactions } from '../../recall/interactions.js';
import type { RecallChannel } from '../../recall/types.js';
import { BlendChannel, chooseBlend, type BlendCases, type BlendChoice } from '../blend.js';
import type { EvaluationResult } from '../context.js';
import { BLEND, isRegistered, type ProtocolOptions, type ProtocolTable } from './protocol.js';
import { overridesOf, tunedLabel, type ChannelOverrides, type ProtocolTuned } from './tuned.js';

export interface FitStep {
  /** The time recall runs at. */
  now: number;
  catalog?: readonly Pin[];
  /** User profiles, for channels that read them (cold start). */
  users?: readonly User[];
  /** Names the fit in the log, e.g. "validation". */
  label: string;
  tuned: ProtocolTuned;
}

/** Fits registered channels (and what they depend on), one progress bar per channel; `overrides` sets options per channel. */
export async function fitWithProgress(
  names: readonly string[],
  data: Interactions,
  options: ProtocolOptions,
  fit: { now: number; catalog?: readonly Pin[]; users?: readonly User[]; label: string; overrides?: ChannelOverrides },
): Promise<Map<string, RecallChannel>> {
  const progress = options.progress ?? silentProgress;
  let bar: Progress | undefined;
  let current = '';
  const { channels, fitSeconds } = await fitChannels(names, data, options.config, {
    now: fit.now,
    catalog: fit.catalog,
    users: fit.users,
    overrides: fit.overrides,
    onChannel: (name) => {
      bar?.stop();
      bar = undefined;
      current = name;
      options.log?.(`${fit.label}: fitting ${name}…`);
    },
    onProgress: (done, total) => {
      bar ??= progress(`fitting ${current}`, total, 'steps');
      bar.update(done);
    },
  });
  bar?.stop();
  options.log?.(`${fit.label}: fitted ${Object.entries(fitSeconds).map(([name, s]) => `${name} ${s.toFixed(1)}s`).join(', ')}`);
  return channels;
}

/** Of `names`, the registered channels a tuned setting changes: tuned themselves, or built on a tuned channel (vector on ials). */
export function changedByTuning(names: readonly string[], tuned: ProtocolTuned, options: ProtocolOptions): string[] {
  return names.filter((name) => isRegistered(name) && inDependencyOrder([name], options.config).some((n) => n in tuned));
}

/** A fitted channel and the label of its row. */
export interface Row {
  label: string;
  channel: RecallChannel;
}

export interface FittedRows {
  /** Every channel with default options, each followed by its tuned version where there is one. */
  rows: Row[];
  /** One per name, for the blend: the tuned version where there is one. */
  members: RecallChannel[];
  /** The names whose member is tuned. */
  tunedMembers: string[];
}

/**
 * Fits registered `names` with default options and, for the channels a tuned
 * setting changes, again with the tuned options.
 */
export async function fitRows(names: readonly string[], data: Interactions, options: ProtocolOptions, fit: FitStep): Promise<FittedRows> {
  const defaults = await fitWithProgress(names, data, options, fit);
  const tunedNames = changedByTuning(names, fit.tuned, options);
  const tuned = tunedNames.length
    ? await fitWithProgress(tunedNames, data, options, { ...fit, label: `${fit.label} (tuned)`, overrides: overridesOf(fit.tuned) })
    : new Map<string, RecallChannel>();
  const rows = names.flatMap((name) => {
    const row = { label: name, channel: defaults.get(name)! };
    return tunedNames.includes(name) ? [row, { label: tunedLabel(name), channel: tuned.get(name)! }] : [row];
  });
  return { rows, members: names.map((name) => tuned.get(name) ?? defaults.get(name)!), tunedMembers: tunedNames };
}

/** Fits the blend's members only: tuned options where the protocol has them, default options otherwise. */
export async function fitMembers(names: readonly string[], data: Interactions, options: ProtocolOptions, fit: FitStep): Promise<RecallChannel[]> {
  const fitted = await fitWithProgress(names, data, options, { ...fit, overrides: overridesOf(fit.tuned) });
  return names.map((name) => fitted.get(name)!);
}

/**
 * Chooses blend weights from validation cases that `collect` gathers (with a
 * progress bar), maximising `objective`.
 */
export function chooseBlendWithProgress(
  options: ProtocolOptions,
  label: string,
  total: number,
  objective: string,
  collect: (onProgress: (done: number) => void) => BlendCases,
): BlendChoice {
  const bar = (options.progress ?? silentProgress)(label, total, 'users');
  const cases = collect((done) => bar.update(done));
  bar.stop();
  const choice = chooseBlend(cases, { objective });
  const weights = Object.entries(choice.weights)
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name} ${w}`)
    .join(', ');
  options.log?.(`blend: ${choice.normalisation} normalisation, weights ${weights}; validation ${objective} ${choice.validation.toFixed(4)} on ${choice.cases} cases`);
  return choice;
}

/** The blend of `members` (already fitted, by name) with the chosen weights. */
export function blendOf(members: readonly RecallChannel[], choice: BlendChoice): BlendChannel {
  return new BlendChannel(new Map(members.map((c) => [c.name, c])), choice, BLEND);
}

export interface TableStep {
  title: string;
  /** Tells the tables of one run apart (e.g. "k=3"). */
  key?: string;
  /** Test users (or cases), for the progress bars. */
  total: number;
  /** One of the loops of src/eval, on one channel. */
  evaluate: (channel: RecallChannel, onProgress: (done: number) => void) => EvaluationResult;
}

/** Evaluates every row, then the blend of the members when one was chosen, with a progress bar each; results carry the row's label. */
export function evaluateTable(options: ProtocolOptions, fitted: FittedRows, choice: BlendChoice | undefined, step: TableStep): ProtocolTable {
  const rows = choice ? [...fitted.rows, { label: BLEND, channel: blendOf(fitted.members, choice) }] : fitted.rows;
  const progress = options.progress ?? silentProgress;
  const results = rows.map(({ label, channel }) => {
    const bar = progress(`evaluating ${label}`, step.total, 'users');
    const result = step.evaluate(channel, (done) => bar.update(done));
    bar.stop();
    return { ...result, channel: label };
  });
  const table: ProtocolTable = { title: step.title, results };
  if (step.key !== undefined) table.key = step.key;
  if (choice) Object.assign(table, { blend: choice, tunedMembers: fitted.tunedMembers });
  return table;
}
