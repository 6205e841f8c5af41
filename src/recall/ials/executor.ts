/**
 * Where training phases run: on the calling thread (threads: 1, the
 * single-threaded baseline) or on a pool of worker threads sharing the
 * kernel's memory. Both run the same chunks through the same kernel.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../math/workers.js';
import { instantiateKernel, type KernelExports } from './kernel.js';
import { runChunks, type Task } from './tasks.js';
import type { WasmMemory, WasmModule } from './wasm.js';

export interface Executor {
  readonly threads: number;
  run(task: Task): Promise<void>;
  close(): Promise<void>;
}

function resetCounter(memory: WasmMemory, task: Task): void {
  Atomics.store(new Int32Array(memory.buffer, task.counter, 1), 0, 0);
}

export class InlineExecutor implements Executor {
  readonly threads = 1;
  private readonly kernel: KernelExports;

  constructor(
    module: WasmModule,
    private readonly memory: WasmMemory,
    private readonly scratch: number,
  ) {
    this.kernel = instantiateKernel(module, memory);
  }

  run(task: Task): Promise<void> {
    resetCounter(this.memory, task);
    runChunks(this.kernel, this.memory, task, this.scratch);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** What a worker receives at start. */
export interface WorkerInit {
  module: WasmModule;
  memory: WasmMemory;
  scratch: number;
}

export type WorkerReply = { type: 'ready' } | { type: 'done' } | { type: 'failed'; message: string };

/** The worker's next reply, or a rejection when it fails or exits first. */
function nextReply(worker: Worker): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      if (reply.type === 'failed') reject(new Error(`iALS worker failed: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`iALS worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class WorkerPool implements Executor {
  private constructor(
    private readonly workers: Worker[],
    private readonly memory: WasmMemory,
  ) {}

  get threads(): number {
    return this.workers.length;
  }

  /** Starts `threads` workers, each with its own scratch area at scratchBase + i × scratchBytes. */
  static async start(threads: number, module: WasmModule, memory: WasmMemory, scratchBase: number, scratchBytes: number): Promise<WorkerPool> {
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < threads; i++) {
        const workerData: WorkerInit = { module, memory, scratch: scratchBase + i * scratchBytes };
        workers.push(startWorker(import.meta.url, './worker', { workerData }));
      }
      await Promise.all(workers.map(nextReply));
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    return new WorkerPool(workers, memory);
  }

  async run(task: Task): Promise<void> {
    resetCounter(this.memory, task);
    const replies = this.workers.map(nextReply);
    for (const worker of this.workers) worker.postMessage(task);
    await Promise.all(replies);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
