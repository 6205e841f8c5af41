import type { Command } from 'commander';
import { startServer } from '../../server/serve.js';
import { configFrom, loadUsableModels, openEngine, trainWithProgress, withDataDir, type CommonFlags } from '../shared.js';

interface ServeFlags extends CommonFlags {
  port?: string;
  host?: string;
}

export function serverOverrides(flags: ServeFlags) {
  const server: Record<string, unknown> = {};
  if (flags.port !== undefined) server.port = Number(flags.port);
  if (flags.host !== undefined) server.host = flags.host;
  return Object.keys(server).length ? { server } : {};
}

/** Serves until SIGINT/SIGTERM; trains first when no model set exists yet. */
export async function serve(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags, serverOverrides(flags));
  const engine = openEngine(config);
  if (!(await loadUsableModels(engine))) {
    console.error('no usable trained models yet: training now');
    await trainWithProgress(engine, { startup: true });
  }
  const server = await startServer(engine, config);
  console.log(`Tessera is serving on ${server.url}  (API docs: ${server.url}/docs)`);
  const stop = async () => {
    await server.close();
    await engine.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

export function register(program: Command): void {
  withDataDir(
    program
      .command('serve')
      .description('serve the HTTP API (PORT and TESSERA_DATA_DIR are honoured)')
      .option('-p, --port <port>', 'port to listen on (default 8080, or PORT)')
      .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)'),
  ).action(serve);
}
