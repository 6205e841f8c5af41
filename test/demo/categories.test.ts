import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES, RELATED_CATEGORIES, SHAPE_FAMILIES, categoryIndex, relatedIndices } from '../../src/demo/categories.js';
import { parseHex } from '../../src/demo/canvas.js';
import { countAtMost, kthLargest, searchCumulative } from '../../src/demo/latent.js';
import { Random } from '../../src/math/random.js';

test('about thirty categories, each with a vocabulary, templates and a visual style', () => {
  assert.ok(CATEGORIES.length >= 25 && CATEGORIES.length <= 35);
  assert.equal(new Set(CATEGORIES.map((c) => c.slug)).size, CATEGORIES.length);
  for (const c of CATEGORIES) {
    assert.match(c.slug, /^[a-z][a-z-]*$/);
    assert.ok(c.tags.length >= 10 && c.tags.length <= 20, `${c.slug}: ${c.tags.length} tags`);
    assert.equal(new Set(c.tags).size, c.tags.length, `${c.slug} repeats a tag`);
    for (const tag of c.tags) assert.match(tag, /^[a-z]+$/, `${c.slug}: "${tag}" is one lowercase word`);
    assert.ok(c.titles.length >= 3 && c.snippets.length >= 3);
    assert.ok(c.style.palette.length >= 3 && c.style.palette.length <= 4);
    c.style.palette.forEach((hex) => parseHex(hex));
    assert.ok((SHAPE_FAMILIES as readonly string[]).includes(c.style.shape));
    assert.ok(c.style.texture >= 0 && c.style.texture <= 1);
    assert.equal(categoryIndex(c.slug), CATEGORIES.indexOf(c));
  }
  assert.equal(categoryIndex('nope'), -1);
  assert.ok(new Set(CATEGORIES.map((c) => c.style.shape)).size >= 8, 'shape families vary');
});

test('related pairs name real categories and are symmetric', () => {
  const related = relatedIndices();
  assert.ok(RELATED_CATEGORIES.length >= 15);
  related.forEach((list, i) => list.forEach((j) => assert.ok(related[j]!.includes(i))));
  assert.ok(related[categoryIndex('kitchen')]!.includes(categoryIndex('recipes')));
});

test('selection helpers agree with sorting', () => {
  const r = new Random(5);
  for (let trial = 0; trial < 50; trial++) {
    const values = Float64Array.from({ length: 1 + r.int(200) }, () => Math.round(r.float() * 20));
    const sorted = [...values].sort((a, b) => b - a);
    const k = 1 + r.int(values.length);
    assert.equal(kthLargest(values.slice(), k), sorted[k - 1]);
  }
  const ascending = [1, 3, 3, 7];
  assert.deepEqual([0, 1, 3, 5, 7, 9].map((x) => countAtMost(ascending, x)), [0, 1, 3, 3, 4, 4]);
  const cumulative = [0.1, 0.5, 0.5, 1];
  assert.deepEqual([0, 0.1, 0.49, 0.5, 0.99].map((x) => searchCumulative(cumulative, x)), [0, 1, 1, 3, 3]);
});
