/**
 * A public dataset as the protocols read it: through the project's own
 * importers (so pins carry the same text and users the same demographics
 * as after `tessera import`), with every event an implicit positive.
 */
import type { Event, Pin, User } from '../../domain/types.js';
import type { ImportSource } from '../../importers/source.js';
import type { InteractionRecord } from '../splits.js';

export interface ImportedDataset {
  pins: Pin[];
  users: User[];
  /** One record per event, weight 1, at the event's time. */
  records: InteractionRecord[];
}

/**
 * Reads an import source into memory. With `events: false` it stops at the
 * first batch of events: the importers yield users, creators and pins first.
 */
export async function readImport(source: ImportSource, options: { events: boolean } = { events: true }): Promise<ImportedDataset> {
  const out: ImportedDataset = { pins: [], users: [], records: [] };
  for await (const batch of source.batches()) {
    if (batch.events?.length && !options.events) break;
    if (batch.pins) out.pins.push(...batch.pins);
    if (batch.users) out.users.push(...batch.users);
    for (const e of batch.events ?? []) out.records.push(recordOf(e));
  }
  return out;
}

/** A dataset's interactions and its pins (for the channels that read pin text). */
export interface RecordsAndCatalog {
  records: InteractionRecord[];
  catalog: Pin[];
}

/** Reads an import source's events as records and its pins as the catalogue. */
export async function readRecords(source: ImportSource): Promise<RecordsAndCatalog> {
  const { pins, records } = await readImport(source);
  return { records, catalog: pins };
}

function recordOf(e: Event): InteractionRecord {
  if (e.pinId === undefined) throw new Error(`event ${e.id} names no pin`);
  return { userId: e.userId, pinId: e.pinId, weight: 1, timestamp: e.timestamp };
}
