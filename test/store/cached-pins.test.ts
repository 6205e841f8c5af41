import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pin } from '../../src/domain/types.js';
import { CachedPinRepository } from '../../src/store/cached-pins.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const pin = (id: string, title = id): Pin => ({ id, creatorId: 'c', title, description: '', tags: [], createdAt: 0, moderation: 'approved', promoted: false });

test('reads come from memory after the first; writes through the cache show at once; others after the TTL', async () => {
  const store = new SqliteStore({ file: ':memory:' });
  let t = 0;
  let reads = 0;
  const inner = store.pins;
  const counting = Object.assign(Object.create(inner) as typeof inner, {
    getMany: (ids: readonly string[]) => {
      reads++;
      return inner.getMany(ids);
    },
  });
  const cache = new CachedPinRepository(counting, { maxEntries: 3, ttlMs: 1000, clock: () => t });
  await inner.upsertMany([pin('a'), pin('b')]);
  assert.deepEqual([...(await cache.getMany(['a', 'b', 'nope'])).keys()], ['a', 'b']);
  assert.equal(reads, 1);
  await cache.getMany(['a', 'b', 'nope']);
  assert.equal(reads, 1, 'hits, including the known-missing pin');

  await cache.upsertMany([pin('a', 'renamed')]);
  assert.equal((await cache.get('a'))!.title, 'renamed');
  await inner.upsertMany([pin('b', 'changed elsewhere')]);
  assert.equal((await cache.get('b'))!.title, 'b', 'another writer shows only after the TTL');
  t = 1001;
  assert.equal((await cache.get('b'))!.title, 'changed elsewhere');

  assert.equal(await cache.delete('a'), true);
  assert.equal(await cache.get('a'), undefined);

  const small = new CachedPinRepository(counting, { maxEntries: 2, ttlMs: 1000, clock: () => t });
  reads = 0;
  await small.getMany(['x', 'y']);
  await small.get('x'); // x is now the most recently used
  await small.get('z'); // evicts y
  await small.get('x');
  assert.equal(reads, 2, 'x stayed cached');
  await small.get('y');
  assert.equal(reads, 3, 'y was evicted');
  await store.close();
});
