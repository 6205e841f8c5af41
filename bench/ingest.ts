/**
 * Ingestion throughput into the durable store: direct store writes (the
 * baseline), single events over HTTP, and batches of 1,000 over HTTP.
 * The HTTP server runs in its own process; autocannon generates the load.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Event } from '../src/domain/types.js';
import { SqliteStore, type SqliteSynchronous } from '../src/store/sqlite/sqlite-store.js';
import { fmt, percentile, printTable, startServer, stopServer, tempDir, type Row } from './lib.js';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const TYPES = ['impression', 'impression', 'impression', 'closeup', 'click', 'save'] as const;

let counter = 0;
function makeEvent(): Event {
  const n = counter++;
  return {
    id: `bench-${process.pid}-${n}`,
    userId: `u${n % 5000}`,
    pinId: `p${(n * 7919) % 100000}`,
    type: TYPES[n % TYPES.length]!,
    surface: 'home',
    requestId: `r${n >> 5}`,
    timestamp: Date.now(),
  };
}

/**
 * Request bodies for the HTTP load. The load generator shares the two cores
 * with the server, so bodies are assembled from fragments prepared once
 * (only the event ids change per request) instead of JSON.stringify per event:
 * every event is still unique, parsed, validated and stored by the server.
 */
function bodyFactory(batchSize: number): () => string {
  const timestamp = new Date().toISOString();
  const fragments = Array.from({ length: batchSize }, (_, i) => {
    const { id: _id, ...rest } = makeEvent();
    return `${JSON.stringify({ ...rest, timestamp }).slice(1)}`;
  });
  let request = 0;
  return () => {
    const prefix = `{"id":"http-${process.pid}-${request++}-`;
    let body = '{"events":[';
    for (let i = 0; i < batchSize; i++) body += `${i ? ',' : ''}${prefix}${i}",${fragments[i]}`;
    return `${body}]}`;
  };
}

async function direct(synchronous: SqliteSynchronous, batchSize: number): Promise<Row> {
  const store = new SqliteStore({ file: path.join(tempDir('direct'), 'db.sqlite'), synchronous });
  const latencies: number[] = [];
  let events = 0;
  const until = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    const batch = Array.from({ length: batchSize }, makeEvent);
    const t = performance.now();
    await store.events.append(batch);
    latencies.push(performance.now() - t);
    events += batchSize;
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  latencies.sort((a, b) => a - b);
  return {
    name: `direct store, batches of ${batchSize}, synchronous=${synchronous}`,
    'events/s': Math.round(events / seconds),
    'p50 ms': percentile(latencies, 50).toFixed(2),
    'p99 ms': percentile(latencies, 99).toFixed(2),
  };
}

async function overHttp(url: string, batchSize: number, connections: number): Promise<Row> {
  const makeBody = bodyFactory(batchSize);
  const result = await autocannon({
    url: `${url}/v1/events`,
    connections,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: makeBody() }),
      },
    ],
  });
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`HTTP ingestion failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    name: `HTTP, ${batchSize === 1 ? 'single events' : `batches of ${batchSize}`}, ${connections} connections`,
    'events/s': Math.round((ok * batchSize) / DURATION_S),
    'p50 ms': result.latency.p50.toFixed(2),
    'p99 ms': result.latency.p99.toFixed(2),
  };
}

/** Appends as the log grows: throughput per quarter of `total` events, ids random like UUIDs. */
async function growth(total: number): Promise<Row> {
  const store = new SqliteStore({ file: path.join(tempDir('growth'), 'db.sqlite') });
  const quarters: number[] = [];
  let t = performance.now();
  for (let done = 0; done < total; ) {
    const batch = Array.from({ length: 1000 }, () => ({ ...makeEvent(), id: randomUUID() }));
    await store.events.append(batch);
    done += batch.length;
    if (done % (total / 4) === 0) {
      quarters.push((total / 4) / ((performance.now() - t) / 1000));
      t = performance.now();
    }
  }
  await store.close();
  return {
    name: `direct store, batches of 1000, growing to ${fmt(total)} events (UUID ids)`,
    'events/s': Math.round(quarters.reduce((a, b) => a + b, 0) / quarters.length),
    'p50 ms': '',
    'p99 ms': '',
    'per quarter': quarters.map((q) => fmt(q)).join(' → '),
  };
}

export async function benchIngest(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const sync of ['full', 'normal'] as const) rows.push(await direct(sync, 1000));
  rows.push(await direct('full', 1));
  rows.push(await growth(Number(process.env.BENCH_GROWTH_EVENTS ?? 1_000_000)));
  const { url, child } = await startServer(tempDir('http'));
  try {
    rows.push(await overHttp(url, 1, 32));
    rows.push(await overHttp(url, 1000, 8));
  } finally {
    await stopServer(child);
  }
  const baseline = Number(rows[0]!['events/s']);
  for (const r of rows) r['vs direct full'] = `${(Number(r['events/s']) / baseline).toFixed(2)}x`;
  for (const r of rows) r['events/s'] = fmt(Number(r['events/s']));
  printTable(`Ingestion into the durable store (${DURATION_S} s each)`, rows);
  return rows;
}
