import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/math/random.js';
import { instantiateKernels } from '../../src/vector/kernels.js';
import { TopK } from '../../src/vector/top-k.js';

test('the SIMD kernels compute the same dot products as a plain loop', () => {
  const k = instantiateKernels();
  k.memory.grow(1);
  const rows = 7;
  const width = 48;
  const random = new Random(3);
  const [query, out, scales, f32Rows, i8Rows, i16Query] = [0, 1024, 2048, 4096, 8192, 12288];
  const buffer = k.memory.buffer;
  // Views on the kernels' memory, filled in place.
  const fill = <T extends Float32Array | Int8Array | Int16Array>(view: T, draw: () => number): T => {
    for (let i = 0; i < view.length; i++) view[i] = draw();
    return view;
  };
  const q = fill(new Float32Array(buffer, query, width), () => random.normal());
  const base = fill(new Float32Array(buffer, f32Rows, rows * width), () => random.normal());
  const b8 = fill(new Int8Array(buffer, i8Rows, rows * width), () => random.int(255) - 127);
  const q16 = fill(new Int16Array(buffer, i16Query, width), () => random.int(1 << 15) - (1 << 14));
  const s = fill(new Float32Array(buffer, scales, rows), () => random.float());

  k.dotF32(f32Rows, rows, width, query, out);
  const gotF32 = Array.from(new Float32Array(buffer, out, rows));
  k.dotI8(i8Rows, rows, width, i16Query, scales, out);
  const gotI8 = Array.from(new Float32Array(buffer, out, rows));

  for (let i = 0; i < rows; i++) {
    let f = 0;
    let n = 0;
    for (let j = 0; j < width; j++) {
      f += base[i * width + j]! * q[j]!;
      n += b8[i * width + j]! * q16[j]!;
    }
    assert.ok(Math.abs(gotF32[i]! - f) < 1e-4, `f32 row ${i}: ${gotF32[i]} vs ${f}`);
    assert.ok(Math.abs(gotI8[i]! - n * s[i]!) <= Math.abs(n * s[i]!) * 1e-6 + 1e-6, `i8 row ${i}: ${gotI8[i]} vs ${n * s[i]!}`);
  }
});

test('TopK keeps the k largest, best first', () => {
  const top = new TopK(3);
  for (const [s, id] of [[0.1, 1], [0.9, 2], [0.5, 3], [0.7, 4], [0.2, 5]] as const) top.push(s, id);
  const { ids, scores } = top.sorted();
  assert.deepEqual([...ids], [2, 4, 3]);
  assert.deepEqual([...scores].map((x) => Math.round(x * 10) / 10), [0.9, 0.7, 0.5]);
  assert.equal(new TopK(0).sorted().ids.length, 0);
});
