/**
 * Vector recall: the pins nearest to the user's embedding, searched in an ANN
 * index (src/vector/) over the pin embeddings of another channel of the same
 * model set (iALS by default). Related pins: the pins nearest to the pin's
 * own vector. The source channel is fitted first (`dependsOn`); after `load`,
 * `attach` hands it over again, since user vectors come from it at query time.
 */
import { Type, type Static } from 'typebox';
import { createVectorIndex, loadVectorIndex } from '../vector/create.js';
import type { IndexKind, SearchFilter, VectorIndex, VectorIndexConfig } from '../vector/index.js';
import type { Interactions } from './interactions.js';
import {
  isEmbeddingModel,
  type ChannelCandidate,
  type EmbeddingModel,
  type FitOptions,
  type RecallChannel,
  type RecallContext,
} from './types.js';

export const VectorOptions = Type.Object(
  {
    source: Type.String({
      minLength: 1,
      description: 'The embedding channel of the same model set whose pin and user vectors are searched; it is fitted first.',
    }),
    index: Type.Enum(['exact', 'usearch', 'hnswlib'], {
      description: 'exact: every pin scored (SIMD); usearch, hnswlib: HNSW graphs, approximate. See docs/recall/vector.md.',
    }),
    quantization: Type.Enum(['f32', 'i8'], { description: 'i8 stores a quarter of the bytes per vector (exact and usearch).' }),
    metric: Type.Enum(['ip', 'cosine'], { description: 'ip ranks as the source model scores; cosine ignores vector norms.' }),
    M: Type.Integer({ minimum: 2, maximum: 128, description: 'HNSW: links per node.' }),
    efConstruction: Type.Integer({ minimum: 1, description: 'HNSW: candidate list size while building.' }),
    ef: Type.Integer({ minimum: 1, description: 'HNSW: candidate list size while searching (recall against speed).' }),
  },
  { additionalProperties: false },
);
export type VectorOptions = Static<typeof VectorOptions>;
export const VECTOR_DEFAULTS: VectorOptions = {
  source: 'ials',
  index: 'exact',
  quantization: 'f32',
  metric: 'ip',
  M: 16,
  efConstruction: 200,
  ef: 320,
};

interface VectorState {
  source: string;
  pins: string[];
  index?: { kind: IndexKind; config: VectorIndexConfig; bytes: Uint8Array };
}

type Source = RecallChannel & EmbeddingModel;

export class VectorChannel implements RecallChannel {
  readonly name = 'vector';
  readonly dependsOn: readonly string[];
  private pins: string[] = [];
  private pinIndex = new Map<string, number>();
  private index: VectorIndex | undefined;
  private source: Source | undefined;
  /** The source's pin vectors (not a copy), for related pins. */
  private pinVectors: Float32Array = new Float32Array(0);

  constructor(private readonly options: VectorOptions) {
    this.dependsOn = [options.source];
  }

  fit(_data: Interactions, { fitted, onProgress }: FitOptions): void {
    const source = this.resolveSource(fitted);
    const { ids, vectors } = source.pinEmbeddings();
    const d = source.dimensions;
    if (vectors.length !== ids.length * d) {
      throw new Error(`vector: source "${this.options.source}" returned ${vectors.length} values for ${ids.length} pins of ${d} dimensions`);
    }
    const index = createVectorIndex(this.options.index, {
      dimensions: d,
      metric: this.options.metric,
      quantization: this.options.quantization,
      M: this.options.M,
      efConstruction: this.options.efConstruction,
      ef: this.options.ef,
    });
    // One add: an int8 usearch index fixes its scale from the first batch.
    index.add(Int32Array.from(ids, (_, i) => i), vectors);
    onProgress?.(ids.length, ids.length);
    this.setPins([...ids]);
    this.index = index;
    this.source = source;
    this.pinVectors = vectors;
  }

  /** Binds a loaded channel to its source channel, loaded from the same model set. */
  attach(fitted: ReadonlyMap<string, RecallChannel>): void {
    const source = this.resolveSource(fitted);
    const { ids, vectors } = source.pinEmbeddings();
    if (ids.length !== this.pins.length || ids.some((id, i) => id !== this.pins[i])) {
      throw new Error(`vector: the index is stale, its pins differ from those of source "${this.options.source}"; train the model set again`);
    }
    this.source = source;
    this.pinVectors = vectors;
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const source = this.requireSource();
    const query = source.userEmbedding(context);
    if (!query || n <= 0) return [];
    // Pins the user already engaged with are not recalled, like excluded ones.
    const excluded = new Set<number>();
    for (const pinId of context.exclude) this.addRow(excluded, pinId);
    for (const h of context.history) this.addRow(excluded, h.pinId);
    return this.nearest(query, n, excluded.size > 0 ? (id) => !excluded.has(id) : undefined);
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    this.requireSource();
    const i = this.pinIndex.get(pinId);
    if (i === undefined || n <= 0) return [];
    const d = this.index!.config.dimensions;
    const found = this.nearest(this.pinVectors.subarray(i * d, (i + 1) * d), n, (id) => id !== i);
    return found.map((c) => ({ ...c, seedPinId: pinId }));
  }

  save(): VectorState {
    const state: VectorState = { source: this.options.source, pins: this.pins };
    if (this.index) state.index = { kind: this.index.kind, config: { ...this.index.config }, bytes: this.index.save() };
    return state;
  }

  load(state: unknown): void {
    const s = state as VectorState;
    if (!Array.isArray(s?.pins)) throw new Error('vector: saved state has no pin list');
    this.setPins(s.pins);
    // The saved kind and build parameters describe the bytes; the search breadth is today's option.
    this.index = s.index ? loadVectorIndex(s.index.kind, { ...s.index.config, ef: this.options.ef }, s.index.bytes) : undefined;
    this.source = undefined;
    this.pinVectors = new Float32Array(0);
  }

  private nearest(query: Float32Array, n: number, filter: SearchFilter | undefined): ChannelCandidate[] {
    const { ids, distances } = this.index!.search(query, n, filter);
    return Array.from(ids, (id, k) => ({ pinId: this.pins[id]!, score: 1 - distances[k]! }));
  }

  private addRow(rows: Set<number>, pinId: string): void {
    const row = this.pinIndex.get(pinId);
    if (row !== undefined) rows.add(row);
  }

  private resolveSource(fitted: ReadonlyMap<string, RecallChannel> | undefined): Source {
    const name = this.options.source;
    const channel = fitted?.get(name);
    if (!channel) {
      throw new Error(
        `vector: source channel "${name}" is not fitted in this model set; train "${name}" before "vector", or set training.channels.vector.source`,
      );
    }
    if (!isEmbeddingModel(channel)) {
      throw new Error(`vector: source channel "${name}" is not an embedding model (it has no pin embeddings); choose one that is, such as ials`);
    }
    return channel;
  }

  private requireSource(): Source {
    if (!this.index) throw new Error('vector: not fitted');
    if (!this.source) {
      throw new Error(`vector: not attached to its source channel "${this.options.source}"; after load(), call attach() with the model set's channels`);
    }
    return this.source;
  }

  private setPins(pins: string[]): void {
    this.pins = pins;
    this.pinIndex = new Map(pins.map((p, i) => [p, i]));
  }
}
