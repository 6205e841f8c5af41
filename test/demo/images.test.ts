import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { CATEGORIES } from '../../src/demo/categories.js';
import {
  PIN_IMAGE_MAX_HEIGHT,
  PIN_IMAGE_MIN_HEIGHT,
  PIN_IMAGE_WIDTH,
  renderPinImage,
  renderPinPixels,
} from '../../src/demo/images.js';

const meanColour = (data: Uint8Array): [number, number, number] => {
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) {
    sum[0]! += data[i]!;
    sum[1]! += data[i + 1]!;
    sum[2]! += data[i + 2]!;
  }
  const n = data.length / 3;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
};
const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

test('pin images are PNGs 236 wide with a per-pin masonry height, whose pixels are the raw render', async () => {
  const heights = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const pin = { id: `p${String(i + 1).padStart(5, '0')}`, tags: [CATEGORIES[i]!.slug, 'x'] };
    const png = await renderPinImage(pin);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.format, 'raw');
    assert.equal(info.width, PIN_IMAGE_WIDTH);
    assert.ok(info.height >= PIN_IMAGE_MIN_HEIGHT && info.height <= PIN_IMAGE_MAX_HEIGHT, `height ${info.height}`);
    assert.equal(info.channels, 3);
    const raw = renderPinPixels(pin);
    assert.equal(raw.height, info.height);
    assert.deepEqual(new Uint8Array(data), raw.data);
    heights.add(info.height);
  }
  assert.ok(heights.size > 6, 'heights vary');
  const meta = await sharp(await renderPinImage({ id: 'p00001', tags: ['kitchen'] })).metadata();
  assert.equal(meta.format, 'png');
});

test('rendering is deterministic, and different pins differ', async () => {
  const pin = { id: 'p00042', tags: ['travel', 'italy'] };
  assert.deepEqual(await renderPinImage(pin), await renderPinImage({ ...pin }));
  const a = renderPinPixels(pin).data;
  const b = renderPinPixels({ id: 'p00043', tags: ['travel'] }).data;
  assert.ok(a.length !== b.length || !a.every((x, i) => x === b[i]));
});

test('images of one category are closer in colour than images of different categories', () => {
  const perCategory = 5;
  const means = CATEGORIES.map((c, k) =>
    Array.from({ length: perCategory }, (_, j) => meanColour(renderPinPixels({ id: `p${k * 100 + j}`, tags: [c.slug] }).data)),
  );
  let within = 0;
  let withinPairs = 0;
  let across = 0;
  let acrossPairs = 0;
  let nearestIsOwn = 0;
  means.forEach((list, k) =>
    list.forEach((m, j) => {
      let best = -1;
      let bestDistance = Infinity;
      means.forEach((other, l) => {
        const rest = other.filter((_, i) => l !== k || i !== j);
        const centroid = [0, 1, 2].map((ch) => rest.reduce((s, v) => s + v[ch]!, 0) / rest.length);
        const d = distance(m, centroid);
        if (d < bestDistance) [best, bestDistance] = [l, d];
        for (const o of rest) {
          if (l === k) [within, withinPairs] = [within + distance(m, o), withinPairs + 1];
          else [across, acrossPairs] = [across + distance(m, o), acrossPairs + 1];
        }
      });
      if (best === k) nearestIsOwn++;
    }),
  );
  const meanWithin = within / withinPairs;
  const meanAcross = across / acrossPairs;
  assert.ok(meanWithin < 0.4 * meanAcross, `within ${meanWithin}, across ${meanAcross}`);
  const total = CATEGORIES.length * perCategory;
  assert.ok(nearestIsOwn > 0.6 * total, `${nearestIsOwn} of ${total} images are nearest their own category's colour`);
});

test('an unknown category renders in neutral greys', () => {
  for (const tags of [['no-such-category'], []]) {
    const [r, g, b] = meanColour(renderPinPixels({ id: 'p00007', tags }).data);
    assert.ok(Math.max(r, g, b) - Math.min(r, g, b) < 12, `mean colour ${r},${g},${b}`);
  }
});
