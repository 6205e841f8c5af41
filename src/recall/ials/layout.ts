/**
 * The kernel's shared memory: the confidence matrix in both orientations,
 * both factor matrices, the Gram matrix and per-chunk partial results, and a
 * scratch area per thread, each at a 64-byte aligned byte offset.
 */
import type { Csr } from '../../math/sparse.js';
import { scratchBytes } from './kernel.js';
import type { SideLayout } from './tasks.js';
import { PAGE_BYTES, wasmApi, type WasmMemory } from './wasm.js';

/** Rows per Gram chunk and per loss chunk: fixed, so sums do not depend on the thread count. */
export const GRAM_ROWS = 2048;
export const LOSS_ROWS = 1024;
const MAX_PAGES = 65536;

export interface KernelLayout {
  memory: WasmMemory;
  stride: number;
  counter: number;
  users: SideLayout;
  items: SideLayout;
  gram: number;
  partials: number;
  results: number;
  scratch: number;
  scratchBytes: number;
}

/** Entries with weight 0 say nothing about preference and are left out. */
export function countWeighted(m: Csr): number {
  let n = 0;
  for (let k = 0; k < m.values.length; k++) if (m.values[k] !== 0) n++;
  return n;
}

class Arena {
  total = 64; // the task counter lives at 0

  alloc(bytes: number): number {
    const at = this.total;
    this.total += Math.ceil(bytes / 64) * 64;
    return at;
  }
}

function side(arena: Arena, rows: number, nnz: number, stride: number): SideLayout {
  return {
    rows,
    indptr: arena.alloc((rows + 1) * 4),
    indices: arena.alloc(nnz * 4),
    conf: arena.alloc(nnz * 4),
    reg: arena.alloc(rows * 4),
    factors: arena.alloc(rows * stride * 4),
  };
}

/** Plans the memory for a users × items matrix with `nnz` weighted entries, and allocates it. */
export function allocateLayout(users: number, items: number, nnz: number, stride: number, threads: number): KernelLayout {
  const arena = new Arena();
  const u = side(arena, users, nnz, stride);
  const i = side(arena, items, nnz, stride);
  const gramBytes = stride * stride * 4;
  const gram = arena.alloc(gramBytes);
  const partials = arena.alloc(Math.ceil(Math.max(users, items, 1) / GRAM_ROWS) * gramBytes);
  const results = arena.alloc(Math.ceil(Math.max(users, items, 1) / LOSS_ROWS) * 8);
  const perThread = scratchBytes(stride);
  const scratch = arena.alloc(perThread * threads);
  const pages = Math.ceil(arena.total / PAGE_BYTES);
  if (pages > MAX_PAGES) {
    throw new RangeError(
      `iALS needs ${(arena.total / 2 ** 30).toFixed(1)} GiB of kernel memory for ${users} users, ${items} items, ${nnz} interactions and ${stride} factors; the limit is 4 GiB`,
    );
  }
  const memory = new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, stride, counter: 0, users: u, items: i, gram, partials, results, scratch, scratchBytes: perThread };
}

/** How interactions become confidences and row penalties (see weighSide). */
export interface Weighting {
  alpha: number;
  regularization: number;
  exponent: number;
}

/** One orientation of the weighted matrix: CSR rows of signed confidences, and each row's penalty. */
export interface WeightedRows {
  indptr: Int32Array;
  indices: Int32Array;
  conf: Float32Array;
  reg: Float32Array;
}

/**
 * Weighs one orientation of the matrix into `out` (sized rows + 1, nnz, nnz,
 * rows): entries with weight w ≠ 0 become signed confidences α·w, and each
 * row gets its regularisation λ · (total confidence of the row)^ν, where the
 * total counts 1 for each of the `otherCount` columns plus |α·w| per entry.
 * Returns the total confidence of all rows.
 */
export function weighSide(m: Csr, otherCount: number, weighting: Weighting, out: WeightedRows): number {
  const { indptr, indices, conf, reg } = out;
  const { alpha, regularization, exponent } = weighting;
  let at = 0;
  let totalConfidence = 0;
  for (let r = 0; r < m.rows; r++) {
    indptr[r] = at;
    let rowConfidence = otherCount;
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const w = m.values[k]!;
      if (w === 0) continue;
      indices[at] = m.indices[k]!;
      conf[at] = alpha * w;
      rowConfidence += Math.abs(alpha * w);
      at++;
    }
    reg[r] = regularization * (exponent === 0 ? 1 : Math.pow(rowConfidence, exponent));
    totalConfidence += rowConfidence;
  }
  indptr[m.rows] = at;
  return totalConfidence;
}

/** weighSide into this side of the kernel's memory. */
export function fillSide(layout: KernelLayout, s: SideLayout, m: Csr, otherCount: number, weighting: Weighting): number {
  const buffer = layout.memory.buffer;
  const nnz = countWeighted(m);
  return weighSide(m, otherCount, weighting, {
    indptr: new Int32Array(buffer, s.indptr, s.rows + 1),
    indices: new Int32Array(buffer, s.indices, nnz),
    conf: new Float32Array(buffer, s.conf, nnz),
    reg: new Float32Array(buffer, s.reg, s.rows),
  });
}
