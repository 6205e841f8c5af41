import path from 'node:path';
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export const databaseFile = (config: Config): string => path.join(config.dataDir, 'tessera.db');

/** Opens the store the configuration names (the embedded SQLite store for now). */
export function openStore(config: Config): Store {
  return new SqliteStore({ file: databaseFile(config), synchronous: config.storage.synchronous });
}
