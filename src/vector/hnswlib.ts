/**
 * HNSW by hnswlib (hnswlib-node, built from source at install). Its binding
 * takes plain arrays, one vector per call, and calls a JavaScript filter for
 * each candidate it visits. It has no quantisation.
 */
import { createRequire } from 'node:module';
import { checkAdd, checkQuery, type SearchFilter, type SearchResult, type VectorIndex, type VectorIndexConfig } from './index.js';
import { bytesFrom, readBytes } from './temp-file.js';
import { normalizeRows } from './vectors.js';

type Hnswlib = typeof import('hnswlib-node');
type NativeIndex = InstanceType<Hnswlib['HierarchicalNSW']>;

// Loaded on first use, so importing the recall registry does not load native code.
let hnswlibModule: Hnswlib | undefined;
function hnswlib(): Hnswlib {
  hnswlibModule ??= createRequire(import.meta.url)('hnswlib-node') as Hnswlib;
  return hnswlibModule;
}

const RANDOM_SEED = 100;

export class HnswlibIndex implements VectorIndex {
  readonly kind = 'hnswlib';
  private readonly native: NativeIndex;
  private ef: number;

  constructor(readonly config: Readonly<VectorIndexConfig>) {
    this.ef = config.ef;
    if (config.quantization !== 'f32') throw new RangeError('hnswlib stores f32 vectors only; use quantization "f32" or another index');
    // Space "ip" scores 1 - dot; cosine is handled here by normalising, like the other indexes.
    this.native = new (hnswlib().HierarchicalNSW)('ip', config.dimensions);
  }

  static load(config: Readonly<VectorIndexConfig>, bytes: Uint8Array): HnswlibIndex {
    const index = new HnswlibIndex(config);
    if (bytes.byteLength === 0) return index; // saved before anything was added
    readBytes(bytes, (file) => index.native.readIndexSync(file));
    index.native.setEf(index.ef);
    return index;
  }

  get size(): number {
    return this.native.getCurrentCount();
  }

  add(ids: Int32Array | readonly number[], vectors: Float32Array): void {
    checkAdd(this.config, ids, vectors);
    if (ids.length === 0) return;
    const d = this.config.dimensions;
    const rows = this.config.metric === 'cosine' ? normalizeRows(vectors, d) : vectors;
    const needed = this.size + ids.length;
    if (this.native.getMaxElements() === 0) {
      this.native.initIndex({ maxElements: needed, m: this.config.M, efConstruction: this.config.efConstruction, randomSeed: RANDOM_SEED });
      this.native.setEf(this.ef);
    } else if (needed > this.native.getMaxElements()) {
      this.native.resizeIndex(Math.max(needed, 2 * this.native.getMaxElements()));
    }
    for (let r = 0; r < ids.length; r++) this.native.addPoint(Array.from(rows.subarray(r * d, r * d + d)), ids[r]!);
  }

  search(query: Float32Array, k: number, filter?: SearchFilter): SearchResult {
    checkQuery(this.config, query, k);
    const size = this.size;
    if (size === 0 || k === 0) return { ids: new Int32Array(0), distances: new Float32Array(0) };
    const q = this.config.metric === 'cosine' ? normalizeRows(query, query.length) : query;
    const found = this.native.searchKnn(Array.from(q), Math.min(k, size), filter);
    return { ids: Int32Array.from(found.neighbors), distances: Float32Array.from(found.distances) };
  }

  setEf(ef: number): void {
    this.ef = ef;
    if (this.native.getMaxElements() > 0) this.native.setEf(ef);
  }

  save(): Uint8Array {
    if (this.native.getMaxElements() === 0) return new Uint8Array(0);
    return bytesFrom((file) => this.native.writeIndexSync(file));
  }
}
