/**
 * A model set: every configured recall channel and the feed's ranker,
 * trained together from the event log at one point in time. Saved as a
 * directory per training run under `<dataDir>/models/`, with a `CURRENT` file
 * naming the live one; switching is a rename, so a reader sees the old set or
 * the new one, never half of each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { coldStartFeedChannels, servedChannels } from '../coldstart/config.js';
import type { Config } from '../config.js';
import type { LoggedEvent, Pin, User } from '../domain/types.js';
import { EngagementAggregates } from '../features/aggregates.js';
import { buildExamples, EXAMPLE_DEFAULTS } from '../features/examples.js';
import { RANKER_OFF, trainFeedRanker, type FeedRankerOutcome, type RankerInfo } from '../rank/feed-ranker.js';
import { loadRanker, saveRanker, type SavableRanker } from '../rank/persist.js';
import type { Store } from '../store/store.js';
import { Interactions } from './interactions.js';
import { decodeState, encodeState } from './persist.js';
import { attachLoaded, fitChannels, inDependencyOrder } from './fit.js';
import { createChannel } from './registry.js';
import type { RecallChannel } from './types.js';

export interface ModelSetInfo {
  trainedAt: number;
  /** The newest event position the set was trained on. */
  eventSeq: number;
  users: number;
  pins: number;
  interactions: number;
  /** Seconds spent per channel. */
  fitSeconds: Record<string, number>;
  /** The feed ranker, or why there is none (absent in sets saved before rankers existed). */
  ranker?: RankerInfo;
}

export interface ModelSet {
  info: ModelSetInfo;
  channels: Map<string, RecallChannel>;
  /** Engagement counts and affinities as of the newest event trained on (features, fairness). */
  aggregates: EngagementAggregates;
  /** The feed's ranker; absent when too few impressions were logged (the feed then ranks by channel fusion). */
  ranker?: SavableRanker;
  /** The directory name under models/, once saved or loaded. */
  name?: string;
}

export interface TrainProgress {
  stage(name: string): void;
  progress(done: number, total: number): void;
}

/** A saved model set that lacks what the configuration needs. */
export class StaleModelSetError extends Error {
  override name = 'StaleModelSetError';
  constructor(detail: string) {
    super(`${detail}: train again (tessera train)`);
  }
}

/** Throws a StaleModelSetError when `set` lacks a channel the configuration trains. */
export function checkModelSetCovers(set: ModelSet, config: Config): void {
  // A set trained before the cold-start channels existed still serves: the feed leaves those sources out.
  const optional = new Set(coldStartFeedChannels(config).map((c) => c.name));
  const missing = channelsToTrain(config).filter((name) => !set.channels.has(name) && !optional.has(name));
  if (missing.length > 0) {
    throw new StaleModelSetError(`model set ${set.name ?? '(unsaved)'} lacks channels the feed configuration needs: ${missing.join(', ')}`);
  }
}

const KEEP_SETS = 2;
const AGGREGATES_FILE = 'aggregates.json';

export async function readInteractions(
  store: Store,
  config: Config,
): Promise<{ data: Interactions; eventSeq: number; catalog: Pin[]; users: User[]; aggregates: EngagementAggregates; events: LoggedEvent[]; pins: Map<string, Pin> }> {
  const catalog: Pin[] = [];
  for await (const batch of store.pins.scan(5000)) catalog.push(...batch);
  const users: User[] = [];
  for await (const batch of store.users.scan(5000)) users.push(...batch);
  const pins = new Map(catalog.map((p) => [p.id, p]));
  const aggregates = new EngagementAggregates();
  const events: LoggedEvent[] = [];
  let eventSeq = 0;
  for await (const batch of store.events.scan()) {
    for (const e of batch) {
      if (e.pinId === undefined) continue;
      events.push(e);
      aggregates.observe(e, pins.get(e.pinId));
    }
    eventSeq = batch[batch.length - 1]!.seq;
  }
  const data = Interactions.fromEvents(
    events,
    { weights: config.training.eventWeights, dwellThresholdMs: config.training.dwellThresholdMs },
    catalog.map((p) => p.id),
  );
  return { data, eventSeq, catalog, users, aggregates, events, pins };
}

/** The channels a model set trains: the feed's (cold-start sources included), the pre-ranker's, those they depend on, and what related pins use; dependencies first. */
export function channelsToTrain(config: Config): string[] {
  const preRank = config.feed.preRank ? [config.feed.preRank.model] : [];
  return inDependencyOrder([...servedChannels(config).map((c) => c.name), ...preRank, 'co-engagement', 'popular'], config);
}

export interface TrainModelSetOptions {
  now?: number;
  /** Apply `feed.rank.startup`'s caps to the ranker (the training before a first feed is served). */
  startup?: boolean;
}

/**
 * Trains every channel the feed needs (plus co-engagement, which related pins
 * use) and the feed ranker, all from one read of the event log.
 */
export async function trainModelSet(store: Store, config: Config, progress?: TrainProgress, options: TrainModelSetOptions = {}): Promise<ModelSet> {
  const now = options.now ?? Date.now();
  progress?.stage('reading events');
  const { data, eventSeq, catalog, users, aggregates, events, pins } = await readInteractions(store, config);
  const { channels, fitSeconds } = await fitChannels(channelsToTrain(config), data, config, {
    now,
    catalog,
    users,
    onChannel: (name) => progress?.stage(`training ${name}`),
    onProgress: (d, t) => progress?.progress(d, t),
  });
  const { ranker, info: rankerInfo } = await trainRanker(store, config, events, pins, progress, options.startup);
  return {
    info: { trainedAt: now, eventSeq, users: data.userCount, pins: data.itemCount, interactions: data.nnz, fitSeconds, ranker: rankerInfo },
    channels,
    aggregates,
    ...(ranker ? { ranker } : {}),
  };
}

async function trainRanker(
  store: Store,
  config: Config,
  events: LoggedEvent[],
  pins: ReadonlyMap<string, Pin>,
  progress?: TrainProgress,
  startup?: boolean,
): Promise<FeedRankerOutcome> {
  if (!config.feed.rank) return { info: RANKER_OFF };
  progress?.stage('building ranking examples');
  const users = new Map<string, User>();
  for await (const batch of store.users.scan(5000)) for (const u of batch) users.set(u.id, u);
  const examples = await buildExamples(inBatches(events, 50_000), pins, users, {
    ...EXAMPLE_DEFAULTS,
    onProgress: (read) => progress?.progress(read, events.length),
  });
  return trainFeedRanker(examples, config, {
    startup,
    onStage: (message) => progress?.stage(`training ranker ${message}`),
    onEpoch: (epoch, epochs) => progress?.progress(epoch, epochs),
  });
}

function* inBatches<T>(items: readonly T[], size: number): Iterable<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

const modelsRoot = (dataDir: string): string => path.join(dataDir, 'models');

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export async function saveModelSet(dataDir: string, set: ModelSet): Promise<string> {
  const root = modelsRoot(dataDir);
  const name = `set-${set.info.trainedAt}-${process.pid}`;
  const building = path.join(root, `${name}.building`);
  fs.mkdirSync(building, { recursive: true });
  for (const [channelName, channel] of set.channels) {
    fs.writeFileSync(path.join(building, `${channelName}.json`), encodeState(channel.save()));
  }
  fs.writeFileSync(path.join(building, AGGREGATES_FILE), JSON.stringify(set.aggregates.save()));
  if (set.ranker) await saveRanker(building, set.ranker);
  fs.writeFileSync(
    path.join(building, 'manifest.json'),
    JSON.stringify({ ...set.info, channels: [...set.channels.keys()] }, null, 2),
  );
  fs.renameSync(building, path.join(root, name));
  writeFileAtomic(path.join(root, 'CURRENT'), name);
  pruneOldSets(root, name);
  set.name = name;
  return path.join(root, name);
}

function pruneOldSets(root: string, current: string): void {
  const sets = fs
    .readdirSync(root)
    .filter((d) => d.startsWith('set-') && !d.endsWith('.building'))
    .sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
  for (const old of sets.slice(KEEP_SETS)) if (old !== current) fs.rmSync(path.join(root, old), { recursive: true, force: true });
}

/** The name of the live model set, or undefined when none was trained yet. */
export function currentModelSetName(dataDir: string): string | undefined {
  const pointer = path.join(modelsRoot(dataDir), 'CURRENT');
  return fs.existsSync(pointer) ? fs.readFileSync(pointer, 'utf8').trim() : undefined;
}

/** The live model set, or undefined when none was trained yet. Everything is read before it is returned. */
export async function loadModelSet(dataDir: string, config: Config): Promise<ModelSet | undefined> {
  const name = currentModelSetName(dataDir);
  if (name === undefined) return undefined;
  const dir = path.join(modelsRoot(dataDir), name);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ModelSetInfo & {
    channels: string[];
  };
  const channels = new Map<string, RecallChannel>();
  for (const name of manifest.channels) {
    const channel = createChannel(name, config);
    channel.load(decodeState(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')));
    channels.set(name, channel);
  }
  attachLoaded(channels);
  const aggregatesFile = path.join(dir, AGGREGATES_FILE);
  // Sets trained before aggregates existed load with empty ones.
  const aggregates = fs.existsSync(aggregatesFile)
    ? EngagementAggregates.load(JSON.parse(fs.readFileSync(aggregatesFile, 'utf8')))
    : new EngagementAggregates();
  const ranker = manifest.ranker?.status === 'trained' ? await loadRanker(dir) : undefined;
  const { channels: _names, ...info } = manifest;
  return { info, channels, aggregates, name, ...(ranker ? { ranker } : {}) };
}
