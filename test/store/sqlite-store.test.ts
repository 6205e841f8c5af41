import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Event, Pin } from '../../src/domain/types.js';
import { SqliteStore, migrate } from '../../src/store/sqlite/sqlite-store.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-store-')), 'db.sqlite');
}

const pin = (id: string, extra: Partial<Pin> = {}): Pin => ({
  id,
  creatorId: 'c1',
  title: `Pin ${id}`,
  description: '',
  tags: ['kitchen'],
  createdAt: 1000,
  moderation: 'approved',
  promoted: false,
  ...extra,
});

const event = (id: string, extra: Partial<Event> = {}): Event => ({
  id,
  userId: 'u1',
  pinId: 'p1',
  type: 'save',
  timestamp: 5000,
  ...extra,
});

test('migrations are versioned and run once', () => {
  const db = new Database(':memory:');
  assert.deepEqual(migrate(db), MIGRATIONS.map((m) => m.version));
  assert.deepEqual(migrate(db), []);
});

test('a version 1 database upgrades in place and keeps its events', async () => {
  const file = tempFile();
  const v1 = new Database(file);
  v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  v1.exec(MIGRATIONS[0]!.sql);
  v1.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
  v1.prepare("INSERT INTO user_keys VALUES (1, 'u1')").run();
  v1.prepare("INSERT INTO events (id, user_key, pin_id, type, ts) VALUES ('old', 1, 'p1', 3, 5)").run();
  v1.close();
  const store = new SqliteStore({ file });
  await store.events.append([event('new', { type: 'impression', position: 0 })]);
  const all = [];
  for await (const batch of store.events.scan()) all.push(...batch);
  assert.deepEqual(all.map((e) => [e.id, e.position]), [['old', undefined], ['new', 0]]);
  await store.close();
});

test('users round-trip, update in place, and delete with their events', async () => {
  const store = new SqliteStore({ file: tempFile() });
  await store.users.upsertMany([{ id: 'u1', createdAt: 1, interests: ['diy'], country: 'FR' }]);
  await store.users.upsertMany([{ id: 'u1', createdAt: 1, interests: ['diy', 'food'] }]);
  assert.deepEqual(await store.users.get('u1'), { id: 'u1', createdAt: 1, interests: ['diy', 'food'] });
  await store.events.append([event('e1'), event('e2', { userId: 'u2' })]);
  assert.equal(await store.users.delete('u1'), true);
  assert.equal(await store.users.get('u1'), undefined);
  assert.equal(await store.events.count(), 1, "only u2's event remains");
  assert.equal(await store.users.delete('u1'), false);
  await store.close();
});

test('pins create their creator and board, and look up in bulk', async () => {
  const store = new SqliteStore({ file: tempFile() });
  await store.pins.upsertMany([pin('p1', { boardId: 'b1', bid: 12 }), pin('p2')]);
  assert.equal(await store.creators.count(), 1);
  assert.deepEqual((await store.pins.get('p1'))?.bid, 12);
  assert.deepEqual([...(await store.pins.existing(['p1', 'p2', 'nope']))].sort(), ['p1', 'p2']);
  assert.equal((await store.pins.getMany(['p2', 'p2', 'x'])).size, 1);
  assert.equal(await store.pins.delete('p2'), true);
  assert.equal(await store.pins.count(), 1);
  await store.close();
});

test('a batch that fails writes nothing (all or nothing)', async () => {
  const store = new SqliteStore({ file: tempFile() });
  const bad = { ...pin('p9'), title: null } as unknown as Pin; // NOT NULL violation
  await assert.rejects(store.pins.upsertMany([pin('p8'), bad]));
  assert.equal(await store.pins.count(), 0);
  await store.close();
});

test('event appends are idempotent on the event id', async () => {
  const store = new SqliteStore({ file: tempFile() });
  assert.deepEqual(await store.events.append([event('a'), event('b'), event('a')]), { inserted: 2, duplicates: 1 });
  assert.deepEqual(await store.events.append([event('b'), event('c')]), { inserted: 1, duplicates: 1 });
  assert.equal(await store.events.count(), 3);
  await store.close();
});

test('concurrent appends share a commit yet succeed or fail on their own', async () => {
  const store = new SqliteStore({ file: tempFile() });
  const broken = [{ ...event('x1'), userId: null } as unknown as Event];
  const results = await Promise.allSettled([
    store.events.append([event('g1'), event('g2')]),
    store.events.append(broken),
    store.events.append([event('g2'), event('g3')]),
  ]);
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[1].status, 'rejected');
  assert.deepEqual(results[2].status === 'fulfilled' && results[2].value, { inserted: 1, duplicates: 1 });
  assert.equal(await store.events.count(), 3);
  await store.close();
});

test('events scan in log order by type and read back per user newest first', async () => {
  const store = new SqliteStore({ file: tempFile() });
  await store.events.append([
    event('1', { type: 'impression', timestamp: 10, position: 3 }),
    event('2', { type: 'save', timestamp: 30 }),
    event('3', { type: 'search', pinId: undefined, query: 'tiny house', timestamp: 20, surface: 'search' }),
  ]);
  const all = [];
  for await (const batch of store.events.scan({ batchSize: 2 })) all.push(...batch);
  assert.deepEqual(all.map((e) => e.id), ['1', '2', '3']);
  assert.equal(all[0]!.position, 3, 'the slot an impression was shown at reads back');
  assert.equal(all[1]!.position, undefined);
  const saves = [];
  for await (const batch of store.events.scan({ types: ['save'] })) saves.push(...batch);
  assert.deepEqual(saves.map((e) => e.id), ['2']);
  const recent = await store.events.forUser('u1', { limit: 2 });
  assert.deepEqual(recent.map((e) => e.id), ['2', '3']);
  assert.equal(recent[1]!.query, 'tiny house');
  assert.equal(recent[1]!.surface, 'search');
  assert.equal((await store.events.countByType()).impression, 1);
  assert.equal(await store.events.lastSeq(), 3);
  await store.close();
});

test('data survives closing and reopening the file', async () => {
  const file = tempFile();
  const a = new SqliteStore({ file });
  await a.events.append([event('keep')]);
  await a.close();
  const b = new SqliteStore({ file });
  assert.equal(await b.events.count(), 1);
  await b.close();
});

test("a rolled-back batch leaves no trace of the users it introduced", async () => {
  const store = new SqliteStore({ file: tempFile() });
  // The second event of the batch breaks NOT NULL after the new user's key was made.
  const broken = [event('n1', { userId: 'newcomer' }), { ...event('n2'), timestamp: null } as unknown as Event];
  await assert.rejects(store.events.append(broken));
  assert.deepEqual(await store.events.forUser('newcomer', { limit: 10 }), []);
  await store.events.append([event('n3', { userId: 'newcomer' })]);
  assert.deepEqual((await store.events.forUser('newcomer', { limit: 10 })).map((e) => e.id), ['n3']);
  const all = [];
  for await (const batch of store.events.scan()) all.push(...batch);
  assert.deepEqual(all.map((e) => [e.id, e.userId]), [['n3', 'newcomer']]);
  await store.close();
});

test('multi-row inserts count inserted and duplicate events exactly across statement boundaries', async () => {
  const store = new SqliteStore({ file: tempFile() });
  const ids = Array.from({ length: 173 }, (_, i) => `m${i}`);
  const first = await store.events.append(ids.map((id, i) => event(id, { userId: `u${i % 7}` })));
  assert.deepEqual(first, { inserted: 173, duplicates: 0 });
  // 60 old ids (some repeated within the batch) and 60 new ones, mixed.
  const again = [...ids.slice(0, 60), ...ids.slice(0, 10), ...Array.from({ length: 60 }, (_, i) => `x${i}`)];
  assert.deepEqual(await store.events.append(again.map((id) => event(id))), { inserted: 60, duplicates: 70 });
  assert.equal(await store.events.count(), 233);
  assert.equal((await store.events.forUser('u3', { limit: 100 })).length, 25);
  await store.close();
});
