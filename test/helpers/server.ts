/** A real Tessera server on an ephemeral port over a temporary data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config, type ConfigOverrides } from '../../src/config.js';
import { Engine } from '../../src/pipeline/engine.js';
import { startServer } from '../../src/server/serve.js';
import { openStore } from '../../src/store/open.js';

export interface TestServer {
  url: string;
  engine: Engine;
  config: Config;
  request(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
}

export async function startTestServer(overrides: ConfigOverrides = {}): Promise<TestServer> {
  const config = loadConfig({
    env: {},
    cwd: os.tmpdir(),
    overrides: { dataDir: tempDataDir(), ...overrides, server: { port: 0, logLevel: 'silent', ...overrides.server } },
  });
  const engine = new Engine(openStore(config), config);
  await engine.train();
  const server = await startServer(engine, config);
  return {
    url: server.url,
    engine,
    config,
    async request(method, route, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const response = await fetch(server.url + route, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (e.g. metrics text)
      }
      return { status: response.status, body: parsed };
    },
    async close() {
      await server.close();
      await engine.store.close();
    },
  };
}
