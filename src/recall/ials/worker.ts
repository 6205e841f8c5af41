/** A training thread: runs the chunks of each task it is sent, in the memory it shares with the trainer. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerReply } from './executor.js';
import { instantiateKernel } from './kernel.js';
import { runChunks, type Task } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('the iALS worker module runs only as a worker thread');
const { module, memory, scratch } = workerData as WorkerInit;
const kernel = instantiateKernel(module, memory);
const reply = (message: WorkerReply) => port.postMessage(message);

port.on('message', (task: Task) => {
  try {
    runChunks(kernel, memory, task, scratch);
    reply({ type: 'done' });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
reply({ type: 'ready' });
