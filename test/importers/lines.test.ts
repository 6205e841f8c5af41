import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MissingFileError, RecordError } from '../../src/importers/errors.js';
import { countLines, readLines, type LineDecoding } from '../../src/importers/lines.js';

function write(name: string, content: Buffer | string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-lines-')), name);
  fs.writeFileSync(file, content);
  return file;
}

async function lines(file: string, decoding: LineDecoding = 'utf8'): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for await (const l of readLines(file, decoding)) out.push([l.number, l.text]);
  return out;
}

test('LF and CRLF, a BOM and a last line without a newline', async () => {
  const file = write('a.txt', '\uFEFFone\r\ntwo\n\nfour');
  assert.deepEqual(await lines(file), [
    [1, 'one'],
    [2, 'two'],
    [3, ''],
    [4, 'four'],
  ]);
});

test('lines and multi-byte characters across read chunks stay whole', async () => {
  const line = 'é'.repeat(333) + '日本';
  const count = 5000; // about 3.4 MB: several 1 MB chunks
  const file = write('big.txt', Array.from({ length: count }, (_, i) => `${i} ${line}`).join('\n') + '\n');
  const got = await lines(file);
  assert.equal(got.length, count);
  assert.ok(got.every(([n, text]) => text === `${n - 1} ${line}`));
});

test('latin-1 lines fall back when asked, and are an error otherwise', async () => {
  const file = write('tags.dat', Buffer.concat([Buffer.from('1\tcafé\n', 'utf8'), Buffer.from('2\ttropicália\r\n', 'latin1')]));
  assert.deepEqual(await lines(file, 'utf8-or-latin1'), [
    [1, '1\tcafé'],
    [2, '2\ttropicália'],
  ]);
  await assert.rejects(lines(file, 'utf8'), (e: unknown) => e instanceof RecordError && e.message === `${file}:2: is not valid UTF-8`);
});

test('a missing file is a MissingFileError', async () => {
  await assert.rejects(lines('/nonexistent/x.txt'), MissingFileError);
});

test('countLines counts a last line without a newline', () => {
  assert.equal(countLines(write('a', 'x\ny')), 2);
  assert.equal(countLines(write('b', 'x\ny\n')), 2);
  assert.equal(countLines(write('c', '')), 0);
});
