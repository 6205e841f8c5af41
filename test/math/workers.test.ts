import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { moduleMode, siblingModule, startWorker } from '../../src/math/workers.js';

const firstMessage = (worker: Worker) =>
  new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());

test('the mode and sibling module follow the caller', () => {
  assert.equal(moduleMode('file:///app/src/recall/ials.ts'), 'typescript');
  assert.equal(moduleMode('file:///app/dist/recall/ials.js'), 'javascript');
  assert.equal(siblingModule('file:///app/dist/recall/ials.js', './ials/worker').href, 'file:///app/dist/recall/ials/worker.js');
  assert.equal(siblingModule('file:///app/src/recall/ials.ts', './ials/worker').href, 'file:///app/src/recall/ials/worker.ts');
});

test('under tsx, a TypeScript worker module starts next to the caller', async () => {
  const reply = await firstMessage(startWorker(import.meta.url, './workers-echo', { workerData: 21 }));
  assert.deepEqual(reply, { doubled: 42, mode: 'typescript' });
});

test('compiled to JavaScript, the helper starts the .js worker without tsx', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-workers-'));
  const source = fs.readFileSync(fileURLToPath(new URL('../../src/math/workers.ts', import.meta.url)), 'utf8');
  const compiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    fileName: 'workers.ts',
  });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  fs.writeFileSync(path.join(dir, 'workers.js'), compiled.outputText);
  fs.writeFileSync(
    path.join(dir, 'echo.js'),
    `import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage({ doubled: workerData * 2, url: import.meta.url });\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    [
      `import { startWorker } from './workers.js';`,
      `const worker = startWorker(import.meta.url, './echo', { workerData: 4 });`,
      `worker.once('message', (m) => { console.log(JSON.stringify(m)); worker.terminate(); });`,
    ].join('\n'),
  );
  // Plain node, no tsx: the compiled mode.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const run = spawnSync(process.execPath, [path.join(dir, 'main.js')], { encoding: 'utf8', env });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stderr);
  const reply = JSON.parse(run.stdout) as { doubled: number; url: string };
  assert.equal(reply.doubled, 8);
  assert.ok(reply.url.endsWith('/echo.js'), reply.url);
});
