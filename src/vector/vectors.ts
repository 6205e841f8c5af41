/** Small helpers on row-major Float32Array matrices. */

export function norm(v: Float32Array, offset = 0, length = v.length - offset): number {
  let s = 0;
  for (let j = offset; j < offset + length; j++) s += v[j]! * v[j]!;
  return Math.sqrt(s);
}

/** A copy with every `dimensions`-wide row scaled to unit length (zero rows stay zero). */
export function normalizeRows(vectors: Float32Array, dimensions: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let o = 0; o < vectors.length; o += dimensions) {
    const n = norm(vectors, o, dimensions);
    const inv = n > 0 ? 1 / n : 0;
    for (let j = o; j < o + dimensions; j++) out[j] = vectors[j]! * inv;
  }
  return out;
}
