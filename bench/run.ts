/**
 * `npm run bench`: every benchmark, or those named (`npm run bench -- ingest`).
 * Figures are printed as Markdown tables and saved to bench/results/<name>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { benchAnn } from './ann.js';
import { benchBpr } from './bpr.js';
import { benchColdStart } from './cold-start.js';
import { benchFeed } from './feed.js';
import { benchIals } from './ials.js';
import { benchIngest } from './ingest.js';
import { benchItemCf } from './item-cf.js';
import type { Row } from './lib.js';
import { benchRank } from './rank.js';

const SUITES: Record<string, () => Promise<Row[]>> = {
  ingest: benchIngest,
  ann: benchAnn,
  bpr: benchBpr,
  'cold-start': benchColdStart,
  feed: benchFeed,
  ials: benchIals,
  'item-cf': benchItemCf,
  rank: benchRank,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in SUITES));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(1);
}
console.log(`# Tessera benchmarks\n\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`);
fs.mkdirSync('bench/results', { recursive: true });
for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
  const rows = await SUITES[name]!();
  fs.writeFileSync(`bench/results/${name}.json`, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
}
