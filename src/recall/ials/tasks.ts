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
  /** Updates `side.factors` against `other` factors, with gram = otherᵀother at `gram`. */
  | { kind: 'solve'; side: SideLayout; other: number; gram: number; steps: number; chunkRows: number; counter: number }
  /** Writes the Gram matrix of each chunk of `rows` factor rows to `out` + chunk × gramBytes. */
  | { kind: 'gram'; rows: number; factors: number; out: number; gramBytes: number; chunkRows: number; counter: number }
  /** Writes each chunk's weighted squared error (plus regularisation) to float64 slot `results` + chunk. */
  | { kind: 'loss'; side: SideLayout; other: number; gram: number; results: number; chunkRows: number; counter: number }
  /** Writes each chunk's Σ reg |factors|² to float64 slot `results` + chunk. */
  | { kind: 'norms'; side: SideLayout; results: number; chunkRows: number; counter: number };

export const taskRows = (task: Task): number => (task.kind === 'gram' ? task.rows : task.side.rows);
export const taskChunks = (task: Task): number => Math.ceil(taskRows(task) / task.chunkRows);

/** Claims and runs chunks of `task` until none is left; `scratch` is this thread's own work area. */
export function runChunks(kernel: KernelExports, memory: WasmMemory, task: Task, scratch: number): void {
  const counter = new Int32Array(memory.buffer, task.counter, 1);
  const rows = taskRows(task);
  const chunks = taskChunks(task);
  for (;;) {
    const chunk = Atomics.add(counter, 0, 1);
    if (chunk >= chunks) return;
    const start = chunk * task.chunkRows;
    const end = Math.min(rows, start + task.chunkRows);
    switch (task.kind) {
      case 'solve': {
        const s = task.side;
        kernel.solve(start, end, s.indptr, s.indices, s.conf, s.factors, task.other, task.gram, s.reg, task.steps, scratch);
        break;
      }
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
