/** Small helpers the dataset readers share: strict field parsing, batching, synthetic clocks. */
import { RecordError } from '../errors.js';
import type { Line } from '../lines.js';
import type { ImportBatch } from '../source.js';

/** Records per batch handed to the store (one transaction each). */
export const BATCH_SIZE = 10_000;

/** Splits a line into exactly `count` fields (at least `count` when `atLeast`), or throws naming the file and line. */
export function splitFields(line: Line, separator: string, count: number, file: string, atLeast = false): string[] {
  const fields = line.text.split(separator);
  if (atLeast ? fields.length < count : fields.length !== count) {
    throw new RecordError(file, line.number, '', `has ${fields.length} fields, expected ${atLeast ? 'at least ' : ''}${count}`);
  }
  return fields;
}

/** A non-negative integer field, or an error naming the file, line and field. */
export function intField(text: string, line: Line, file: string, name: string): number {
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < 0) {
    throw new RecordError(file, line.number, name, `"${text}" is not a non-negative integer`);
  }
  return n;
}

/** Re-cuts batches of records (of any size) into ImportBatches of `size`. */
export async function* batched<T>(
  batches: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
  wrap: (batch: T[]) => ImportBatch,
  size = BATCH_SIZE,
): AsyncGenerator<ImportBatch> {
  let pending: T[] = [];
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; ) {
      const take = Math.min(size - pending.length, batch.length - i);
      pending.push(...batch.slice(i, i + take));
      i += take;
      if (pending.length >= size) {
        yield wrap(pending);
        pending = [];
      }
    }
  }
  if (pending.length) yield wrap(pending);
}

/** Maps every record of every batch. */
export async function* mapBatches<T, U>(batches: AsyncIterable<readonly T[]>, fn: (record: T) => U): AsyncGenerator<U[]> {
  for await (const batch of batches) yield batch.map(fn);
}

/**
 * For datasets without times: event i (0-based, in file order) happens one
 * second after event i - 1, starting one second after `epoch`, so the order
 * of the file is the order in time and everything else (users, pins) can be
 * created at `epoch`, before any event.
 */
export const syntheticTime = (epoch: number, index: number): number => epoch + (index + 1) * 1000;

/** Tags are labels of 1 to 128 characters in the wire contract. */
export function asTag(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  return t.length >= 1 && t.length <= 128 ? t : undefined;
}
