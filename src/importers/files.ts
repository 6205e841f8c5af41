/**
 * Imports JSONL and CSV files of creators, users, pins and events in the wire
 * format (exactly the HTTP API's JSON). Every record goes through the same
 * validators and converters as the HTTP API. The whole input is checked in a
 * first streaming pass before anything is written (see ImportSource.check),
 * so bad input changes nothing; errors name file, line and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TObject } from 'typebox';
import type { Creator, Event, Pin, User } from '../domain/types.js';
import { creatorFromWire, eventFromWire, InputError, pinFromWire, userFromWire } from '../wire/convert.js';
import { CreatorInput, EventInput, PinInput, UserInput } from '../wire/schemas.js';
import { wireValidator } from '../wire/validate.js';
import { MissingFileError, RecordError } from './errors.js';
import { countLines } from './lines.js';
import { checkedFirst, type ImportBatch, type ImportSource } from './source.js';
import { wireFormatOf, wireRecords } from './wire-records.js';

export interface ImportFiles {
  creators?: readonly string[];
  users?: readonly string[];
  pins?: readonly string[];
  events?: readonly string[];
}

export interface FileSourceOptions {
  /** The time given to records without one (epoch ms); fixed for both passes. Default: now. */
  now?: number;
  /** Records per written batch. Default 5,000. */
  batchSize?: number;
}

interface KindSpec<T> {
  schema: TObject;
  /** Validates and converts one wire record; throws an InputError naming the field. */
  convert(value: unknown, now: number, file: string, line: number): T;
}

const userValidator = wireValidator(UserInput);
const creatorValidator = wireValidator(CreatorInput);
const pinValidator = wireValidator(PinInput);
const eventValidator = wireValidator(EventInput);

/** The id an event without one gets: the same file and line give the same id, so a re-import is idempotent. */
export const fileEventId = (file: string, line: number): string => `import:${path.basename(file)}:${line}`;

const SPECS: { creators: KindSpec<Creator>; users: KindSpec<User>; pins: KindSpec<Pin>; events: KindSpec<Event> } = {
  creators: { schema: CreatorInput, convert: (v, now) => creatorFromWire(creatorValidator.parse(v), now) },
  users: { schema: UserInput, convert: (v, now) => userFromWire(userValidator.parse(v), now) },
  pins: { schema: PinInput, convert: (v, now) => pinFromWire(pinValidator.parse(v), now) },
  events: { schema: EventInput, convert: (v, now, file, line) => eventFromWire(eventValidator.parse(v), now, () => fileEventId(file, line)) },
};

/** Write order: what events and pins refer to comes first. */
const KIND_ORDER: readonly (keyof ImportFiles)[] = ['creators', 'users', 'pins', 'events'];

async function* kindBatches<T>(
  spec: KindSpec<T>,
  wrap: (records: T[]) => ImportBatch,
  files: readonly string[],
  now: number,
  batchSize: number,
): AsyncGenerator<ImportBatch> {
  for (const file of files) {
    let batch: T[] = [];
    for await (const record of wireRecords(file, spec.schema)) {
      try {
        batch.push(spec.convert(record.value, now, file, record.line));
      } catch (error) {
        if (error instanceof InputError && !(error instanceof RecordError)) throw RecordError.at(file, record.line, error);
        throw error;
      }
      if (batch.length >= batchSize) {
        yield wrap(batch);
        batch = [];
      }
    }
    if (batch.length) yield wrap(batch);
  }
}

function checkFile(file: string): void {
  if (wireFormatOf(file) === undefined) throw new InputError(file, 'has an unknown extension: use .jsonl, .ndjson or .csv');
  if (!fs.existsSync(file)) throw new MissingFileError(file);
}

/** A source over the files; throws at once for a missing file or an unknown extension. */
export function fileSource(files: ImportFiles, options: FileSourceOptions = {}): ImportSource {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? 5000;
  const all = KIND_ORDER.flatMap((k) => files[k] ?? []);
  all.forEach(checkFile);
  return checkedFirst({
    name: all.map((f) => path.basename(f)).join(', ') || 'files',
    estimatedRecords: all.reduce((n, f) => n + countLines(f) - (wireFormatOf(f) === 'csv' ? 1 : 0), 0),
    async *batches() {
      yield* kindBatches(SPECS.creators, (creators) => ({ creators }), files.creators ?? [], now, batchSize);
      yield* kindBatches(SPECS.users, (users) => ({ users }), files.users ?? [], now, batchSize);
      yield* kindBatches(SPECS.pins, (pins) => ({ pins }), files.pins ?? [], now, batchSize);
      yield* kindBatches(SPECS.events, (events) => ({ events }), files.events ?? [], now, batchSize);
    },
  });
}
