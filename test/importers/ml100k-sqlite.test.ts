import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ml100kSource } from '../../src/importers/datasets/movielens-100k.js';
import { importInto } from '../../src/importers/source.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { requireDataset } from '../helpers/env.js';

test('ml-100k imports into SQLite: 100,000 events, 1,682 pins; again, only duplicates', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ml100k-')), 'db.sqlite');
  const store = new SqliteStore({ file, synchronous: 'normal' });
  const first = await importInto(store, ml100kSource(dir));
  assert.deepEqual({ ...first, seconds: 0 }, { creators: 19, users: 943, pins: 1682, events: { inserted: 100_000, duplicates: 0 }, seconds: 0 });
  assert.equal(await store.events.count(), 100_000);
  assert.equal(await store.pins.count(), 1682);
  assert.equal(await store.users.count(), 943);
  assert.equal(await store.creators.count(), 19, 'pins bring no creators beyond the genre ones');
  const byType = await store.events.countByType();
  assert.deepEqual([byType.save, byType.closeup, byType.hide], [55_375, 27_145, 17_480]);
  const [latest] = await store.events.forUser('ml100k-u196', { limit: 1 });
  assert.ok(latest && latest.timestamp > Date.UTC(1997, 0, 1) && latest.timestamp < Date.UTC(1998, 6, 1), 'real rating times');

  const again = await importInto(store, ml100kSource(dir));
  assert.deepEqual(again.events, { inserted: 0, duplicates: 100_000 });
  assert.equal(await store.events.count(), 100_000);
  assert.equal(await store.pins.count(), 1682);
  await store.close();
});
