/** Random vectors and their exact neighbours, for the vector-index tests. */
import { Random } from '../../src/math/random.js';

export function gaussian(rows: number, dimensions: number, seed: number, spreadNorms = false): Float32Array {
  const random = new Random(seed);
  const out = new Float32Array(rows * dimensions);
  for (let r = 0; r < rows; r++) {
    // Norms between 0.5 and 2 make inner product differ from cosine.
    const scale = spreadNorms ? 0.5 + 1.5 * random.float() : 1;
    for (let j = 0; j < dimensions; j++) out[r * dimensions + j] = random.normal() * scale;
  }
  return out;
}

export function row(vectors: Float32Array, dimensions: number, r: number): Float32Array {
  return vectors.slice(r * dimensions, (r + 1) * dimensions);
}

/** The k best ids by inner product (or cosine), in float64, optionally only those passing `keep`. */
export function bruteForce(
  base: Float32Array,
  dimensions: number,
  query: Float32Array,
  k: number,
  { cosine = false, keep = (_id: number) => true }: { cosine?: boolean; keep?: (id: number) => boolean } = {},
): number[] {
  const n = base.length / dimensions;
  const scored: { id: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    let dot = 0;
    let norm = 0;
    for (let j = 0; j < dimensions; j++) {
      dot += base[i * dimensions + j]! * query[j]!;
      norm += base[i * dimensions + j]! ** 2;
    }
    scored.push({ id: i, s: cosine ? dot / Math.sqrt(norm) : dot });
  }
  return scored
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.id);
}

export function overlap(found: ArrayLike<number>, truth: readonly number[]): number {
  const t = new Set(truth);
  let hits = 0;
  for (let i = 0; i < found.length; i++) if (t.has(found[i]!)) hits++;
  return hits;
}

export const ids = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
