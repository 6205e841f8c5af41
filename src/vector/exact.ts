/**
 * Exact search: every vector scored against the query by a SIMD WebAssembly
 * kernel (kernels.ts), the best k kept by a heap. The vectors live in the
 * kernel's own memory, rows padded with zeros to a multiple of 16 lanes:
 *
 *   [query | scores (capacity) | scales (capacity, i8 only) | rows (capacity x width)]
 *
 * With `quantization: 'i8'` each row is stored as int8 with its own scale
 * (max |x| / 127): a quarter of the memory of f32, and a faster integer kernel.
 */
import { checkAdd, checkQuery, type SearchFilter, type SearchResult, type VectorIndex, type VectorIndexConfig } from './index.js';
import { I16_QUERY_MAX, instantiateKernels, LANES_MULTIPLE, MAX_I8_WIDTH, type Kernels } from './kernels.js';
import { TopK } from './top-k.js';
import { normalizeRows } from './vectors.js';

const PAGE = 65536;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

interface Layout {
  capacity: number;
  scoresAt: number;
  scalesAt: number;
  rowsAt: number;
  end: number;
}

export class ExactIndex implements VectorIndex {
  readonly kind = 'exact';
  private readonly kernels: Kernels = instantiateKernels();
  private readonly width: number;
  private readonly rowBytes: number;
  private readonly i8: boolean;
  private layout: Layout;
  private count = 0;
  private ids = new Int32Array(0);

  constructor(readonly config: Readonly<VectorIndexConfig>) {
    this.i8 = config.quantization === 'i8';
    this.width = Math.ceil(config.dimensions / LANES_MULTIPLE) * LANES_MULTIPLE;
    if (this.i8 && this.width > MAX_I8_WIDTH) throw new RangeError(`int8 exact search supports up to ${MAX_I8_WIDTH} dimensions`);
    this.rowBytes = this.width * (this.i8 ? 1 : 4);
    this.layout = this.layoutFor(0);
  }

  static load(config: Readonly<VectorIndexConfig>, bytes: Uint8Array): ExactIndex {
    const index = new ExactIndex(config);
    const perRow = 4 + (index.i8 ? 4 : 0) + index.rowBytes;
    if (bytes.byteLength % perRow !== 0) {
      throw new RangeError(`saved exact index has ${bytes.byteLength} bytes, not a whole number of ${config.dimensions}-dimension ${config.quantization} rows`);
    }
    const count = bytes.byteLength / perRow;
    index.reserve(count);
    const aligned = new Uint8Array(bytes); // a copy at offset 0, so typed views are aligned
    index.ids.set(new Int32Array(aligned.buffer, 0, count));
    const memory = index.bytes();
    let at = count * 4;
    if (index.i8) {
      memory.set(aligned.subarray(at, at + count * 4), index.layout.scalesAt);
      at += count * 4;
    }
    memory.set(aligned.subarray(at), index.layout.rowsAt);
    index.count = count;
    return index;
  }

  get size(): number {
    return this.count;
  }

  add(ids: Int32Array | readonly number[], vectors: Float32Array): void {
    checkAdd(this.config, ids, vectors);
    const d = this.config.dimensions;
    const rows = this.config.metric === 'cosine' ? normalizeRows(vectors, d) : vectors;
    this.reserve(this.count + ids.length);
    const { rowsAt, scalesAt } = this.layout;
    const buffer = this.kernels.memory.buffer;
    for (let r = 0; r < ids.length; r++) {
      const slot = this.count + r;
      const src = rows.subarray(r * d, r * d + d);
      if (this.i8) {
        const row = new Int8Array(buffer, rowsAt + slot * this.rowBytes, this.width);
        let max = 0;
        for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(src[j]!));
        const scale = max / 127;
        for (let j = 0; j < d; j++) row[j] = scale > 0 ? Math.round(src[j]! / scale) : 0;
        row.fill(0, d);
        new Float32Array(buffer, scalesAt, this.layout.capacity)[slot] = scale;
      } else {
        const row = new Float32Array(buffer, rowsAt + slot * this.rowBytes, this.width);
        row.set(src);
        row.fill(0, d);
      }
      this.ids[slot] = ids[r]!;
    }
    this.count += ids.length;
  }

  search(query: Float32Array, k: number, filter?: SearchFilter): SearchResult {
    checkQuery(this.config, query, k);
    if (this.count === 0 || k === 0) return { ids: new Int32Array(0), distances: new Float32Array(0) };
    const q = this.config.metric === 'cosine' ? normalizeRows(query, query.length) : query;
    const querySimilarityScale = this.score(q);
    const scores = new Float32Array(this.kernels.memory.buffer, this.layout.scoresAt, this.count);
    const top = new TopK(Math.min(k, this.count));
    for (let i = 0; i < this.count; i++) {
      const s = scores[i]!;
      if (s <= top.threshold) continue;
      if (filter && !filter(this.ids[i]!)) continue;
      top.push(s, i);
    }
    const best = top.sorted();
    return {
      ids: best.ids.map((row) => this.ids[row]!),
      distances: best.scores.map((s) => 1 - s * querySimilarityScale),
    };
  }

  setEf(): void {
    // Exact search has no breadth to tune.
  }

  save(): Uint8Array {
    const n = this.count;
    const scalesBytes = this.i8 ? n * 4 : 0;
    const out = new Uint8Array(n * 4 + scalesBytes + n * this.rowBytes);
    out.set(new Uint8Array(this.ids.buffer, 0, n * 4), 0);
    const memory = this.bytes();
    if (this.i8) out.set(memory.subarray(this.layout.scalesAt, this.layout.scalesAt + scalesBytes), n * 4);
    out.set(memory.subarray(this.layout.rowsAt, this.layout.rowsAt + n * this.rowBytes), n * 4 + scalesBytes);
    return out;
  }

  /** Fills the scores region; returns the factor from kernel scores to similarities. */
  private score(q: Float32Array): number {
    const buffer = this.kernels.memory.buffer;
    const { rowsAt, scoresAt, scalesAt } = this.layout;
    if (!this.i8) {
      const slot = new Float32Array(buffer, 0, this.width);
      slot.set(q);
      slot.fill(0, q.length);
      this.kernels.dotF32(rowsAt, this.count, this.width, 0, scoresAt);
      return 1;
    }
    let max = 0;
    for (let j = 0; j < q.length; j++) max = Math.max(max, Math.abs(q[j]!));
    const scale = max / I16_QUERY_MAX;
    const slot = new Int16Array(buffer, 0, this.width);
    for (let j = 0; j < q.length; j++) slot[j] = scale > 0 ? Math.round(q[j]! / scale) : 0;
    slot.fill(0, q.length);
    this.kernels.dotI8(rowsAt, this.count, this.width, 0, scalesAt, scoresAt);
    return scale;
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.kernels.memory.buffer);
  }

  private layoutFor(capacity: number): Layout {
    const scoresAt = align16(this.width * 4);
    const scalesAt = scoresAt + align16(capacity * 4);
    const rowsAt = scalesAt + (this.i8 ? align16(capacity * 4) : 0);
    return { capacity, scoresAt, scalesAt, rowsAt, end: rowsAt + capacity * this.rowBytes };
  }

  private reserve(rows: number): void {
    const old = this.layout;
    if (rows <= old.capacity) return;
    const next = this.layoutFor(Math.max(rows, old.capacity * 2, 256));
    const memory = this.kernels.memory;
    if (next.end > memory.buffer.byteLength) memory.grow(Math.ceil((next.end - memory.buffer.byteLength) / PAGE));
    const bytes = this.bytes();
    // Rows first: they move furthest, and the scales' new place may overlap their old one.
    bytes.copyWithin(next.rowsAt, old.rowsAt, old.rowsAt + this.count * this.rowBytes);
    if (this.i8) bytes.copyWithin(next.scalesAt, old.scalesAt, old.scalesAt + this.count * 4);
    const ids = new Int32Array(next.capacity);
    ids.set(this.ids.subarray(0, this.count));
    this.ids = ids;
    this.layout = next;
  }
}
