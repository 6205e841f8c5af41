import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ml100kEvent,
  ml100kEventType,
  ml100kSource,
  parseReleaseDate,
  readMl100kGenres,
  readMl100kMovies,
  readMl100kRatings,
  readMl100kUsers,
} from '../../src/importers/datasets/movielens-100k.js';
import {
  ML1M_EPOCH,
  ml1mSource,
  readMl1mInteractionBatches,
  readMl1mInteractions,
  readMl1mMovies,
  readMl1mUsers,
  titleYear,
} from '../../src/importers/datasets/movielens-1m.js';
import { ageRange } from '../../src/importers/datasets/movielens.js';
import type { ImportBatch } from '../../src/importers/source.js';
import { requireDataset } from '../helpers/env.js';

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of records) out.push(r);
  return out;
}

async function batches(source: { batches(): AsyncIterable<ImportBatch> }): Promise<Required<ImportBatch>> {
  const all: Required<ImportBatch> = { users: [], creators: [], pins: [], events: [] };
  for await (const b of source.batches()) {
    all.users.push(...(b.users ?? []));
    all.creators.push(...(b.creators ?? []));
    all.pins.push(...(b.pins ?? []));
    all.events.push(...(b.events ?? []));
  }
  return all;
}

test('the mapping rules', () => {
  assert.deepEqual([5, 4, 3, 2, 1].map(ml100kEventType), ['save', 'save', 'closeup', 'hide', 'hide']);
  assert.deepEqual([7, 17, 18, 24, 25, 44, 45, 50, 55, 56, 73].map(ageRange), [
    'under-18', 'under-18', '18-24', '18-24', '25-34', '35-44', '45-49', '50-55', '50-55', '56+', '56+',
  ]);
  assert.deepEqual([1, 18, 25, 35, 45, 50, 56].map(ageRange), ['under-18', '18-24', '25-34', '35-44', '45-49', '50-55', '56+']);
  assert.equal(parseReleaseDate('01-Jan-1995'), Date.UTC(1995, 0, 1));
  assert.equal(parseReleaseDate('unknown'), undefined);
  assert.equal(titleYear('American President, The (1995)'), 1995);
});

test('ml-100k: 100,000 ratings, 943 users, 1,682 movies', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const ratings = await collect(readMl100kRatings(dir));
  assert.equal(ratings.length, 100_000);
  assert.deepEqual(ratings[0], { user: 196, item: 242, rating: 3, timestamp: 881250949 });
  assert.equal(new Set(ratings.map((r) => r.user)).size, 943);
  assert.equal(new Set(ratings.map((r) => r.item)).size, 1682);
  assert.equal((await collect(readMl100kUsers(dir))).length, 943);
  assert.equal((await readMl100kGenres(dir)).length, 19);
  const movies = await collect(readMl100kMovies(dir));
  assert.equal(movies.length, 1682);
  assert.deepEqual(movies[0]?.genres, ['Animation', "Children's", 'Comedy']);
  assert.deepEqual(ml100kEvent(ratings[0]!), {
    id: 'ml100k-196-242',
    userId: 'ml100k-u196',
    pinId: 'ml100k-m242',
    type: 'closeup',
    timestamp: 881250949000,
  });
});

test('ml-100k source: demographics, genre creators and the three event types', async (t) => {
  const dir = requireDataset(t, 'ml-100k');
  if (!dir) return;
  const all = await batches(ml100kSource(dir));
  assert.deepEqual([all.creators.length, all.users.length, all.pins.length, all.events.length], [19, 943, 1682, 100_000]);
  const u1 = all.users.find((u) => u.id === 'ml100k-u1');
  assert.deepEqual(u1, { id: 'ml100k-u1', createdAt: 874965478000, gender: 'male', ageRange: '18-24', interests: ['occupation:technician'] });
  const toyStory = all.pins.find((p) => p.id === 'ml100k-m1');
  assert.equal(toyStory?.creatorId, 'ml100k-genre-animation');
  assert.deepEqual(toyStory?.tags, ['animation', "children's", 'comedy']);
  assert.equal(toyStory?.createdAt, Date.UTC(1995, 0, 1));
  const byType = new Map<string, number>();
  for (const e of all.events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byType), { closeup: 27_145, hide: 17_480, save: 55_375 });
  assert.ok(all.pins.every((p) => all.creators.some((c) => c.id === p.creatorId)), 'every pin has its creator');
});

test('ml-1m: 1,000,209 interactions, 6,040 users, 3,883 movies, latin-1 titles', async (t) => {
  const dir = requireDataset(t, 'ml-1m');
  if (!dir) return;
  let count = 0;
  const users = new Set<number>();
  for await (const batch of readMl1mInteractionBatches(dir)) {
    count += batch.length;
    for (const i of batch) users.add(i.user);
  }
  assert.equal(count, 1_000_209);
  assert.equal(users.size, 6040);
  const firstTwo = [];
  for await (const i of readMl1mInteractions(dir)) if (firstTwo.push(i) === 2) break;
  assert.deepEqual(firstTwo, [{ user: 1, movie: 1193 }, { user: 1, movie: 661 }]);
  const demographics = await collect(readMl1mUsers(dir));
  assert.equal(demographics.length, 6040);
  assert.deepEqual(demographics[0], { id: 1, gender: 'F', age: 1, occupation: 10, zip: '48067' });
  const movies = await collect(readMl1mMovies(dir));
  assert.equal(movies.length, 3883);
  assert.equal(movies.find((m) => m.id === 73)?.title, 'Misérables, Les (1995)');
});

test('ml-1m source: saves with increasing synthetic times in file order', async (t) => {
  const dir = requireDataset(t, 'ml-1m');
  if (!dir) return;
  let events = 0;
  let last = ML1M_EPOCH;
  let ordered = true;
  const counts = { users: 0, pins: 0, creators: 0 };
  for await (const b of ml1mSource(dir).batches()) {
    counts.users += b.users?.length ?? 0;
    counts.pins += b.pins?.length ?? 0;
    counts.creators += b.creators?.length ?? 0;
    for (const e of b.events ?? []) {
      if (e.timestamp <= last || e.type !== 'save') ordered = false;
      last = e.timestamp;
      if (events++ === 0) assert.deepEqual(e, { id: 'ml1m-1-1193', userId: 'ml1m-u1', pinId: 'ml1m-m1193', type: 'save', timestamp: ML1M_EPOCH + 1000 });
    }
  }
  assert.equal(events, 1_000_209);
  assert.ok(ordered, 'every event is a save, later than the one before');
  assert.deepEqual(counts, { users: 6040, pins: 3883, creators: 18 });
});
