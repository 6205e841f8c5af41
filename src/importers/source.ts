/**
 * What every importer produces (batches of domain records) and the one
 * function that writes it to a store.
 */
import { silentProgress, type Progress, type ProgressFactory } from '../progress.js';
import type { Creator, Event, Pin, User } from '../domain/types.js';
import type { Store } from '../store/store.js';

export interface ImportBatch {
  users?: User[];
  creators?: Creator[];
  pins?: Pin[];
  events?: Event[];
}

export interface ImportSource {
  name: string;
  /** Estimated record count for progress, if known. */
  estimatedRecords?: number;
  batches(): AsyncIterable<ImportBatch>;
  /**
   * Reads every record without writing anything and throws on the first bad
   * one; resolves to the number of records. importInto runs it before the
   * first write, so that bad input changes nothing.
   */
  check?(progress?: Progress): Promise<number>;
}

export interface ImportSummary {
  /** Records written (inserted or replaced). */
  users: number;
  creators: number;
  pins: number;
  /** Events written for the first time, and those already in the log (skipped). */
  events: { inserted: number; duplicates: number };
  seconds: number;
}

export function recordCount(batch: ImportBatch): number {
  return (batch.users?.length ?? 0) + (batch.creators?.length ?? 0) + (batch.pins?.length ?? 0) + (batch.events?.length ?? 0);
}

/** Gives a source a `check` that reads it once in full; the write is then a second read. */
export function checkedFirst(source: ImportSource): ImportSource {
  return {
    ...source,
    batches: () => source.batches(),
    async check(progress) {
      let n = 0;
      for await (const batch of source.batches()) {
        const k = recordCount(batch);
        n += k;
        progress?.tick(k);
      }
      return n;
    },
  };
}

/**
 * Writes the source to the store. Within a batch: creators, users, pins, then
 * events (each call all-or-nothing; event appends skip ids already logged, so
 * importing the same source again only counts duplicates).
 */
export async function importInto(store: Store, source: ImportSource, progress: ProgressFactory = silentProgress): Promise<ImportSummary> {
  const started = performance.now();
  let total = source.estimatedRecords ?? 0;
  if (source.check) {
    const bar = progress(`check ${source.name}`, total, 'records');
    try {
      total = await source.check(bar);
    } finally {
      bar.stop();
    }
  }
  const summary: ImportSummary = { users: 0, creators: 0, pins: 0, events: { inserted: 0, duplicates: 0 }, seconds: 0 };
  const bar = progress(`import ${source.name}`, total, 'records');
  let done = 0;
  try {
    for await (const batch of source.batches()) {
      if (batch.creators?.length) {
        await store.creators.upsertMany(batch.creators);
        summary.creators += batch.creators.length;
      }
      if (batch.users?.length) {
        await store.users.upsertMany(batch.users);
        summary.users += batch.users.length;
      }
      if (batch.pins?.length) {
        await store.pins.upsertMany(batch.pins);
        summary.pins += batch.pins.length;
      }
      if (batch.events?.length) {
        const result = await store.events.append(batch.events);
        summary.events.inserted += result.inserted;
        summary.events.duplicates += result.duplicates;
      }
      done += recordCount(batch);
      if (done > total) {
        total = done;
        bar.setTotal(total);
      }
      bar.update(done);
    }
  } finally {
    bar.stop();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
