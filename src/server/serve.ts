/** Starting and stopping the server around an engine. */
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { Engine } from '../pipeline/engine.js';
import { buildApp } from './app.js';
import { isLoopback } from './auth.js';
import type { App } from './routes/context.js';

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startServer(engine: Engine, config: Config): Promise<RunningServer> {
  const open = config.server.apiKeys.length === 0;
  if (open && !isLoopback(config.server.host)) {
    throw new ConfigError(
      `no API keys are configured, and the server would listen on ${config.server.host}: set TESSERA_API_KEYS (key:admin,key:ingest+read) or listen on 127.0.0.1`,
    );
  }
  const app = await buildApp({ engine, config });
  await app.listen({ host: config.server.host, port: config.server.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = `http://${host}:${port}`;
  if (open) app.log.warn('demo mode: no API keys configured, the API is open to anyone on this machine');
  const stopWatching = engine.watchModels(2000, (error) => app.log.error({ err: error }, 'could not load the new model set'));
  return {
    app,
    url,
    close: async () => {
      stopWatching();
      await app.close();
    },
  };
}
