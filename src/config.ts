/**
 * Configuration: defaults, then a JSON config file (`tessera.config.json` in
 * the working directory, or the path in TESSERA_CONFIG), then environment
 * variables. Invalid settings stop the program with a message naming them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { COLD_START_DEFAULTS, ColdStartConfig } from './coldstart/config.js';
import { EVENT_TYPES } from './domain/types.js';
import { PRE_RANK_DEFAULTS, PreRankConfig, RANK_DEFAULTS, RankConfig } from './rank/stage-config.js';
import { RERANK_DEFAULTS, RerankConfig } from './rerank/config.js';
import { wireValidator } from './wire/validate.js';

const EventWeights = Type.Object(
  Object.fromEntries(EVENT_TYPES.map((t) => [t, Type.Optional(Type.Number())])) as Record<
    (typeof EVENT_TYPES)[number],
    ReturnType<typeof Type.Optional<ReturnType<typeof Type.Number>>>
  >,
  { additionalProperties: false },
);

const ApiKey = Type.Object(
  { key: Type.String({ minLength: 16 }), scope: Type.Enum(['ingest+read', 'admin']), name: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type ApiKey = Static<typeof ApiKey>;

export const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({ minLength: 1 }),
    server: Type.Object(
      {
        host: Type.String(),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        apiKeys: Type.Array(ApiKey),
        /** Reject events whose pin is not in the catalogue (HTTP 422). */
        strictEvents: Type.Boolean(),
        logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        /** A log line per request (costs throughput; metrics cover request timing anyway). */
        logRequests: Type.Boolean(),
        bodyLimitBytes: Type.Integer({ minimum: 1024 }),
      },
      { additionalProperties: false },
    ),
    storage: Type.Object(
      { synchronous: Type.Enum(['full', 'normal']) },
      { additionalProperties: false },
    ),
    training: Type.Object(
      {
        /** How much each event type says about a user's taste; negative is dislike. */
        eventWeights: EventWeights,
        /** Dwell events count as engagement when at least this long (ms). */
        dwellThresholdMs: Type.Number({ minimum: 0 }),
        /**
         * Options per recall channel, by channel name. Each channel defines
         * and validates its own options (see src/recall/registry.ts); what is
         * not set here takes the channel's default.
         */
        channels: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
    feed: Type.Object(
      {
        /** Recall channels and how many candidates each contributes. */
        channels: Type.Array(
          Type.Object(
            { name: Type.String(), quota: Type.Integer({ minimum: 1 }), weight: Type.Number({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          { minItems: 1 },
        ),
        /** Filter pins the user had an impression of within this many hours (0 = never). */
        seenFilterHours: Type.Number({ minimum: 0 }),
        maxPerCreatorPerPage: Type.Integer({ minimum: 1 }),
        defaultPageSize: Type.Integer({ minimum: 1, maximum: 200 }),
        /** How long a feed's ranked list is kept for its next pages. */
        sessionTtlMinutes: Type.Number({ exclusiveMinimum: 0 }),
        /** A first page within this many seconds of the last one reuses its ranked list, unless the user's events came in between (0: never). */
        cacheSeconds: Type.Number({ minimum: 0 }),
        /** How many recent events of the user the feed reads. */
        historyLength: Type.Integer({ minimum: 1 }),
        /** The pre-ranking stage: an embedding model's dot product keeps the best `keep` candidates (null: off). See docs/ranking.md. */
        preRank: PreRankConfig,
        /** The ranking stage: the multi-task ranker trained with the model set, fused by utility weights (null: channel fusion). */
        rank: RankConfig,
        /** The re-ranking stage: rules, boosts, diversity, grid (see docs/reranking.md). */
        rerank: RerankConfig,
      },
      { additionalProperties: false },
    ),
    /** New users (clusters, bandit over categories) and new pins (exploration budget): see docs/cold-start.md. */
    coldStart: ColdStartConfig,
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = {
  dataDir: './data',
  server: {
    host: '127.0.0.1',
    port: 8080,
    apiKeys: [],
    strictEvents: false,
    logLevel: 'info',
    logRequests: false,
    bodyLimitBytes: 16 * 1024 * 1024,
  },
  storage: { synchronous: 'full' },
  training: {
    eventWeights: { impression: 0, closeup: 1, click: 2, save: 4, hide: -4, dwell: 1, search: 0, conversion: 6 },
    dwellThresholdMs: 5000,
    channels: {},
  },
  feed: {
    // Weights follow measured NDCG@10 on a time split of the demo world
    // (random-walk 0.043, user-cf 0.033, item-cf 0.022, popular 0.054 but no
    // personalisation); content brings pins nobody has engaged with yet.
    channels: [
      { name: 'random-walk', quota: 300, weight: 1 },
      { name: 'user-cf', quota: 200, weight: 0.8 },
      { name: 'item-cf', quota: 200, weight: 0.5 },
      { name: 'content', quota: 100, weight: 0.3 },
      { name: 'popular', quota: 200, weight: 0.4 },
    ],
    seenFilterHours: 24,
    maxPerCreatorPerPage: 2,
    defaultPageSize: 25,
    sessionTtlMinutes: 30,
    cacheSeconds: 60,
    historyLength: 200,
    preRank: PRE_RANK_DEFAULTS,
    rank: RANK_DEFAULTS,
    rerank: RERANK_DEFAULTS,
  },
  coldStart: COLD_START_DEFAULTS,
};

/** Every field optional, down through nested objects (and nullable ones); arrays are replaced whole. */
type DeepPartial<T> = { [K in keyof T]?: DeepPartialValue<T[K]> };
type DeepPartialValue<V> = V extends unknown[] ? V : V extends object ? DeepPartial<V> : V;
export type ConfigOverrides = DeepPartial<Config>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = merge(out[k], v);
  return out as T;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `key:scope,key:scope` as used by TESSERA_API_KEYS. */
function parseApiKeys(text: string): ApiKey[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.lastIndexOf(':');
      if (i < 0) throw new ConfigError(`TESSERA_API_KEYS: "${entry.slice(0, 4)}…" needs a scope, as key:admin or key:ingest+read`);
      return { key: entry.slice(0, i), scope: entry.slice(i + 1) as ApiKey['scope'] };
    });
}

function fromEnvironment(env: NodeJS.ProcessEnv): ConfigOverrides {
  const server: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  if (env.TESSERA_DATA_DIR) out.dataDir = env.TESSERA_DATA_DIR;
  if (env.PORT) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port)) throw new ConfigError(`PORT: "${env.PORT}" is not a port number`);
    server.port = port;
  }
  if (env.HOST) server.host = env.HOST;
  if (env.TESSERA_API_KEYS) server.apiKeys = parseApiKeys(env.TESSERA_API_KEYS);
  if (env.TESSERA_STRICT_EVENTS) server.strictEvents = env.TESSERA_STRICT_EVENTS === 'true' || env.TESSERA_STRICT_EVENTS === '1';
  if (env.TESSERA_LOG_LEVEL) server.logLevel = env.TESSERA_LOG_LEVEL;
  if (Object.keys(server).length) out.server = server;
  return out as ConfigOverrides;
}

const validateConfig = wireValidator(ConfigSchema);

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Applied last, e.g. from command-line flags. */
  overrides?: ConfigOverrides;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = env.TESSERA_CONFIG ?? path.join(cwd, 'tessera.config.json');
  let fromFile: unknown = {};
  if (fs.existsSync(file)) {
    try {
      fromFile = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message}`);
    }
  } else if (env.TESSERA_CONFIG) {
    throw new ConfigError(`TESSERA_CONFIG names ${file}, which does not exist`);
  }
  const merged = merge(merge(merge(DEFAULT_CONFIG, fromFile), fromEnvironment(env)), options.overrides ?? {});
  try {
    const config = validateConfig.parse(merged);
    return { ...config, dataDir: path.resolve(cwd, config.dataDir) };
  } catch (error) {
    throw new ConfigError(`configuration ${(error as Error).message}`);
  }
}
