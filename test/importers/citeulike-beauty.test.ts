import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BEAUTY_EPOCH, beautySource, readBeautyAttributes, readBeautySequences } from '../../src/importers/datasets/amazon-beauty.js';
import {
  citeulikePins,
  citeulikeSource,
  decodeEntities,
  readCiteulikeArticles,
  readCiteulikeLibraries,
  readCiteulikeVocabulary,
} from '../../src/importers/datasets/citeulike-t.js';
import { requireDataset } from '../helpers/env.js';

test('vocabulary entities decode', () => {
  assert.equal(decodeEntities('&#34;real&#34'), '"real"');
  assert.equal(decodeEntities('r&amp;d &lt;x&gt; &unknown;'), 'r&d <x> &unknown;');
});

test('citeulike-t: 7,947 users, 25,975 articles, 134,860 saves, 20,000 words', async (t) => {
  const dir = requireDataset(t, 'citeulike-t');
  if (!dir) return;
  let users = 0;
  let saves = 0;
  const saved = new Set<number>();
  for await (const library of readCiteulikeLibraries(dir)) {
    assert.equal(library.user, users++);
    saves += library.articles.length;
    for (const a of library.articles) saved.add(a);
  }
  assert.deepEqual([users, saves, saved.size], [7947, 134_860, 25_584]);
  let articles = 0;
  let empty = 0;
  for await (const a of readCiteulikeArticles(dir)) {
    articles++;
    if (a.words.length === 0) empty++;
  }
  assert.deepEqual([articles, empty], [25_975, 31]);
  const vocabulary = await readCiteulikeVocabulary(dir);
  assert.equal(vocabulary.length, 20_000);
  assert.ok(!vocabulary.some((w) => /&#\d+/.test(w)), 'entities are decoded');
});

test('citeulike-t pins: titles, tags and descriptions from the top words', async (t) => {
  const dir = requireDataset(t, 'citeulike-t');
  if (!dir) return;
  const pins = await citeulikePins(dir);
  assert.equal(pins.length, 25_975);
  const p0 = pins[0]!;
  assert.equal(p0.id, 'citeulike-a0');
  assert.equal(p0.title.split(' ').length, 3);
  assert.equal(p0.tags.length, 5);
  assert.ok(p0.description.startsWith(p0.title), 'the title is the top of the description');
  // Article 0 (mult.dat line 1): word 16805 six times, 15112 and 9885 four times, 1028 three times.
  const vocabulary = await readCiteulikeVocabulary(dir);
  assert.equal(p0.tags[0], vocabulary[16805]);
  assert.deepEqual(new Set(p0.tags.slice(1, 3)), new Set([vocabulary[15112], vocabulary[9885]]));
  assert.equal(p0.tags[3], vocabulary[1028]);
  assert.equal(pins.filter((p) => p.title.startsWith('Article ')).length, 31, 'articles without words');
  const summary = { users: 0, pins: 0, events: 0 };
  for await (const b of citeulikeSource(dir).batches()) {
    summary.users += b.users?.length ?? 0;
    summary.pins += b.pins?.length ?? 0;
    summary.events += b.events?.length ?? 0;
  }
  assert.deepEqual(summary, { users: 7947, pins: 25_975, events: 134_860 });
});

test('amazon-beauty: 22,363 users, 12,101 items, 198,502 interactions', async (t) => {
  const dir = requireDataset(t, 'amazon-beauty');
  if (!dir) return;
  let users = 0;
  let interactions = 0;
  const items = new Set<number>();
  let first;
  for await (const s of readBeautySequences(dir)) {
    first ??= s;
    users++;
    interactions += s.items.length;
    for (const i of s.items) items.add(i);
  }
  assert.deepEqual([users, items.size, interactions], [22_363, 12_101, 198_502]);
  assert.deepEqual(first, { user: 1, items: [1, 2, 3, 4, 5] });
  const attributes = await readBeautyAttributes(dir);
  assert.equal(attributes.size, 12_101);
  assert.deepEqual(attributes.get(4), [1, 2, 3]);
});

test('amazon-beauty source: attribute tags, saves in each user order', async (t) => {
  const dir = requireDataset(t, 'amazon-beauty');
  if (!dir) return;
  const counts = { users: 0, pins: 0, events: 0 };
  const lastTime = new Map<string, number>();
  let ordered = true;
  for await (const b of beautySource(dir).batches()) {
    counts.users += b.users?.length ?? 0;
    counts.pins += b.pins?.length ?? 0;
    counts.events += b.events?.length ?? 0;
    const p4 = b.pins?.find((p) => p.id === 'beauty-i4');
    if (p4) assert.deepEqual(p4.tags, ['attr-1', 'attr-2', 'attr-3']);
    for (const e of b.events ?? []) {
      if (e.timestamp <= (lastTime.get(e.userId) ?? BEAUTY_EPOCH)) ordered = false;
      lastTime.set(e.userId, e.timestamp);
    }
  }
  assert.deepEqual(counts, { users: 22_363, pins: 12_101, events: 198_502 });
  assert.ok(ordered, "each user's saves are in the sequence's order");
});
