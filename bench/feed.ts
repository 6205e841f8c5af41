/**
 * Feed serving: `GET /v1/users/:id/feed` over HTTP against `tessera serve` in
 * its own process, on demo worlds scaled to 100,000 and 1,000,000 pins
 * (`BENCH_FEED_PINS=100000,1000000`), trained with the default feed
 * configuration except that the ranker trains on at most 200,000 impressions
 * for 4 epochs (serving cost does not depend on how long it trained). Each
 * request is a different random user's first page, with the feed cache off,
 * so every request runs the whole pipeline. Two configurations serve the same
 * model set, one after the other: the default four-stage feed (pre-rank and
 * ranker) and, as the baseline, channel fusion (`feed.preRank` and
 * `feed.rank` null). Reported per configuration: a fixed rate of 200
 * requests/s (latency at the target load), the most the server sustains on
 * 32 connections, and the mean time and candidates per pipeline stage (from
 * the server's Prometheus histograms), with the load average.
 *
 * Run alone: `npm run bench -- feed`.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ID_WIDTHS, idMaker } from '../src/demo/ids.js';
import { fmt, loadAverage, printTable, startServer, stopServer, tempDir, type Row } from './lib.js';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const SCALES = (process.env.BENCH_FEED_PINS ?? '100000,1000000').split(',').map(Number);
const TARGET_RATE = 200;
/** Ranker training for the bench's worlds: enough to serve with, quick to train. */
const BENCH_RANK_TRAINING = { maxExamples: 200_000, options: { epochs: 4 } };
const CONFIGURATIONS: { name: string; feed: Record<string, unknown> }[] = [
  { name: 'four stages', feed: {} },
  { name: 'fusion (baseline)', feed: { preRank: null, rank: null } },
];

function tessera(args: string[], env: Record<string, string> = {}): void {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TESSERA_LOG_LEVEL: 'warn', ...env },
  });
  if (r.status !== 0) throw new Error(`tessera ${args.join(' ')} failed with ${r.status}`);
  console.error(`  tessera ${args[0]}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A config file in `dataDir` with the given feed settings; its path. */
function configFile(dataDir: string, name: string, feed: Record<string, unknown>): string {
  const file = path.join(dataDir, `${name}.config.json`);
  fs.writeFileSync(file, JSON.stringify({ feed: { cacheSeconds: 0, ...feed } }));
  return file;
}

/** A data directory holding a trained demo world of `pins` pins (10 pins per user, 20 per creator, 10 events per pin up to 3M). */
function world(pins: number): { dataDir: string; users: number } {
  const users = Math.round(pins / 10);
  const dataDir = tempDir(`feed-${pins}`);
  const events = Math.min(pins * 10, 3_000_000);
  console.error(`seeding ${fmt(pins)} pins, ${fmt(users)} users, ${fmt(events)} events…`);
  tessera(['seed-demo', '--pins', String(pins), '--users', String(users), '--creators', String(Math.round(pins / 20)), '--events', String(events), '-d', dataDir]);
  tessera(['train', '-d', dataDir], { TESSERA_CONFIG: configFile(dataDir, 'train', { rank: BENCH_RANK_TRAINING }) });
  return { dataDir, users };
}

async function load(url: string, users: number, options: { rate?: number; connections: number }) {
  const userId = idMaker('u', ID_WIDTHS.user, users);
  let n = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: DURATION_S,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'GET',
        // A different user each time (a multiplicative walk over the ids), so no two requests share a cache entry.
        setupRequest: (request) => ({ ...request, path: `/v1/users/${userId((n++ * 7919) % users)}/feed?limit=25` }),
      },
    ],
  });
  return {
    'req/s': fmt(result.requests.average),
    p50_ms: result.latency.p50,
    p97_5_ms: result.latency.p97_5,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx + result.errors,
  };
}

/** Per stage, the mean of a Prometheus histogram (times `scale`), as "stage value, …". */
async function stageMeans(url: string, histogram: string, scale: number, digits: number): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${histogram}_(sum|count)\\{stage="([^"]+)"\\} (\\S+)$`, 'gm'))) {
    (m[1] === 'sum' ? sums : counts).set(m[2]!, Number(m[3]));
  }
  return [...sums].map(([stage, sum]) => `${stage} ${((scale * sum) / Math.max(1, counts.get(stage) ?? 1)).toFixed(digits)}`).join(', ');
}

export async function benchFeed(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const pins of SCALES) {
    const { dataDir, users } = world(pins);
    try {
      for (const configuration of CONFIGURATIONS) {
        const { url, child } = await startServer(dataDir, { TESSERA_CONFIG: configFile(dataDir, 'serve', configuration.feed) });
        try {
          const label = `${fmt(pins)} pins, ${configuration.name}`;
          await load(url, users, { connections: 4, rate: 50 }); // warm-up
          const atTarget = await load(url, users, { connections: 16, rate: TARGET_RATE });
          rows.push({
            name: `${label}, ${TARGET_RATE} req/s offered`,
            ...atTarget,
            'mean ms per stage': await stageMeans(url, 'tessera_feed_stage_seconds', 1000, 2),
            'mean candidates out of each stage': await stageMeans(url, 'tessera_feed_stage_candidates', 1, 0),
            load: loadAverage(),
          });
          rows.push({ name: `${label}, as fast as it goes (32 connections)`, ...(await load(url, users, { connections: 32 })), load: loadAverage() });
        } finally {
          await stopServer(child);
        }
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  printTable('Feed serving over HTTP (cache off: every request runs the pipeline)', rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFeed();
