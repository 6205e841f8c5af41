/**
 * HNSW by usearch (prebuilt, SIMD). Its JavaScript binding has no filter
 * callback, so filtered searches fetch more neighbours until k pass; it sets
 * the search breadth only when an index is created or loaded, so `setEf`
 * reloads the index from its bytes.
 *
 * usearch's int8 conversion scales every vector to unit length, which would
 * lose the norms that inner-product search ranks by. So int8 indexes store
 * the usual MIPS-to-cosine transform (Bachrach et al., 2014): each row x
 * becomes [x / R, sqrt(1 - |x|^2 / R^2)] with R the largest norm, a unit
 * vector whose dot with [q, 0] is q·x / R: the same order, without loss.
 */
import { createRequire } from 'node:module';
import { checkAdd, checkQuery, type SearchFilter, type SearchResult, type VectorIndex, type VectorIndexConfig } from './index.js';
import { bytesFrom, readBytes } from './temp-file.js';
import { norm, normalizeRows } from './vectors.js';

type Usearch = typeof import('usearch');
type NativeIndex = InstanceType<Usearch['Index']>;

// Loaded on first use, so importing the recall registry does not load native code.
let usearchModule: Usearch | undefined;
function usearch(): Usearch {
  usearchModule ??= createRequire(import.meta.url)('usearch') as Usearch;
  return usearchModule;
}

/** usearch's int8 inner product is 1 - (sum of int8 products), each side scaled to 127. */
const I8_UNIT = 127 * 127;
const HEADER_BYTES = 8;

export class UsearchIndex implements VectorIndex {
  readonly kind = 'usearch';
  private native: NativeIndex;
  private readonly augmented: boolean;
  /** R in the transform above (int8 only); fixed by the first add. */
  private maxNorm = 0;

  constructor(readonly config: Readonly<VectorIndexConfig>) {
    this.augmented = config.quantization === 'i8';
    this.native = this.createNative(config.ef);
  }

  static load(config: Readonly<VectorIndexConfig>, bytes: Uint8Array): UsearchIndex {
    const index = new UsearchIndex(config);
    index.maxNorm = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(0, true);
    readBytes(bytes.subarray(HEADER_BYTES), (file) => index.native.load(file));
    return index;
  }

  get size(): number {
    return this.native.size();
  }

  add(ids: Int32Array | readonly number[], vectors: Float32Array): void {
    checkAdd(this.config, ids, vectors);
    if (ids.length === 0) return;
    const d = this.config.dimensions;
    let rows = this.config.metric === 'cosine' ? normalizeRows(vectors, d) : vectors;
    if (this.augmented) rows = this.augment(rows, ids.length);
    // Threads 0: usearch inserts on every core.
    this.native.add(BigUint64Array.from(ids, (id) => BigInt(id)), rows, 0);
  }

  search(query: Float32Array, k: number, filter?: SearchFilter): SearchResult {
    checkQuery(this.config, query, k);
    const size = this.size;
    if (size === 0 || k === 0) return { ids: new Int32Array(0), distances: new Float32Array(0) };
    let q = this.config.metric === 'cosine' ? normalizeRows(query, query.length) : query;
    if (this.augmented) {
      const padded = new Float32Array(q.length + 1);
      padded.set(q);
      q = padded;
    }
    const ids: number[] = [];
    const distances: number[] = [];
    for (let fetch = filter ? 2 * k : k; ; fetch *= 4) {
      const wanted = Math.min(fetch, size);
      const found = this.native.search(q, wanted, 1);
      ids.length = 0;
      distances.length = 0;
      for (let i = 0; i < found.keys.length && ids.length < k; i++) {
        const id = Number(found.keys[i]!);
        if (filter && !filter(id)) continue;
        ids.push(id);
        distances.push(found.distances[i]!);
      }
      if (ids.length >= k || wanted >= size) break;
    }
    const toIp = this.augmented ? (this.maxNorm * norm(q)) / I8_UNIT : 0;
    return {
      ids: Int32Array.from(ids),
      distances: Float32Array.from(distances, (dist) => (this.augmented ? 1 - (1 - dist) * toIp : dist)),
    };
  }

  setEf(ef: number): void {
    const bytes = bytesFrom((file) => this.native.save(file));
    const native = this.createNative(ef);
    readBytes(bytes, (file) => native.load(file));
    this.native = native;
  }

  save(): Uint8Array {
    const body = bytesFrom((file) => this.native.save(file));
    const out = new Uint8Array(HEADER_BYTES + body.byteLength);
    new DataView(out.buffer).setFloat64(0, this.maxNorm, true);
    out.set(body, HEADER_BYTES);
    return out;
  }

  private createNative(ef: number): NativeIndex {
    const { Index, MetricKind, ScalarKind } = usearch();
    return new Index({
      dimensions: this.config.dimensions + (this.augmented ? 1 : 0),
      metric: MetricKind.IP,
      quantization: this.augmented ? ScalarKind.I8 : ScalarKind.F32,
      connectivity: this.config.M,
      expansion_add: this.config.efConstruction,
      expansion_search: ef,
      multi: false,
    });
  }

  private augment(rows: Float32Array, count: number): Float32Array {
    const d = this.config.dimensions;
    const norms = Float64Array.from({ length: count }, (_, r) => norm(rows, r * d, d));
    const largest = norms.reduce((a, b) => Math.max(a, b), 0);
    if (this.size === 0 && this.maxNorm === 0) this.maxNorm = largest || 1;
    if (largest > this.maxNorm * (1 + 1e-6)) {
      throw new RangeError(
        `an int8 usearch index scales by the largest norm it was built with (${this.maxNorm}); a vector of norm ${largest} needs a rebuild`,
      );
    }
    const out = new Float32Array(count * (d + 1));
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < d; j++) out[r * (d + 1) + j] = rows[r * d + j]! / this.maxNorm;
      out[r * (d + 1) + d] = Math.sqrt(Math.max(0, 1 - (norms[r]! / this.maxNorm) ** 2));
    }
    return out;
  }
}
