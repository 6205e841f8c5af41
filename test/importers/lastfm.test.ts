import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  lastfmSource,
  lastfmTopTags,
  readLastfmArtists,
  readLastfmPlayBatches,
  readLastfmTagAssignmentBatches,
  readLastfmTagAssignments,
  readLastfmTags,
} from '../../src/importers/datasets/lastfm-hetrec.js';
import { requireDataset } from '../helpers/env.js';

test('lastfm-hetrec: 92,834 pairs, 1,892 users, 17,632 artists', async (t) => {
  const dir = requireDataset(t, 'lastfm-hetrec');
  if (!dir) return;
  let pairs = 0;
  const users = new Set<number>();
  const artists = new Set<number>();
  let first;
  for await (const batch of readLastfmPlayBatches(dir)) {
    first ??= batch[0];
    pairs += batch.length;
    for (const p of batch) {
      users.add(p.user);
      artists.add(p.artist);
    }
  }
  assert.equal(pairs, 92_834);
  assert.equal(users.size, 1892);
  assert.equal(artists.size, 17_632);
  assert.deepEqual(first, { user: 2, artist: 51, weight: 13_883 });

  const catalogue = [];
  for await (const a of readLastfmArtists(dir)) catalogue.push(a);
  assert.equal(catalogue.length, 17_632);
  assert.equal(catalogue.find((a) => a.id === 64)?.name, 'Röyksopp', 'artists.dat is UTF-8');
  assert.equal(catalogue.filter((a) => a.pictureUrl === undefined).length, 444);

  let assignments = 0;
  for await (const batch of readLastfmTagAssignmentBatches(dir)) assignments += batch.length;
  // The README's 186,479 counts the blank line where the two published parts were joined (line 108,471).
  assert.equal(assignments, 186_478);
  for await (const a of readLastfmTagAssignments(dir)) {
    assert.deepEqual(a, { user: 2, artist: 52, tag: 13, day: 1, month: 4, year: 2009 });
    break;
  }
});

test('lastfm-hetrec: latin-1 tag names decode, and artists get their most-used tags', async (t) => {
  const dir = requireDataset(t, 'lastfm-hetrec');
  if (!dir) return;
  const tags = new Map<number, string>();
  for await (const tag of readLastfmTags(dir)) tags.set(tag.id, tag.value);
  assert.equal(tags.size, 11_946);
  assert.equal(tags.get(2863), 'tropicália', 'tags.dat is latin-1');
  assert.equal(tags.get(4571), 'rock français');
  const top = await lastfmTopTags(dir, 5);
  assert.deepEqual(top.get(1), ['j-rock', 'visual kei', 'gothic', 'japanese', 'weeabo']);
});

test('lastfm-hetrec source: artists as pins and creators, one save per pair', async (t) => {
  const dir = requireDataset(t, 'lastfm-hetrec');
  if (!dir) return;
  const counts = { users: 0, creators: 0, pins: 0, events: 0 };
  let saves = true;
  for await (const b of lastfmSource(dir).batches()) {
    counts.users += b.users?.length ?? 0;
    counts.creators += b.creators?.length ?? 0;
    counts.pins += b.pins?.length ?? 0;
    counts.events += b.events?.length ?? 0;
    if (b.events?.some((e) => e.type !== 'save' || e.value !== undefined)) saves = false;
    const a1 = b.pins?.find((p) => p.id === 'lastfm-a1');
    if (a1) {
      assert.equal(a1.title, 'MALICE MIZER');
      assert.equal(a1.creatorId, 'lastfm-artist-1');
      assert.equal(a1.imageUrl, 'http://userserve-ak.last.fm/serve/252/10808.jpg');
      assert.equal(a1.tags.length, 5);
    }
  }
  assert.deepEqual(counts, { users: 1892, creators: 17_632, pins: 17_632, events: 92_834 });
  assert.ok(saves, 'every pair is a save without a value: play counts are dropped');
});
