/** A tiny RGB raster for the demo images: gradients, filled shapes with alpha, grain. */

export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new TypeError(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export class Canvas {
  /** Row-major RGB, 3 bytes per pixel; clamped, so blending and grain never wrap around. */
  readonly data: Uint8ClampedArray;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 3);
  }

  /** A linear gradient from `a` to `b` along `angle` (radians), across the whole canvas. */
  gradient(a: Rgb, b: Rgb, angle: number): void {
    const { width, height, data } = this;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const reach = Math.abs(dx) * width + Math.abs(dy) * height;
    const cx = width / 2;
    const cy = height / 2;
    for (let y = 0; y < height; y++) {
      const row = ((y - cy) * dy - cx * dx) / reach + 0.5;
      const step = dx / reach;
      for (let x = 0; x < width; x++) {
        const u = row + x * step;
        const t = u < 0 ? 0 : u > 1 ? 1 : u;
        const i = (y * width + x) * 3;
        data[i] = a[0] + t * (b[0] - a[0]);
        data[i + 1] = a[1] + t * (b[1] - a[1]);
        data[i + 2] = a[2] + t * (b[2] - a[2]);
      }
    }
  }

  /** Blends `color` with opacity `alpha` into every pixel of the box for which `inside(x, y)` holds. */
  paint(color: Rgb, alpha: number, inside: (x: number, y: number) => boolean, box = this.bounds(0, 0, this.width, this.height)): void {
    const { width, data } = this;
    const keep = 1 - alpha;
    const r = color[0] * alpha;
    const g = color[1] * alpha;
    const b = color[2] * alpha;
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        if (!inside(x, y)) continue;
        const i = (y * width + x) * 3;
        data[i] = data[i]! * keep + r;
        data[i + 1] = data[i + 1]! * keep + g;
        data[i + 2] = data[i + 2]! * keep + b;
      }
    }
  }

  /** Blends, per pixel, the colour `colorAt(x, y)` returns (none when undefined) over the whole canvas. */
  shade(alpha: number, colorAt: (x: number, y: number) => Rgb | undefined): void {
    const { width, height, data } = this;
    const keep = 1 - alpha;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const color = colorAt(x, y);
        if (color === undefined) continue;
        const i = (y * width + x) * 3;
        data[i] = data[i]! * keep + color[0] * alpha;
        data[i + 1] = data[i + 1]! * keep + color[1] * alpha;
        data[i + 2] = data[i + 2]! * keep + color[2] * alpha;
      }
    }
  }

  /** A line across the canvas, `2 * half` pixels thick, through (x, centre(x)) for every column x. */
  band(centre: (x: number) => number, half: number, color: Rgb, alpha: number): void {
    const { width, height, data } = this;
    const keep = 1 - alpha;
    for (let x = 0; x < width; x++) {
      const c = centre(x);
      const y0 = Math.max(0, Math.ceil(c - half));
      const y1 = Math.min(height - 1, Math.floor(c + half));
      for (let y = y0; y <= y1; y++) {
        const i = (y * width + x) * 3;
        data[i] = data[i]! * keep + color[0] * alpha;
        data[i + 1] = data[i + 1]! * keep + color[1] * alpha;
        data[i + 2] = data[i + 2]! * keep + color[2] * alpha;
      }
    }
  }

  circle(cx: number, cy: number, radius: number, color: Rgb, alpha: number): void {
    const r2 = radius * radius;
    this.paint(color, alpha, (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r2, this.bounds(cx - radius, cy - radius, cx + radius + 1, cy + radius + 1));
  }

  ring(cx: number, cy: number, radius: number, thickness: number, color: Rgb, alpha: number): void {
    const outer = radius * radius;
    const inner = Math.max(0, radius - thickness) ** 2;
    this.paint(
      color,
      alpha,
      (x, y) => {
        const d = (x - cx) ** 2 + (y - cy) ** 2;
        return d <= outer && d >= inner;
      },
      this.bounds(cx - radius, cy - radius, cx + radius + 1, cy + radius + 1),
    );
  }

  rect(x0: number, y0: number, x1: number, y1: number, color: Rgb, alpha: number): void {
    this.paint(color, alpha, () => true, this.bounds(x0, y0, x1, y1));
  }

  /** |dx|/rx + |dy|/ry <= 1 */
  diamond(cx: number, cy: number, rx: number, ry: number, color: Rgb, alpha: number): void {
    this.paint(color, alpha, (x, y) => Math.abs(x - cx) / rx + Math.abs(y - cy) / ry <= 1, this.bounds(cx - rx, cy - ry, cx + rx + 1, cy + ry + 1));
  }

  triangle(ax: number, ay: number, bx: number, by: number, px: number, py: number, color: Rgb, alpha: number): void {
    const edge = (x0: number, y0: number, x1: number, y1: number, x: number, y: number) => (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
    const area = edge(ax, ay, bx, by, px, py);
    if (area === 0) return;
    const sign = Math.sign(area);
    this.paint(
      color,
      alpha,
      (x, y) => sign * edge(ax, ay, bx, by, x, y) >= 0 && sign * edge(bx, by, px, py, x, y) >= 0 && sign * edge(px, py, ax, ay, x, y) >= 0,
      this.bounds(Math.min(ax, bx, px), Math.min(ay, by, py), Math.max(ax, bx, px) + 1, Math.max(ay, by, py) + 1),
    );
  }

  /** Adds luminance grain of up to ±amount, from a hash of the pixel position and `seed`. */
  grain(amount: number, seed: number): void {
    if (amount <= 0) return;
    const { width, height, data } = this;
    for (let p = 0; p < width * height; p++) {
      let h = Math.imul(p ^ seed, 0x9e3779b1);
      h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
      h ^= h >>> 13;
      const delta = (((h >>> 0) & 1023) / 1023 - 0.5) * 2 * amount;
      const i = p * 3;
      data[i] = data[i]! + delta;
      data[i + 1] = data[i + 1]! + delta;
      data[i + 2] = data[i + 2]! + delta;
    }
  }

  private bounds(x0: number, y0: number, x1: number, y1: number): { x0: number; y0: number; x1: number; y1: number } {
    return {
      x0: Math.max(0, Math.floor(x0)),
      y0: Math.max(0, Math.floor(y0)),
      x1: Math.min(this.width, Math.ceil(x1)),
      y1: Math.min(this.height, Math.ceil(y1)),
    };
  }
}
