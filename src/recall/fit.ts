/**
 * Fitting several recall channels together: dependencies first (a channel
 * built on another, like vector recall on iALS embeddings, gets it fitted in
 * `FitOptions.fitted`), timed per channel. Training a model set and offline
 * evaluation both fit this way, so what is evaluated is what is served.
 */
import type { Config } from '../config.js';
import type { Pin, User } from '../domain/types.js';
import type { Interactions } from './interactions.js';
import { createChannel } from './registry.js';
import type { RecallChannel } from './types.js';

/** `names` and every channel they depend on, each once, dependencies before dependants. */
export function inDependencyOrder(names: readonly string[], config: Config): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    if (visiting.has(name)) throw new Error(`recall channels depend on each other in a cycle through "${name}"`);
    visiting.add(name);
    for (const dependency of createChannel(name, config).dependsOn ?? []) visit(dependency);
    visiting.delete(name);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

export interface FitChannelsOptions {
  now: number;
  catalog?: readonly Pin[];
  users?: readonly User[];
  /** Called as each channel starts fitting. */
  onChannel?: (name: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** Each epoch of an iterative channel (FitOptions.onEpoch), with the channel's name. */
  onEpoch?: (name: string, epoch: number, metrics: Record<string, number>) => void;
  /** Per-channel option overrides (hyperparameter search). */
  overrides?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface FittedChannels {
  channels: Map<string, RecallChannel>;
  /** Seconds spent fitting, per channel. */
  fitSeconds: Record<string, number>;
}

/** Fits `names` and their dependencies on `data`, in dependency order. */
export async function fitChannels(
  names: readonly string[],
  data: Interactions,
  config: Config,
  options: FitChannelsOptions,
): Promise<FittedChannels> {
  const channels = new Map<string, RecallChannel>();
  const fitSeconds: Record<string, number> = {};
  for (const name of inDependencyOrder(names, config)) {
    options.onChannel?.(name);
    const channel = createChannel(name, config, options.overrides?.[name]);
    const started = performance.now();
    const onEpoch = options.onEpoch && ((epoch: number, metrics: Record<string, number>) => options.onEpoch!(name, epoch, metrics));
    await channel.fit(data, { now: options.now, catalog: options.catalog, users: options.users, fitted: channels, onProgress: options.onProgress, onEpoch });
    fitSeconds[name] = (performance.now() - started) / 1000;
    channels.set(name, channel);
  }
  return { channels, fitSeconds };
}

/** Re-binds channels loaded from saved state to the channels they depend on. */
export function attachLoaded(channels: ReadonlyMap<string, RecallChannel>): void {
  for (const channel of channels.values()) channel.attach?.(channels);
}
