import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvParser, csvRecords } from '../../src/importers/csv.js';
import { RecordError } from '../../src/importers/errors.js';
import type { Line } from '../../src/importers/lines.js';

async function* linesOf(text: string): AsyncGenerator<Line> {
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) yield { text: parts[i]!, number: i + 1 };
}

async function parse(text: string): Promise<{ fields: string[]; line: number }[]> {
  const out = [];
  for await (const r of csvRecords(linesOf(text), 'x.csv')) out.push(r);
  return out;
}

test('plain fields, empty fields and blank lines', async () => {
  assert.deepEqual(await parse('a,b,c\n1,,3\n\n,,\n'), [
    { fields: ['a', 'b', 'c'], line: 1 },
    { fields: ['1', '', '3'], line: 2 },
    { fields: ['', '', ''], line: 4 },
  ]);
});

test('quoted fields keep commas, doubled quotes and line breaks', async () => {
  const records = await parse('id,title\np1,"Kitchen, small"\np2,"She said ""hi"""\np3,"two\nlines, and ""more"""\np4,""\n');
  assert.deepEqual(
    records.map((r) => r.fields),
    [['id', 'title'], ['p1', 'Kitchen, small'], ['p2', 'She said "hi"'], ['p3', 'two\nlines, and "more"'], ['p4', '']],
  );
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 3, 4, 6],
    'a record that spans lines is reported at the line it starts on',
  );
});

test('a quoted field may hold a blank line', async () => {
  assert.deepEqual((await parse('"a\n\nb",c')).map((r) => r.fields), [['a\n\nb', 'c']]);
});

test('a quote inside an unquoted field is literal', async () => {
  assert.deepEqual((await parse('5" frame,x')).map((r) => r.fields), [['5" frame', 'x']]);
});

test('text after a closing quote is an error naming the line', async () => {
  await assert.rejects(parse('a,b\n"x"y,z'), (e: unknown) => e instanceof RecordError && e.line === 2 && /x\.csv:2: /.test(e.message));
});

test('an unclosed quote is an error naming the line it opened on', async () => {
  await assert.rejects(parse('a\n"open\nstill open'), (e: unknown) => e instanceof RecordError && e.message.startsWith('x.csv:2: '));
});

test('the parser takes one line at a time', () => {
  const p = new CsvParser('x.csv');
  assert.equal(p.push({ text: 'a,"b', number: 1 }), undefined);
  assert.deepEqual(p.push({ text: 'c",d', number: 2 }), { fields: ['a', 'b\nc', 'd'], line: 1 });
  p.end();
});
