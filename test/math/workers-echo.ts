/** Test fixture for workers.test.ts: replies with its input doubled and the mode it was loaded in. */
import { parentPort, workerData } from 'node:worker_threads';
import { moduleMode } from '../../src/math/workers.js';

parentPort?.postMessage({ doubled: (workerData as number) * 2, mode: moduleMode(import.meta.url) });
