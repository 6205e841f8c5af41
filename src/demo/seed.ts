/** Writing a demo world into a store, and its ground truth next to it (`<dataDir>/demo-truth.json`). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { silentProgress, type ProgressFactory } from '../progress.js';
import type { Config } from '../config.js';
import { EVENT_TYPES, type EventType } from '../domain/types.js';
import type { Store } from '../store/store.js';
import type { DemoWorldOptions } from './options.js';
import { DemoTruth } from './truth.js';
import { generateDemoWorld, type DemoWorld } from './world.js';

export const SEED_BATCH_SIZE = 5_000;
export const DEMO_TRUTH_FILE = 'demo-truth.json';

export interface SeedSummary {
  creators: number;
  users: number;
  pins: number;
  /** Events written to the log. */
  events: number;
  /** Events skipped because their id was already in the log (seeding over an earlier demo). */
  duplicateEvents: number;
  /** The world's events by type. */
  eventsByType: Record<EventType, number>;
  seconds: number;
}

async function inBatches<T>(
  items: readonly T[],
  label: string,
  progress: ProgressFactory,
  batchSize: number,
  write: (batch: readonly T[]) => Promise<void>,
): Promise<void> {
  const bar = progress(label, items.length, 'records');
  try {
    for (let i = 0; i < items.length; i += batchSize) {
      const batch = items.slice(i, i + batchSize);
      await write(batch);
      bar.tick(batch.length);
    }
  } finally {
    bar.stop();
  }
}

export function countByType(events: DemoWorld['events']): Record<EventType, number> {
  const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  for (const e of events) counts[e.type]++;
  return counts;
}

/** Writes creators, users, pins and then events, in batches; records with existing ids are replaced, events with logged ids skipped. */
export async function seedDemoWorld(
  store: Store,
  world: DemoWorld,
  progress: ProgressFactory = silentProgress,
  batchSize = SEED_BATCH_SIZE,
): Promise<SeedSummary> {
  const started = performance.now();
  await inBatches(world.creators, 'Seeding creators', progress, batchSize, (b) => store.creators.upsertMany(b));
  await inBatches(world.users, 'Seeding users', progress, batchSize, (b) => store.users.upsertMany(b));
  await inBatches(world.pins, 'Seeding pins', progress, batchSize, (b) => store.pins.upsertMany(b));
  let inserted = 0;
  let duplicates = 0;
  await inBatches(world.events, 'Seeding events', progress, batchSize, async (b) => {
    const result = await store.events.append(b);
    inserted += result.inserted;
    duplicates += result.duplicates;
  });
  return {
    creators: world.creators.length,
    users: world.users.length,
    pins: world.pins.length,
    events: inserted,
    duplicateEvents: duplicates,
    eventsByType: countByType(world.events),
    seconds: (performance.now() - started) / 1000,
  };
}

export const demoTruthPath = (dir: string): string => path.join(dir, DEMO_TRUTH_FILE);

/** Writes `<dir>/demo-truth.json` atomically (a temporary file, then a rename); returns its path. */
export async function writeDemoTruth(dir: string, truth: DemoTruth): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = demoTruthPath(dir);
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(truth));
  await fs.rename(temporary, file);
  return file;
}

/** The truth in `<dir>/demo-truth.json`, or undefined when there is none. */
export async function readDemoTruth(dir: string): Promise<DemoTruth | undefined> {
  let text: string;
  try {
    text = await fs.readFile(demoTruthPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return DemoTruth.fromJSON(JSON.parse(text));
  } catch (error) {
    throw new Error(`${demoTruthPath(dir)}: ${(error as Error).message}`);
  }
}

/**
 * First run: when the store has no pins, generates the default demo world
 * (or one shaped by `options`) as of now, seeds it and writes its truth into
 * config.dataDir. Returns whether it seeded.
 */
export async function seedDemoIfEmpty(
  config: Config,
  store: Store,
  progress: ProgressFactory = silentProgress,
  options: Partial<DemoWorldOptions> = {},
): Promise<boolean> {
  if ((await store.pins.count()) > 0) return false;
  const world = generateDemoWorld({ ...options, now: options.now ?? Date.now() });
  await seedDemoWorld(store, world, progress);
  await writeDemoTruth(config.dataDir, world.truth);
  return true;
}
