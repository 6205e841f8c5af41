/**
 * Starting a worker thread from a module that sits next to the caller, in
 * either mode the code runs in: TypeScript sources under tsx (tests,
 * `npx tsx`) or the compiled JavaScript in dist/.
 *
 * Under tsx the worker must load tsx itself: Node 20 does not apply
 * `--import` from a worker's execArgv to the worker's module loader, so the
 * worker starts from a small bootstrap that registers tsx's loader and then
 * imports the TypeScript module.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type ModuleMode = 'typescript' | 'javascript';

/** Which mode a module runs in, from its import.meta.url. */
export function moduleMode(moduleUrl: string): ModuleMode {
  return /\.(c|m)?ts$/.test(new URL(moduleUrl).pathname) ? 'typescript' : 'javascript';
}

/** The URL of sibling module `name` (no extension) of `callerUrl`, with the caller's extension. */
export function siblingModule(callerUrl: string, name: string): URL {
  const extension = moduleMode(callerUrl) === 'typescript' ? 'ts' : 'js';
  return new URL(`${name}.${extension}`, callerUrl);
}

/**
 * Starts the worker module `name` (a path relative to the caller, without
 * extension, e.g. './ials/worker') next to `callerUrl` (the caller's
 * import.meta.url).
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const target = siblingModule(callerUrl, name);
  if (moduleMode(callerUrl) === 'javascript') return new Worker(target, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = [
    `import(${JSON.stringify(tsxApi)})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(target.href)}); })`,
    `.catch((error) => { process.nextTick(() => { throw error; }); });`,
  ].join('');
  return new Worker(bootstrap, { ...options, eval: true });
}
