/**
 * Streaming line reader: the file's lines with their 1-based numbers, `\n` or
 * `\r\n` terminated, without a UTF-8 byte-order mark. It reads bytes and
 * decodes line by line because some public datasets mix encodings between
 * files or even lines (Last.fm's tags.dat is latin-1, its artists.dat UTF-8).
 */
import fs from 'node:fs';
import { MissingFileError, RecordError } from './errors.js';

export interface Line {
  text: string;
  /** 1-based line number in the file. */
  number: number;
}

/**
 * `utf8`: invalid UTF-8 is an error (the wire format is JSON, so UTF-8).
 * `utf8-or-latin1`: a line that is not valid UTF-8 is read as latin-1.
 */
export type LineDecoding = 'utf8' | 'utf8-or-latin1';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(buf: Buffer, start: number, end: number, decoding: LineDecoding, file: string, number: number): string {
  const text = buf.toString('utf8', start, end);
  // toString replaces bad bytes with U+FFFD; only then is a strict check needed
  // (the file may also contain a genuine U+FFFD).
  if (!text.includes('\uFFFD')) return text;
  try {
    return strictUtf8.decode(buf.subarray(start, end));
  } catch {
    if (decoding === 'utf8-or-latin1') return buf.toString('latin1', start, end);
    throw new RecordError(file, number, '', 'is not valid UTF-8');
  }
}

/** Splits bytes that end at a line boundary into lines. */
function splitLines(buf: Buffer, decoding: LineDecoding, file: string, firstNumber: number): Line[] {
  const lines: Line[] = [];
  let number = firstNumber;
  const whole = buf.toString('utf8');
  if (!whole.includes('\uFFFD')) {
    // The common case: one decode for the whole chunk, then a string split.
    const texts = whole.split('\n');
    if (texts[texts.length - 1] === '') texts.pop();
    for (const text of texts) lines.push({ text: text.endsWith('\r') ? text.slice(0, -1) : text, number: number++ });
    return lines;
  }
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    lines.push({ text: decode(buf, start, end, decoding, file, number), number });
    number++;
    start = nl + 1;
  }
  return lines;
}

/** Lines in batches (one per chunk read), which keeps the per-line cost low on million-line files. */
export async function* lineBatches(file: string, decoding: LineDecoding = 'utf8'): AsyncGenerator<Line[]> {
  if (!fs.existsSync(file)) throw new MissingFileError(file);
  let rest: Buffer = Buffer.alloc(0);
  let next = 1;
  let first = true;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      rest = buf;
      continue;
    }
    rest = buf.subarray(last + 1);
    const lines = splitLines(buf.subarray(0, last + 1), decoding, file, next);
    next += lines.length;
    yield lines;
  }
  if (rest.length) yield splitLines(rest, decoding, file, next);
}

export async function* readLines(file: string, decoding: LineDecoding = 'utf8'): AsyncGenerator<Line> {
  for await (const batch of lineBatches(file, decoding)) for (const line of batch) yield line;
}

/** A line parser: the record on a line, or undefined for lines to skip (blank, header). */
export type LineParser<T> = (line: Line) => T | undefined;

/** Records parsed from a file, a chunk's worth at a time (cheaper than one by one on large files). */
export async function* parseLineBatches<T>(file: string, parse: LineParser<T>, decoding: LineDecoding = 'utf8'): AsyncGenerator<T[]> {
  for await (const batch of lineBatches(file, decoding)) {
    const records: T[] = [];
    for (const line of batch) {
      const record = parse(line);
      if (record !== undefined) records.push(record);
    }
    if (records.length) yield records;
  }
}

/** One at a time, from batches. */
export async function* flatten<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) for (const record of batch) yield record;
}

export function parseLines<T>(file: string, parse: LineParser<T>, decoding: LineDecoding = 'utf8'): AsyncGenerator<T> {
  return flatten(parseLineBatches(file, parse, decoding));
}

/** How many lines the file has (a last line without a newline counts), read in chunks; for progress estimates. */
export function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let lines = 0;
    let last = 10;
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      const chunk = buf.subarray(0, n);
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      last = chunk[n - 1]!;
    }
    return last === 10 ? lines : lines + 1;
  } finally {
    fs.closeSync(fd);
  }
}
