/**
 * Turns CSV cells into the wire format's JSON values, column by column, using
 * the wire schema to know each column's kind: arrays (`tags`, `interests`) are
 * `|`-separated, numbers (`value`, `bid`, `budget`) parsed, booleans
 * (`promoted`) are true/false, strings taken as they are. An empty cell is an
 * absent field.
 */
import type { TObject } from 'typebox';
import { RecordError } from './errors.js';

type ColumnKind = 'string' | 'list' | 'number' | 'boolean';

export type CellReader = (cell: string, line: number) => unknown;

function kindOf(schema: unknown): ColumnKind {
  const type = (schema as { type?: unknown }).type;
  if (type === 'array') return 'list';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'string';
}

function cellReader(kind: ColumnKind, file: string, column: string): CellReader {
  switch (kind) {
    case 'list':
      return (cell) =>
        cell
          .split('|')
          .map((s) => s.trim())
          .filter((s) => s !== '');
    case 'number':
      return (cell, line) => {
        const n = Number(cell.trim());
        if (cell.trim() === '' || !Number.isFinite(n)) throw new RecordError(file, line, `/${column}`, `"${cell}" is not a number`);
        return n;
      };
    case 'boolean':
      return (cell, line) => {
        const v = cell.trim().toLowerCase();
        if (v === 'true') return true;
        if (v === 'false') return false;
        throw new RecordError(file, line, `/${column}`, `"${cell}" is not true or false`);
      };
    case 'string':
      return (cell) => cell;
  }
}

export interface CsvColumns {
  names: string[];
  /** The wire object for one row; throws a RecordError naming the line and field. */
  toObject(fields: readonly string[], line: number): Record<string, unknown>;
}

/** Reads the header row against the schema: unknown or repeated column names are errors. */
export function csvColumns(schema: TObject, header: readonly string[], file: string, headerLine: number): CsvColumns {
  const properties = schema.properties as Record<string, unknown>;
  const names = header.map((h) => h.trim());
  const readers: CellReader[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (!Object.hasOwn(properties, name)) {
      throw new RecordError(file, headerLine, `/${name}`, `is not a known column (known: ${Object.keys(properties).join(', ')})`);
    }
    if (seen.has(name)) throw new RecordError(file, headerLine, `/${name}`, 'is named twice in the header');
    seen.add(name);
    readers.push(cellReader(kindOf(properties[name]), file, name));
  }
  return {
    names,
    toObject(fields, line) {
      if (fields.length !== names.length) {
        throw new RecordError(file, line, '', `has ${fields.length} fields but the header names ${names.length}`);
      }
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const cell = fields[i]!;
        if (cell !== '') out[names[i]!] = readers[i]!(cell, line);
      }
      return out;
    },
  };
}
