/**
 * Wire-format records from a JSONL or CSV file, as plain JSON values with the
 * line they start on. The format is chosen by the file's extension.
 */
import path from 'node:path';
import type { TObject } from 'typebox';
import { csvColumns, type CsvColumns } from './csv-columns.js';
import { csvRecords } from './csv.js';
import { InputError } from '../wire/convert.js';
import { RecordError } from './errors.js';
import { readLines } from './lines.js';

export type WireFormat = 'jsonl' | 'csv';

const EXTENSIONS: Record<string, WireFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv' };

/** The file's format, or undefined for an extension that names none. */
export function wireFormatOf(file: string): WireFormat | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

export interface WireRecord {
  value: unknown;
  line: number;
}

async function* jsonlRecords(file: string): AsyncGenerator<WireRecord> {
  for await (const line of readLines(file, 'utf8')) {
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      throw new RecordError(file, line.number, '', `is not valid JSON (${(error as Error).message})`);
    }
    yield { value, line: line.number };
  }
}

async function* csvWireRecords(file: string, schema: TObject): AsyncGenerator<WireRecord> {
  let columns: CsvColumns | undefined;
  for await (const record of csvRecords(readLines(file, 'utf8'), file)) {
    if (!columns) {
      columns = csvColumns(schema, record.fields, file, record.line);
      continue;
    }
    yield { value: columns.toObject(record.fields, record.line), line: record.line };
  }
}

export function wireRecords(file: string, schema: TObject): AsyncGenerator<WireRecord> {
  const format = wireFormatOf(file);
  if (format === 'jsonl') return jsonlRecords(file);
  if (format === 'csv') return csvWireRecords(file, schema);
  throw new InputError(file, 'has an unknown extension: use .jsonl, .ndjson or .csv');
}
