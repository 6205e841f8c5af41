/**
 * Vector search: recall@10 and single-thread queries per second of every
 * index in src/vector/ on the shared ANN inputs (100,000 x 64, Gaussian,
 * L2-normalised; 1,000 queries; exact top-10 by inner product), beside the
 * hnswlib and faiss figures measured on this machine (read from
 * ../shared/bench/README.md). Exact f32 search is the baseline of the ratios.
 * Also on MNIST test images (real data, 784 pixels, cosine) when
 * ../shared/datasets has them.
 *
 * Run alone: `npx tsx bench/ann.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { createVectorIndex } from '../src/vector/create.js';
import type { IndexKind, Metric, Quantization, VectorIndex, VectorIndexConfig } from '../src/vector/index.js';
import { fmt, printTable, type Row } from './lib.js';

const SHARED = path.resolve('..', 'shared');
const ANN_DIR = path.join(SHARED, 'bench', 'ann');
const MNIST = path.join(SHARED, 'datasets', 'mnist-test', 't10k-images-idx3-ubyte.gz');
const EFS = [40, 160, 320, 640];
const K = 10;
const HNSW = { M: 16, efConstruction: 200 };
/** Each timed pass over the queries repeats until this many seconds have passed (at least MIN_PASSES); the best pass counts. */
const TIMING_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MIN_PASSES = 2;

interface Dataset {
  name: string;
  metric: Metric;
  dimensions: number;
  base: Float32Array;
  queries: Float32Array;
  /** K true neighbours per query, row-major. */
  truth: Int32Array;
}

function readTyped<T>(file: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = fs.readFileSync(file);
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function sharedAnn(): Dataset | undefined {
  const files = ['ann_base_100000x64.f32', 'ann_queries_1000x64.f32', 'ann_gt_1000x10.i32'].map((f) => path.join(ANN_DIR, f));
  if (!files.every((f) => fs.existsSync(f))) return undefined;
  return {
    name: 'shared ANN 100,000 x 64',
    metric: 'ip',
    dimensions: 64,
    base: readTyped(files[0]!, (b) => new Float32Array(b)),
    queries: readTyped(files[1]!, (b) => new Float32Array(b)),
    truth: readTyped(files[2]!, (b) => new Int32Array(b)),
  };
}

/** MNIST's 10,000 test images: the last 1,000 query the first 9,000 by cosine; the truth by float64 brute force. */
function mnist(): Dataset | undefined {
  if (!fs.existsSync(MNIST)) return undefined;
  const raw = gunzipSync(fs.readFileSync(MNIST));
  const count = raw.readUInt32BE(4);
  const d = raw.readUInt32BE(8) * raw.readUInt32BE(12);
  const all = new Float32Array(count * d);
  for (let i = 0; i < all.length; i++) all[i] = raw[16 + i]! / 255;
  const nBase = count - 1000;
  const base = all.subarray(0, nBase * d);
  const queries = all.subarray(nBase * d);
  const norms = Float64Array.from({ length: count }, (_, r) => {
    let s = 0;
    for (let j = r * d; j < (r + 1) * d; j++) s += all[j]! * all[j]!;
    return Math.sqrt(s) || 1;
  });
  const truth = new Int32Array(1000 * K);
  const sims = new Float64Array(nBase);
  for (let q = 0; q < 1000; q++) {
    const qo = (nBase + q) * d;
    for (let i = 0; i < nBase; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += all[i * d + j]! * all[qo + j]!;
      sims[i] = s / norms[i]!;
    }
    const order = Array.from({ length: nBase }, (_, i) => i).sort((a, b) => sims[b]! - sims[a]!);
    truth.set(order.slice(0, K), q * K);
  }
  return { name: `MNIST test images ${fmt(nBase)} x ${d}`, metric: 'cosine', dimensions: d, base, queries, truth };
}

interface Reference {
  ef: number;
  hnswlib: [recall: string, qps: string];
  faiss: [recall: string, qps: string];
}

/** The reference rows of ../shared/bench/README.md's vector-search table, and faiss's exact figure. */
function references(): { rows: Reference[]; faissFlat: string | undefined } {
  const readme = path.join(SHARED, 'bench', 'README.md');
  if (!fs.existsSync(readme)) return { rows: [], faissFlat: undefined };
  const all = fs.readFileSync(readme, 'utf8');
  const text = all.slice(all.indexOf('## Vector search'));
  const rows: Reference[] = [];
  for (const m of text.matchAll(/^\|\s*(\d+)\s*\|\s*([\d.]+)\s*\|\s*([\d,]+)\s*\|\s*([\d.]+)\s*\|\s*([\d,]+)\s*\|$/gm)) {
    rows.push({ ef: Number(m[1]), hnswlib: [m[2]!, m[3]!], faiss: [m[4]!, m[5]!] });
  }
  return { rows, faissFlat: /faiss flat inner product ([\d,]+) QPS/.exec(text)?.[1] };
}

interface Measured {
  recall: number;
  qps: number;
}

function measure(index: VectorIndex, data: Dataset): Measured {
  const d = data.dimensions;
  const nQueries = data.queries.length / d;
  const queries = Array.from({ length: nQueries }, (_, q) => data.queries.slice(q * d, (q + 1) * d));
  let hits = 0;
  let best = Infinity;
  const started = performance.now();
  for (let pass = 0; pass < MIN_PASSES || performance.now() - started < TIMING_SECONDS * 1000; pass++) {
    const t = performance.now();
    const results = queries.map((q) => index.search(q, K).ids);
    best = Math.min(best, performance.now() - t);
    if (pass === 0) {
      results.forEach((ids, q) => {
        const truth = new Set(data.truth.subarray(q * K, (q + 1) * K));
        for (const id of ids) if (truth.has(id)) hits++;
      });
    }
  }
  return { recall: hits / (nQueries * K), qps: nQueries / (best / 1000) };
}

function build(kind: IndexKind, quantization: Quantization, data: Dataset): { index: VectorIndex; seconds: number } {
  const config: VectorIndexConfig = { dimensions: data.dimensions, metric: data.metric, quantization, ...HNSW, ef: EFS[0]! };
  const index = createVectorIndex(kind, config);
  const n = data.base.length / data.dimensions;
  const t = performance.now();
  index.add(Int32Array.from({ length: n }, (_, i) => i), data.base);
  return { index, seconds: (performance.now() - t) / 1000 };
}

async function benchDataset(data: Dataset, withReferences: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const setups: { label: string; kind: IndexKind; quantization: Quantization; efs: readonly (number | undefined)[] }[] = [
    { label: 'exact f32 (WebAssembly SIMD)', kind: 'exact', quantization: 'f32', efs: [undefined] },
    { label: 'exact i8 (WebAssembly SIMD)', kind: 'exact', quantization: 'i8', efs: [undefined] },
    { label: 'hnswlib-node f32', kind: 'hnswlib', quantization: 'f32', efs: EFS },
    { label: 'usearch f32', kind: 'usearch', quantization: 'f32', efs: EFS },
    { label: 'usearch i8', kind: 'usearch', quantization: 'i8', efs: EFS },
  ];
  let baselineQps = 0;
  for (const s of setups) {
    process.stderr.write(`${data.name}: building ${s.label}\n`);
    const { index, seconds } = build(s.kind, s.quantization, data);
    const megabytes = index.save().byteLength / 1e6;
    for (const ef of s.efs) {
      if (ef !== undefined) index.setEf(ef);
      process.stderr.write(`${data.name}: ${s.label}${ef ? ` ef=${ef}` : ''}\n`);
      const m = measure(index, data);
      if (baselineQps === 0) baselineQps = m.qps;
      rows.push({
        name: `${data.name}: ${s.label}`,
        ef: ef ?? '',
        'recall@10': m.recall.toFixed(3),
        QPS: fmt(m.qps),
        'vs exact f32': `${(m.qps / baselineQps).toFixed(2)}x`,
        'build s': ef === undefined || ef === s.efs[0] ? seconds.toFixed(1) : '',
        'saved MB': ef === undefined || ef === s.efs[0] ? megabytes.toFixed(1) : '',
      });
    }
  }
  if (withReferences) {
    const ref = references();
    for (const r of ref.rows) {
      rows.push({ name: 'reference: hnswlib (C++/Python)', ef: r.ef, 'recall@10': r.hnswlib[0], QPS: r.hnswlib[1] });
    }
    for (const r of ref.rows) {
      rows.push({ name: 'reference: faiss HNSW', ef: r.ef, 'recall@10': r.faiss[0], QPS: r.faiss[1] });
    }
    if (ref.faissFlat) rows.push({ name: 'reference: faiss flat inner product', ef: '', 'recall@10': '1.000', QPS: ref.faissFlat });
  }
  return rows;
}

export async function benchAnn(): Promise<Row[]> {
  const rows: Row[] = [];
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const ann = sharedAnn();
  if (!ann) console.log(`\nvector search: skipped, ${ANN_DIR} is missing`);
  else {
    const before = load();
    const annRows = await benchDataset(ann, true);
    printTable(`Vector search, ${ann.name}, k=10, one query thread (load average ${before} → ${load()})`, annRows);
    rows.push(...annRows);
  }
  const real = mnist();
  if (!real) console.log(`\nvector search on real data: skipped, ${MNIST} is missing`);
  else {
    const before = load();
    const realRows = await benchDataset(real, false);
    printTable(`Vector search, ${real.name}, cosine, k=10, one query thread (load average ${before} → ${load()})`, realRows);
    rows.push(...realRows);
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`# Vector search\n\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`);
  await benchAnn();
}
