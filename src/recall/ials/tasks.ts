/**
 * One phase of a training iteration, as every thread (worker or the main
 * thread alone) runs it: rows are cut into fixed chunks that threads claim
 * through an atomic counter in the shared memory. A chunk's result depends
 * only on the chunk, never on which thread ran it, so training with any
 * number of threads gives the same factors.
 */
import type { KernelExports } from './kernel.js';
import type { WasmMemory } from './wasm.js';

/** The rows of one side of the matrix (users or items) in the shared memory (byte offsets). */
export interface SideLayout {
  rows: number;
  indptr: number;
  indices: number;
  conf: number;
  reg: number;
  /** This side's factors. */
  factors: number;
}

export type Task =
  /**
   * Updates `side.factors` against `other` factors, with gram = otherᵀother at
   * `gram`; chunk c is rows [chunkStarts[c], chunkStarts[c + 1]).
   */
  | { kind: 'solve'; side: SideLayout; other: number; gram: number; steps: number; chunkStarts: Int32Array; counter: number }
  /** Writes the Gram matrix of each chunk of `rows` factor rows to `out` + chunk × gramBytes. */
  | { kind: 'gram'; rows: number; factors: number; out: number; gramBytes: number; chunkRows: number; counter: number }
  /** Writes each chunk's weighted squared error (plus regularisation) to float64 slot `results` + chunk. */
  | { kind: 'loss'; side: SideLayout; other: number; gram: number; results: number; chunkRows: number; counter: number }
  /** Writes each chunk's Σ reg |factors|² to float64 slot `results` + chunk. */
  | { kind: 'norms'; side: SideLayout; results: number; chunkRows: number; counter: number };

export const taskRows = (task: Task): number => (task.kind === 'gram' ? task.rows : task.side.rows);
export const taskChunks = (task: Task): number =>
  task.kind === 'solve' ? task.chunkStarts.length - 1 : Math.ceil(taskRows(task) / task.chunkRows);

/** Chunks of a solve: about this many, so that threads finish together... */
const SOLVE_CHUNKS = 1024;
/** ...unless that makes them smaller than this many entries' work. */
const MIN_CHUNK_WORK = 4096;

/**
 * Cuts rows into chunks of about equal work, a row costing its entry count
 * plus `rowCost`: with rows busiest first, the first chunks hold a few long
 * rows and the last ones many short ones. Returns the chunk starts and, last,
 * the row count.
 */
export function balancedChunks(indptr: Int32Array, rowCost: number): Int32Array {
  const rows = indptr.length - 1;
  const total = indptr[rows]! - indptr[0]! + rows * rowCost;
  const target = Math.max(MIN_CHUNK_WORK, total / SOLVE_CHUNKS);
  const starts = [0];
  let work = 0;
  for (let r = 0; r < rows; r++) {
    work += indptr[r + 1]! - indptr[r]! + rowCost;
    if (work >= target && r + 1 < rows) {
      starts.push(r + 1);
      work = 0;
    }
  }
  if (rows > 0) starts.push(rows);
  return Int32Array.from(starts);
}

/** Claims and runs chunks of `task` until none is left; `scratch` is this thread's own work area. */
export function runChunks(kernel: KernelExports, memory: WasmMemory, task: Task, scratch: number): void {
  const counter = new Int32Array(memory.buffer, task.counter, 1);
  const rows = taskRows(task);
  const chunks = taskChunks(task);
  for (;;) {
    const chunk = Atomics.add(counter, 0, 1);
    if (chunk >= chunks) return;
    if (task.kind === 'solve') {
      const s = task.side;
      kernel.solve(task.chunkStarts[chunk]!, task.chunkStarts[chunk + 1]!, s.indptr, s.indices, s.conf, s.factors, task.other, task.gram, s.reg, task.steps, scratch);
      continue;
    }
    const start = chunk * task.chunkRows;
    const end = Math.min(rows, start + task.chunkRows);
    switch (task.kind) {
      case 'gram':
        kernel.gram(start, end, task.factors, task.out + chunk * task.gramBytes);
        break;
      case 'loss': {
        const s = task.side;
        const value = kernel.loss(start, end, s.indptr, s.indices, s.conf, s.factors, task.other, task.gram, s.reg, scratch);
        new Float64Array(memory.buffer, task.results + chunk * 8, 1)[0] = value;
        break;
      }
      case 'norms':
        new Float64Array(memory.buffer, task.results + chunk * 8, 1)[0] = kernel.norms(start, end, task.side.factors, task.side.reg);
        break;
    }
  }
}
