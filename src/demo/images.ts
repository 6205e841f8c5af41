/**
 * Procedural pin images for the demo: the category (the pin's first tag)
 * decides the palette, shape family and grain, so a category's pins look
 * alike; the pin id decides the size and where the shapes go, so each pin is
 * its own. Deterministic: the same pin always renders the same pixels.
 */
import sharp from 'sharp';
import type { Pin } from '../domain/types.js';
import { fnv1a, Random } from '../math/random.js';
import { Canvas, parseHex, type Rgb } from './canvas.js';
import { CATEGORIES, NEUTRAL_STYLE, categoryIndex, type ShapeFamily, type VisualStyle } from './categories.js';

export const PIN_IMAGE_WIDTH = 236;
export const PIN_IMAGE_MIN_HEIGHT = 236;
export const PIN_IMAGE_MAX_HEIGHT = 420;

export type ImagePin = Pick<Pin, 'id' | 'tags'>;

export interface RawPinImage {
  width: number;
  height: number;
  channels: 3;
  /** Row-major RGB. */
  data: Uint8Array;
}

/** The masonry height of the pin's image, from its id. */
export function pinImageHeight(pinId: string): number {
  return PIN_IMAGE_MIN_HEIGHT + (fnv1a(pinId) % (PIN_IMAGE_MAX_HEIGHT - PIN_IMAGE_MIN_HEIGHT + 1));
}

/** The style of the category named by the pin's first tag, or a neutral grey one. */
export function pinStyle(pin: ImagePin): VisualStyle {
  const k = categoryIndex(pin.tags[0] ?? '');
  return k < 0 ? NEUTRAL_STYLE : CATEGORIES[k]!.style;
}

type Draw = (canvas: Canvas, rng: Random, ink: readonly Rgb[]) => void;

const DRAW: Record<ShapeFamily, Draw> = {
  circles(c, rng, ink) {
    for (let n = 3 + rng.int(5); n > 0; n--) c.circle(rng.range(0, c.width), rng.range(0, c.height), rng.range(18, 60), rng.pick(ink), 0.85);
  },
  rings(c, rng, ink) {
    for (let n = 2 + rng.int(4); n > 0; n--) {
      c.ring(rng.range(0, c.width), rng.range(0, c.height), rng.range(25, 90), rng.range(5, 12), rng.pick(ink), 0.9);
    }
  },
  stripes(c, rng, ink) {
    const angle = Math.PI / 4 + rng.range(-0.3, 0.3);
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const period = rng.range(18, 40);
    const width = period * rng.range(0.3, 0.6);
    const shift = rng.range(0, 2 * period);
    c.shade(0.85, (x, y) => {
      const u = x * dx + y * dy + shift;
      const band = Math.floor(u / period);
      return u - band * period < width ? ink[band % ink.length] : undefined;
    });
  },
  triangles(c, rng, ink) {
    for (let n = 3 + rng.int(4); n > 0; n--) {
      const cx = rng.range(0, c.width);
      const cy = rng.range(0, c.height);
      const size = rng.range(40, 110);
      const turn = rng.range(0, (2 * Math.PI) / 3);
      const v = [0, 1, 2].map((j) => [cx + size * Math.cos(turn + (2 * Math.PI * j) / 3), cy + size * Math.sin(turn + (2 * Math.PI * j) / 3)]);
      c.triangle(v[0]![0]!, v[0]![1]!, v[1]![0]!, v[1]![1]!, v[2]![0]!, v[2]![1]!, rng.pick(ink), 0.85);
    }
  },
  grid(c, rng, ink) {
    const cell = 26 + rng.int(19);
    const gap = 3 + rng.int(3);
    const ox = rng.int(cell);
    const oy = rng.int(cell);
    for (let y = -oy; y < c.height; y += cell) {
      for (let x = -ox; x < c.width; x += cell) if (rng.bernoulli(0.25)) c.rect(x, y, x + cell, y + cell, ink[1] ?? ink[0]!, 0.55);
    }
    c.paint(ink[0]!, 0.8, (x, y) => (x + ox) % cell < gap || (y + oy) % cell < gap);
  },
  waves(c, rng, ink) {
    const n = 3 + rng.int(4);
    for (let i = 0; i < n; i++) {
      const base = ((i + 0.5) / n) * c.height + rng.range(-10, 10);
      const amp = rng.range(6, 22);
      const freq = rng.range(0.02, 0.06);
      const phase = rng.range(0, 2 * Math.PI);
      const half = rng.range(3, 8);
      const color = ink[i % ink.length]!;
      c.band((x) => base + amp * Math.sin(x * freq + phase), half, color, 0.85);
    }
  },
  dots(c, rng, ink) {
    const spacing = rng.range(18, 30);
    const radius = rng.range(3, 7);
    const ox = rng.range(0, spacing);
    let j = 0;
    for (let y = rng.range(0, spacing); y < c.height + radius; y += spacing) {
      const stagger = j % 2 === 0 ? 0 : spacing / 2;
      for (let x = ox + stagger - spacing; x < c.width + radius; x += spacing) c.circle(x, y, radius, ink[j % ink.length]!, 0.9);
      j++;
    }
  },
  diamonds(c, rng, ink) {
    for (let n = 3 + rng.int(6); n > 0; n--) {
      const rx = rng.range(14, 40);
      c.diamond(rng.range(0, c.width), rng.range(0, c.height), rx, rx * rng.range(1.2, 1.8), rng.pick(ink), 0.85);
    }
  },
  zigzag(c, rng, ink) {
    const n = 3 + rng.int(3);
    for (let i = 0; i < n; i++) {
      const base = ((i + 0.5) / n) * c.height + rng.range(-12, 12);
      const amp = rng.range(8, 20);
      const period = rng.range(20, 40);
      const half = rng.range(3, 7);
      const color = ink[i % ink.length]!;
      c.band(
        (x) => {
          const phase = x / period;
          return base + amp * (4 * Math.abs(phase - Math.floor(phase + 0.5)) - 1);
        },
        half,
        color,
        0.85,
      );
    }
  },
  squares(c, rng, ink) {
    for (let n = 3 + rng.int(5); n > 0; n--) {
      const w = rng.range(30, 100);
      const h = rng.range(30, 100);
      const x = rng.range(-20, c.width - 10);
      const y = rng.range(-20, c.height - 10);
      const color = rng.pick(ink);
      c.rect(x, y, x + w, y + h, color, 0.85);
      if (rng.bernoulli(0.5)) {
        const other = ink.find((k) => k !== color) ?? color;
        c.rect(x + w * 0.25, y + h * 0.25, x + w * 0.75, y + h * 0.75, other, 0.85);
      }
    }
  },
};

const parsed = new Map<VisualStyle, Rgb[]>();
function paletteOf(style: VisualStyle): Rgb[] {
  let colors = parsed.get(style);
  if (!colors) parsed.set(style, (colors = style.palette.map(parseHex)));
  return colors;
}

/** Each pin shifts its palette a little (mostly in brightness), so images of a category are alike but not identical. */
const jitter = (c: Rgb, rng: Random, amount: number): Rgb => {
  const light = rng.range(-amount, amount);
  const tint = amount / 3;
  return [c[0] + light + rng.range(-tint, tint), c[1] + light + rng.range(-tint, tint), c[2] + light + rng.range(-tint, tint)];
};

/** The image's raw RGB pixels (what renderPinImage encodes). */
export function renderPinPixels(pin: ImagePin): RawPinImage {
  const hash = fnv1a(pin.id);
  const rng = new Random(hash);
  const style = pinStyle(pin);
  const palette = paletteOf(style);
  const canvas = new Canvas(PIN_IMAGE_WIDTH, pinImageHeight(pin.id));
  const from = palette[0] ?? [200, 200, 200];
  const to = palette[1] ?? from;
  canvas.gradient(jitter(from, rng, 10), jitter(to, rng, 10), rng.range(0, 2 * Math.PI));
  const ink = (palette.length > 2 ? palette.slice(2) : [to]).map((c) => jitter(c, rng, 14));
  DRAW[style.shape](canvas, rng, ink);
  canvas.grain(style.texture * 40, hash);
  return { width: canvas.width, height: canvas.height, channels: 3, data: new Uint8Array(canvas.data.buffer) };
}

/** The pin's demo image as a PNG. */
export async function renderPinImage(pin: ImagePin): Promise<Buffer> {
  const image = renderPinPixels(pin);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }).png().toBuffer();
}
