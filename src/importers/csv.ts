/**
 * RFC 4180 CSV: comma-separated fields; a field in double quotes may hold
 * commas, line breaks and doubled quotes (`""` is one `"`). Blank lines are
 * skipped. A quote inside an unquoted field is kept as a literal character
 * (as most writers produce it); text after a closing quote is an error.
 *
 * Written here rather than taken from npm because it is small, has no
 * dependencies (node_modules is shared across worktrees here), and must report
 * the physical line each record starts on, which the import errors name.
 * It is fed physical lines, so it streams with the line reader.
 */
import { RecordError } from './errors.js';
import type { Line } from './lines.js';

export interface CsvRecord {
  fields: string[];
  /** The line the record starts on (a quoted field may span several). */
  line: number;
}

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private startLine = 0;

  constructor(private readonly file: string) {}

  /** Takes one physical line; returns the record it completes, if any. */
  push(line: Line): CsvRecord | undefined {
    const text = line.text;
    if (this.inQuotes) {
      this.field += '\n';
    } else {
      if (text === '') return undefined;
      this.startLine = line.number;
    }
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          return undefined;
        }
        this.field += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.inQuotes = false;
        i = q + 1;
        if (i < n && text.charCodeAt(i) !== 44) {
          throw new RecordError(this.file, line.number, '', `unexpected text after a closing quote (column ${i + 1})`);
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        this.fields.push(this.field);
        this.field = '';
        i++;
      } else if (c === 34 && this.field === '' && this.atFieldStart(text, i)) {
        this.inQuotes = true;
        i++;
      } else {
        const comma = text.indexOf(',', i);
        const end = comma < 0 ? n : comma;
        this.field += text.slice(i, end);
        i = end;
      }
    }
    if (this.inQuotes) return undefined;
    this.fields.push(this.field);
    const record = { fields: this.fields, line: this.startLine };
    this.fields = [];
    this.field = '';
    return record;
  }

  /** Call after the last line: an open quoted field is an error. */
  end(): void {
    if (this.inQuotes) throw new RecordError(this.file, this.startLine, '', 'a quoted field is never closed');
  }

  private atFieldStart(text: string, i: number): boolean {
    return i === 0 || text.charCodeAt(i - 1) === 44;
  }
}

export async function* csvRecords(lines: AsyncIterable<Line>, file: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(file);
  for await (const line of lines) {
    const record = parser.push(line);
    if (record) yield record;
  }
  parser.end();
}
