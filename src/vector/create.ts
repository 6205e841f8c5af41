/** An index of the configured kind, new or from its saved bytes. */
import { ExactIndex } from './exact.js';
import { HnswlibIndex } from './hnswlib.js';
import type { IndexKind, VectorIndex, VectorIndexConfig } from './index.js';
import { UsearchIndex } from './usearch.js';

export function createVectorIndex(kind: IndexKind, config: VectorIndexConfig): VectorIndex {
  switch (kind) {
    case 'exact':
      return new ExactIndex(config);
    case 'usearch':
      return new UsearchIndex(config);
    case 'hnswlib':
      return new HnswlibIndex(config);
  }
}

export function loadVectorIndex(kind: IndexKind, config: VectorIndexConfig, bytes: Uint8Array): VectorIndex {
  switch (kind) {
    case 'exact':
      return ExactIndex.load(config, bytes);
    case 'usearch':
      return UsearchIndex.load(config, bytes);
    case 'hnswlib':
      return HnswlibIndex.load(config, bytes);
  }
}
