/**
 * Nearest-neighbour search over pin vectors by inner product (or cosine):
 * one small interface, three implementations (exact.ts, usearch.ts,
 * hnswlib.ts) chosen by `kind`. docs/recall/vector.md has the benchmark that
 * picks between them.
 */

export type IndexKind = 'exact' | 'usearch' | 'hnswlib';
/** `ip`: inner product; `cosine`: inner product of the L2-normalised vectors. */
export type Metric = 'ip' | 'cosine';
/** How vectors are stored: 4 bytes per dimension, or 1 byte plus a scale per vector. */
export type Quantization = 'f32' | 'i8';

export interface VectorIndexConfig {
  dimensions: number;
  metric: Metric;
  quantization: Quantization;
  /** HNSW: links per node (exact search ignores it). */
  M: number;
  /** HNSW: candidate list size while building. */
  efConstruction: number;
  /** HNSW: candidate list size while searching; larger finds more true neighbours, slower. */
  ef: number;
}

export interface SearchResult {
  /** Best first. */
  ids: Int32Array;
  /** 1 - similarity, aligned with `ids` (approximate when the index is quantised). */
  distances: Float32Array;
}

/** Returns false for ids that must not be returned. */
export type SearchFilter = (id: number) => boolean;

export interface VectorIndex {
  readonly kind: IndexKind;
  readonly config: Readonly<VectorIndexConfig>;
  /** Vectors indexed. */
  readonly size: number;
  /** Adds row i of `vectors` (row-major, `dimensions` wide) under ids[i] (non-negative integers). */
  add(ids: Int32Array | readonly number[], vectors: Float32Array): void;
  /** Up to k ids nearest to `query`, all passing `filter` when given. */
  search(query: Float32Array, k: number, filter?: SearchFilter): SearchResult;
  /** Changes the search breadth without rebuilding. */
  setEf(ef: number): void;
  /** The index as bytes; the same kind's `load` with the same config restores it. */
  save(): Uint8Array;
}

export function checkAdd(config: VectorIndexConfig, ids: Int32Array | readonly number[], vectors: Float32Array): void {
  if (vectors.length !== ids.length * config.dimensions) {
    throw new RangeError(`${ids.length} ids need ${ids.length * config.dimensions} values (${config.dimensions} dimensions), got ${vectors.length}`);
  }
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new RangeError(`vector ids must be integers in [0, 2^31), got ${id}`);
  }
}

export function checkQuery(config: VectorIndexConfig, query: Float32Array, k: number): void {
  if (query.length !== config.dimensions) throw new RangeError(`the query has ${query.length} dimensions, the index ${config.dimensions}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
}
