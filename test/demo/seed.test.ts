import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/config.js';
import { readDemoTruth, seedDemoIfEmpty, seedDemoWorld, writeDemoTruth } from '../../src/demo/seed.js';
import { generateDemoWorld } from '../../src/demo/world.js';
import type { ProgressFactory } from '../../src/cli/progress.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { countTypes, NOW } from './fixture.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-demo-'));
const world = generateDemoWorld({ now: NOW, seed: 5, users: 80, creators: 30, pins: 400, events: 12_000 });

test('seedDemoWorld writes every record into a SQLite store, in batches with progress', async () => {
  const store = new SqliteStore({ file: path.join(tempDir(), 'tessera.db'), synchronous: 'normal' });
  const ticks = new Map<string, number>();
  const progress: ProgressFactory = (label, total) => {
    ticks.set(label, 0);
    return {
      tick: (n = 1) => ticks.set(label, ticks.get(label)! + n),
      update: () => {},
      setTotal: () => {},
      stop: () => assert.equal(ticks.get(label), total, `${label} reached its total`),
    };
  };
  const summary = await seedDemoWorld(store, world, progress, 1000);
  assert.equal(await store.users.count(), world.users.length);
  assert.equal(await store.creators.count(), world.creators.length);
  assert.equal(await store.pins.count(), world.pins.length);
  assert.equal(await store.events.count(), world.events.length);
  assert.equal(summary.events, world.events.length);
  assert.equal(summary.duplicateEvents, 0);
  assert.ok(summary.seconds >= 0);
  const byType = await store.events.countByType();
  assert.deepEqual(byType, summary.eventsByType);
  for (const [type, n] of Object.entries(countTypes(world.events))) assert.equal(byType[type as keyof typeof byType], n);
  assert.deepEqual(ticks.get('Seeding events'), world.events.length);
  assert.deepEqual(await store.pins.get(world.pins[3]!.id), world.pins[3]);
  assert.deepEqual(await store.users.get(world.users[3]!.id), world.users[3]);
  assert.deepEqual(await store.creators.get(world.creators[3]!.id), world.creators[3]);
  const logged = [];
  for await (const batch of store.events.scan({ batchSize: 5000 })) logged.push(...batch.map(({ seq: _, ...e }) => e));
  assert.deepEqual(logged, world.events, 'the log holds the events in time order');

  const again = await seedDemoWorld(store, world);
  assert.equal(again.events, 0);
  assert.equal(again.duplicateEvents, world.events.length);
  assert.equal(await store.events.count(), world.events.length, 'seeding twice adds nothing');
  await store.close();
});

test('the truth file round-trips; a missing one reads as undefined', async () => {
  const dir = tempDir();
  assert.equal(await readDemoTruth(dir), undefined);
  const file = await writeDemoTruth(path.join(dir, 'nested'), world.truth);
  assert.equal(path.basename(file), 'demo-truth.json');
  const back = await readDemoTruth(path.join(dir, 'nested'));
  assert.deepEqual(back?.toJSON(), world.truth.toJSON());
  fs.writeFileSync(path.join(dir, 'demo-truth.json'), '{"format":"other"}');
  await assert.rejects(readDemoTruth(dir), /demo-truth\.json: not a tessera demo truth/);
});

test('seedDemoIfEmpty seeds an empty store once', async () => {
  const dir = tempDir();
  const config = { ...DEFAULT_CONFIG, dataDir: dir };
  const store = new SqliteStore({ file: path.join(dir, 'tessera.db'), synchronous: 'normal' });
  const small = { now: NOW, users: 30, creators: 10, pins: 100, events: 2000 };
  assert.equal(await seedDemoIfEmpty(config, store, undefined, small), true);
  assert.equal(await store.pins.count(), 100);
  const events = await store.events.count();
  assert.ok(events > 1500);
  assert.equal((await readDemoTruth(dir))?.pins.size, 100);
  assert.equal(await seedDemoIfEmpty(config, store, undefined, { ...small, seed: 9 }), false);
  assert.equal(await store.events.count(), events);
  await store.close();
});
