import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MissingFileError, RecordError } from '../../src/importers/errors.js';
import { fileEventId, fileSource } from '../../src/importers/files.js';
import { importInto } from '../../src/importers/source.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { InputError } from '../../src/wire/convert.js';

function fixtures(files: Record<string, string>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-import-'));
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    paths[name] = path.join(dir, name);
    fs.writeFileSync(paths[name], content);
  }
  return paths;
}

const tempStore = () => new SqliteStore({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-import-db-')), 'db.sqlite') });

const NOW = Date.parse('2026-03-01T00:00:00Z');

const USERS_CSV = [
  'id,createdAt,country,interests,ageRange',
  'u1,2026-01-01T00:00:00Z,FR,diy|home decor,25-34',
  'u2,,,"cooking|""vegan"" food",',
  '',
].join('\r\n');

const PINS_CSV = [
  'id,creatorId,title,description,tags,promoted,bid,budget,imageUrl',
  'p1,c1,"Kitchen, small","A ""cosy"" kitchen\nwith two lines",kitchen|small spaces,false,,,https://img.example/p1.jpg',
  'p2,c1,Ad pin,,ads,true,12.5,1000,',
].join('\n');

const PINS_JSONL = [
  JSON.stringify({ id: 'p3', creatorId: 'c2', title: 'Garden', tags: ['garden'], createdAt: '2026-02-01T10:00:00Z' }),
  '',
  JSON.stringify({ id: 'p4', creatorId: 'c2', title: 'Shed' }),
].join('\n');

const CREATORS_JSONL = JSON.stringify({ id: 'c1', name: 'Ada' }) + '\n';

const EVENTS_CSV = [
  'id,userId,pinId,type,value,surface,timestamp,query',
  'e1,u1,p1,save,,home,2026-02-02T00:00:00Z,',
  ',u1,p2,dwell,5300,related,2026-02-02T00:01:00Z,',
  ',u2,,search,,search,2026-02-02T00:02:00Z,"chairs, wooden"',
].join('\n');

const EVENTS_JSONL = [
  JSON.stringify({ id: 'e9', userId: 'u2', pinId: 'p3', type: 'closeup', timestamp: '2026-02-03T00:00:00Z' }),
  JSON.stringify({ userId: 'u2', pinId: 'p4', type: 'click', timestamp: '2026-02-03T00:00:05Z' }),
].join('\n');

test('JSONL and CSV files of every kind import with their fields', async () => {
  const f = fixtures({
    'users.csv': USERS_CSV,
    'pins.csv': PINS_CSV,
    'pins.jsonl': PINS_JSONL,
    'creators.jsonl': CREATORS_JSONL,
    'events.csv': EVENTS_CSV,
    'events.ndjson': EVENTS_JSONL,
  });
  const store = tempStore();
  const summary = await importInto(
    store,
    fileSource(
      { users: [f['users.csv']!], pins: [f['pins.csv']!, f['pins.jsonl']!], creators: [f['creators.jsonl']!], events: [f['events.csv']!, f['events.ndjson']!] },
      { now: NOW },
    ),
  );
  assert.deepEqual({ ...summary, seconds: 0 }, { users: 2, creators: 1, pins: 4, events: { inserted: 5, duplicates: 0 }, seconds: 0 });

  assert.deepEqual(await store.users.get('u1'), {
    id: 'u1',
    createdAt: Date.parse('2026-01-01T00:00:00Z'),
    country: 'FR',
    ageRange: '25-34',
    interests: ['diy', 'home decor'],
  });
  assert.deepEqual(await store.users.get('u2'), { id: 'u2', createdAt: NOW, interests: ['cooking', '"vegan" food'] });
  assert.equal((await store.creators.get('c1'))?.name, 'Ada');

  const p1 = await store.pins.get('p1');
  assert.equal(p1?.title, 'Kitchen, small');
  assert.equal(p1?.description, 'A "cosy" kitchen\nwith two lines');
  assert.deepEqual(p1?.tags, ['kitchen', 'small spaces']);
  assert.equal(p1?.imageUrl, 'https://img.example/p1.jpg');
  assert.equal(p1?.promoted, false);
  const p2 = await store.pins.get('p2');
  assert.deepEqual([p2?.promoted, p2?.bid, p2?.budget, p2?.description], [true, 12.5, 1000, '']);
  assert.equal((await store.pins.get('p3'))?.createdAt, Date.parse('2026-02-01T10:00:00Z'));

  const events = [];
  for await (const batch of store.events.scan()) events.push(...batch);
  assert.deepEqual(
    events.map((e) => [e.id, e.type, e.value, e.query]),
    [
      ['e1', 'save', undefined, undefined],
      [fileEventId(f['events.csv']!, 3), 'dwell', 5300, undefined],
      [fileEventId(f['events.csv']!, 4), 'search', undefined, 'chairs, wooden'],
      ['e9', 'closeup', undefined, undefined],
      [fileEventId(f['events.ndjson']!, 2), 'click', undefined, undefined],
    ],
  );
  assert.equal(fileEventId(f['events.csv']!, 3), 'import:events.csv:3');
  await store.close();
});

test('importing the same files again changes nothing and counts the duplicates', async () => {
  const f = fixtures({ 'pins.csv': PINS_CSV, 'events.csv': EVENTS_CSV, 'events.jsonl': EVENTS_JSONL });
  const store = tempStore();
  const files = { pins: [f['pins.csv']!], events: [f['events.csv']!, f['events.jsonl']!] };
  const first = await importInto(store, fileSource(files, { now: NOW }));
  const again = await importInto(store, fileSource(files, { now: NOW + 60_000 }));
  assert.deepEqual(first.events, { inserted: 5, duplicates: 0 });
  assert.deepEqual(again.events, { inserted: 0, duplicates: 5 }, 'events without an id get the same id again');
  assert.equal(await store.events.count(), 5);
  assert.equal(await store.pins.count(), 2);
  await store.close();
});

async function assertRejectsAndEmpty(files: Record<string, string>, kinds: Record<string, string[]>, message: RegExp): Promise<void> {
  const f = fixtures(files);
  const store = tempStore();
  const byKind = Object.fromEntries(Object.entries(kinds).map(([k, names]) => [k, names.map((n) => f[n]!)]));
  await assert.rejects(importInto(store, fileSource(byKind)), (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
  assert.deepEqual(
    [await store.users.count(), await store.creators.count(), await store.pins.count(), await store.events.count()],
    [0, 0, 0, 0],
    'bad input changes nothing',
  );
  await store.close();
}

test('a bad CSV record names file, line and field, and nothing is written', async () => {
  const badEvents = EVENTS_CSV + '\n' + ['e4,u1,p1,save,,,2026-02-02T00:00:00Z,', 'e5,u1,p1,like,,,2026-02-02T00:00:00Z,'].join('\n');
  await assertRejectsAndEmpty(
    { 'users.csv': USERS_CSV, 'pins.csv': PINS_CSV, 'events.csv': badEvents },
    { users: ['users.csv'], pins: ['pins.csv'], events: ['events.csv'] },
    /events\.csv:6: \/type: must be one of "impression", "closeup"/,
  );
});

test('a bad JSONL record names file, line and field, and nothing is written', async () => {
  const bad = PINS_JSONL + '\n' + JSON.stringify({ id: 'p5', title: 'No creator' });
  await assertRejectsAndEmpty({ 'users.csv': USERS_CSV, 'pins.jsonl': bad }, { users: ['users.csv'], pins: ['pins.jsonl'] }, /pins\.jsonl:4: \/creatorId: is required/);
});

test('rules beyond the schema, bad cells and bad JSON are reported the same way', async () => {
  const noPin = 'userId,type,timestamp\nu1,save,2026-02-02T00:00:00Z\n';
  await assertRejectsAndEmpty({ 'e.csv': noPin }, { events: ['e.csv'] }, /e\.csv:2: \/pinId: is required for save events/);
  await assertRejectsAndEmpty({ 'p.csv': 'id,creatorId,title,bid\np1,c1,T,cheap\n' }, { pins: ['p.csv'] }, /p\.csv:2: \/bid: "cheap" is not a number/);
  await assertRejectsAndEmpty({ 'p.csv': 'id,creatorId,title,promoted\np1,c1,T,yes\n' }, { pins: ['p.csv'] }, /p\.csv:2: \/promoted: "yes" is not true or false/);
  await assertRejectsAndEmpty({ 'u.csv': 'id,colour\nu1,red\n' }, { users: ['u.csv'] }, /u\.csv:1: \/colour: is not a known column/);
  await assertRejectsAndEmpty({ 'u.csv': 'id,country\nu1,FR,extra\n' }, { users: ['u.csv'] }, /u\.csv:2: has 3 fields but the header names 2/);
  await assertRejectsAndEmpty({ 'u.jsonl': '{"id":"u1"}\n{"id": "u2",\n' }, { users: ['u.jsonl'] }, /u\.jsonl:2: is not valid JSON/);
  await assertRejectsAndEmpty({ 'u.jsonl': '{"id":"u1","shoeSize":44}\n' }, { users: ['u.jsonl'] }, /u\.jsonl:1: \/shoeSize: is not a known field/);
});

test('a missing file or an unknown extension fails before reading anything', () => {
  assert.throws(() => fileSource({ events: ['/nonexistent/events.csv'] }), MissingFileError);
  const f = fixtures({ 'events.txt': '' });
  assert.throws(() => fileSource({ events: [f['events.txt']!] }), /has an unknown extension/);
});

test('the first pass reports the record count before writing', async () => {
  const f = fixtures({ 'pins.csv': PINS_CSV });
  const source = fileSource({ pins: [f['pins.csv']!] });
  assert.equal(await source.check?.(), 2);
});

test('RecordError keeps file, line and field for callers', () => {
  const e = RecordError.at('x.csv', 3, new InputError('/type', 'must be one of "save"'));
  assert.deepEqual([e.file, e.line, e.field, e.message], ['x.csv', 3, '/type', 'x.csv:3: /type: must be one of "save"']);
});
