/**
 * Tuned channel options per named protocol: what `tessera evaluate
 * --protocol NAME --tune` found on a validation split carved from the
 * protocol's training data (never its test), kept with the command that
 * found them and the validation figures, so anyone can reproduce them. The
 * settings themselves are in tuned-settings.ts; protocols read them as
 * option overrides (rows "name (tuned)" and the blend).
 */
import { CHANNEL_NAMES, channelSpec } from '../../recall/registry.js';
import { TUNED_SETTINGS } from './tuned-settings.js';
import { InputError } from '../../wire/convert.js';
import { wireValidator } from '../../wire/validate.js';
import type { ParamValue } from '../search.js';
import type { TuneResult } from '../tune.js';

/** How a setting was found. */
export interface TuningRecord {
  /** The command that found it, every option spelled out. */
  command: string;
  /** The validation metric maximised, e.g. "NDCG@10". */
  metric: string;
  /** The validation split, e.g. "random 10% of each user's training pins (seed 42)". */
  validation: string;
  /** The metric on validation with the default options (trial 1) … */
  configured: number;
  /** … and with these options. */
  best: number;
  /** Trials run, e.g. "40 (31 complete, 9 pruned)". */
  trials: string;
  /** When, and the machine's load average while it ran. */
  measured: string;
}

export interface TunedChannel {
  /** Overrides of the channel's options (the rest keep their defaults). */
  options: Readonly<Record<string, ParamValue>>;
  found: TuningRecord;
}

/** One protocol's settings: channel name → its tuned options. */
export type ProtocolTuned = Readonly<Record<string, TunedChannel>>;

/** Protocol name → channel name → its tuned options. */
export type TunedSettings = Readonly<Record<string, ProtocolTuned>>;

/** Channel option overrides, as fitChannels takes them. */
export type ChannelOverrides = Readonly<Record<string, Record<string, unknown>>>;

const RECORD_FIELDS: readonly (keyof TuningRecord)[] = ['command', 'metric', 'validation', 'configured', 'best', 'trials', 'measured'];

function checkRecord(found: unknown, where: string): void {
  if (typeof found !== 'object' || found === null) throw new InputError(where, 'must say how the setting was found (command, metric, validation, ...)');
  const record = found as Record<string, unknown>;
  for (const field of RECORD_FIELDS) {
    const numeric = field === 'configured' || field === 'best';
    const ok = numeric ? Number.isFinite(record[field]) : typeof record[field] === 'string' && record[field] !== '';
    if (!ok) throw new InputError(`${where}.${field}`, numeric ? 'must be a number' : 'must be a non-empty string');
  }
}

/** A clear error for an unknown channel, an option the channel does not have, or a value its schema rejects. */
function checkChannel(channel: string, setting: TunedChannel, where: string): void {
  if (!CHANNEL_NAMES.includes(channel)) throw new InputError(where, `no recall channel is called "${channel}"; known: ${CHANNEL_NAMES.join(', ')}`);
  const spec = channelSpec(channel);
  const known = Object.keys(spec.defaults);
  if (typeof setting?.options !== 'object' || setting.options === null) throw new InputError(`${where}.options`, 'must be an object of option values');
  for (const option of Object.keys(setting.options)) {
    if (!known.includes(option)) throw new InputError(`${where}.options.${option}`, `"${channel}" has no such option; its options: ${known.join(', ')}`);
  }
  wireValidator(spec.options).parse({ ...spec.defaults, ...setting.options }, `${where}.options`);
  checkRecord(setting.found, `${where}.found`);
}

/** Checks every setting (protocols among `protocols`); returns them unchanged. */
export function checkTunedSettings(settings: TunedSettings, protocols: readonly string[]): TunedSettings {
  for (const [protocol, channels] of Object.entries(settings)) {
    if (!protocols.includes(protocol)) throw new InputError(`tuned.${protocol}`, `no protocol is called "${protocol}"; known: ${protocols.join(', ')}`);
    for (const [channel, setting] of Object.entries(channels)) checkChannel(channel, setting, `tuned.${protocol}.${channel}`);
  }
  return settings;
}

/** The option overrides for one protocol's channels (none when it has no tuned settings), checked. */
export function tunedOverrides(settings: TunedSettings, protocol: string): ChannelOverrides {
  const channels = settings[protocol] ?? {};
  for (const [channel, setting] of Object.entries(channels)) checkChannel(channel, setting, `tuned.${protocol}.${channel}`);
  return overridesOf(channels);
}

/** The option overrides of one protocol's settings, as fitChannels takes them. */
export function overridesOf(tuned: ProtocolTuned): ChannelOverrides {
  return Object.fromEntries(Object.entries(tuned).map(([name, t]) => [name, { ...t.options }]));
}

/**
 * One protocol's settings, checked: from `settings` (default the project's,
 * tuned-settings.ts); none when `settings` is false.
 */
export function tunedSettingsFor(settings: TunedSettings | false | undefined, protocol: string): ProtocolTuned {
  if (settings === false) return {};
  const all = settings ?? TUNED_SETTINGS;
  tunedOverrides(all, protocol);
  return all[protocol] ?? {};
}

/** The label of a channel's row with tuned options. */
export const tunedLabel = (name: string): string => `${name} (tuned)`;

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** A search's outcome as a setting to keep: its best options and how they were found. */
export function tunedChannelOf(result: TuneResult, found: { command: string; validation: string; measured: string }): TunedChannel {
  const count = (status: string) => result.trials.filter((t) => t.status === status).length;
  const outcomes = [`${count('complete')} complete`, `${count('pruned')} pruned`, `${count('failed')} failed`].filter((s) => !s.startsWith('0 '));
  const stopped = result.stoppedEarly ? `; stopped early: ${result.stoppedEarly}` : '';
  return {
    options: { ...result.best.params },
    found: {
      command: found.command,
      metric: result.metric,
      validation: found.validation,
      configured: round4(result.trials[0]!.value ?? Number.NaN),
      best: round4(result.best.value!),
      trials: `${result.trials.length} (${outcomes.join(', ')}${stopped})`,
      measured: found.measured,
    },
  };
}
