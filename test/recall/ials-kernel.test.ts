import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDiagonal, conjugateGradient, gram } from '../../src/math/linalg.js';
import { Random } from '../../src/math/random.js';
import { instantiateKernel, kernelModule, scratchBytes } from '../../src/recall/ials/kernel.js';
import { wasmApi } from '../../src/recall/ials/wasm.js';

/** A small users × items problem laid out in a fresh shared memory, as the trainer lays it out. */
function setup(stride: number, seed: number) {
  const users = 7;
  const items = 40;
  const r = new Random(seed);
  const memory = new wasmApi.Memory({ initial: 4, maximum: 4, shared: true });
  let top = 64;
  const alloc = (bytes: number) => {
    const at = top;
    top += Math.ceil(bytes / 64) * 64;
    return at;
  };
  const indptrList = [0];
  const indexList: number[] = [];
  const confList: number[] = [];
  for (let u = 0; u < users; u++) {
    const n = u === 2 ? 0 : 1 + r.int(11); // user 2 has no entries
    for (const i of r.sample(items, n)) {
      indexList.push(i);
      confList.push(r.bernoulli(0.25) ? -r.range(0.5, 3) : r.range(0.5, 6));
    }
    indptrList.push(indexList.length);
  }
  const at = {
    y: alloc(items * stride * 4),
    x: alloc(users * stride * 4),
    g: alloc(stride * stride * 4),
    reg: alloc(users * 4),
    indptr: alloc((users + 1) * 4),
    indices: alloc(indexList.length * 4),
    conf: alloc(confList.length * 4),
    scratch: alloc(scratchBytes(stride)),
    out: alloc(stride * stride * 4),
  };
  const buffer = memory.buffer;
  // Filled in place: TypedArray.map would return a copy outside the shared memory.
  const y = new Float32Array(buffer, at.y, items * stride);
  for (let k = 0; k < y.length; k++) y[k] = r.normal(0, 0.3);
  const x = new Float32Array(buffer, at.x, users * stride);
  for (let k = 0; k < x.length; k++) x[k] = r.normal(0, 0.3);
  const indptr = new Int32Array(buffer, at.indptr, users + 1);
  indptr.set(indptrList);
  const indices = new Int32Array(buffer, at.indices, indexList.length);
  indices.set(indexList);
  const conf = new Float32Array(buffer, at.conf, confList.length);
  conf.set(confList);
  const lambda = 0.2;
  new Float32Array(buffer, at.reg, users).fill(lambda);
  const g = gram(y, stride);
  new Float32Array(buffer, at.g, stride * stride).set(g);
  return { users, items, memory, at, y, x, indptr, indices, conf, g, lambda, kernel: instantiateKernel(kernelModule(stride), memory) };
}

// 8: one group of two chunks; 20: a group of four chunks and one of one; 64: the default factor count.
for (const stride of [8, 20, 64]) {
  test(`stride ${stride}: the SIMD solve matches linalg's conjugate gradient`, () => {
    const p = setup(stride, stride);
    const expected = Float32Array.from(p.x);
    const a = addDiagonal(stride, Float64Array.from(p.g), p.lambda);
    for (let u = 0; u < p.users; u++) {
      const row = { factors: p.y, indices: p.indices, signedConfidence: p.conf, from: p.indptr[u]!, to: p.indptr[u + 1]! };
      conjugateGradient(stride, a, row, expected, u * stride, 3);
    }
    const { at } = p;
    p.kernel.solve(0, p.users, at.indptr, at.indices, at.conf, at.x, at.y, at.g, at.reg, 3, at.scratch);
    for (let k = 0; k < expected.length; k++) assert.ok(Math.abs(p.x[k]! - expected[k]!) < 1e-5, `x[${k}]: ${p.x[k]} vs ${expected[k]}`);
    assert.deepEqual([...p.x.subarray(2 * stride, 3 * stride)], new Array(stride).fill(0), 'a user without entries gets zeros');
  });

  test(`stride ${stride}: Gram matrix and loss match direct computation`, () => {
    const p = setup(stride, 100 + stride);
    const { at } = p;
    p.kernel.gram(0, p.items, at.y, at.out);
    const g = new Float32Array(p.memory.buffer, at.out, stride * stride);
    for (let k = 0; k < g.length; k++) assert.ok(Math.abs(g[k]! - p.g[k]!) < 1e-4, `G[${k}]`);

    // Σ over every (user, item) of c (p − x·y)², plus λ |x|² per user.
    let expected = 0;
    for (let u = 0; u < p.users; u++) {
      const entries = new Map<number, number>();
      for (let k = p.indptr[u]!; k < p.indptr[u + 1]!; k++) entries.set(p.indices[k]!, p.conf[k]!);
      for (let i = 0; i < p.items; i++) {
        let s = 0;
        for (let j = 0; j < stride; j++) s += p.x[u * stride + j]! * p.y[i * stride + j]!;
        const c = entries.get(i);
        expected += c === undefined ? s * s : c > 0 ? (1 + c) * (1 - s) ** 2 : (1 - c) * s * s;
      }
      for (let j = 0; j < stride; j++) expected += p.lambda * p.x[u * stride + j]! ** 2;
    }
    const loss = p.kernel.loss(0, p.users, at.indptr, at.indices, at.conf, at.x, at.y, at.g, at.reg, at.scratch);
    assert.ok(Math.abs(loss - expected) < 1e-4 * expected, `${loss} vs ${expected}`);

    let norms = 0;
    for (let k = 0; k < p.users * stride; k++) norms += p.lambda * p.x[k]! ** 2;
    const kernelNorms = p.kernel.norms(0, p.users, at.x, at.reg);
    assert.ok(Math.abs(kernelNorms - norms) < 1e-5 * norms, `${kernelNorms} vs ${norms}`);
  });
}
