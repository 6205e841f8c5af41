/**
 * Pins and text to unit-length term vectors: field-weighted term counts
 * (a tag counts `tags` times, a title word `title` times ...), then TF-IDF or
 * BM25 weights against the vocabulary and document frequencies learnt from
 * the catalogue at fit time. Text seen later reuses them: unknown terms are
 * dropped, IDF stays as trained.
 */
import type { Pin } from '../../domain/types.js';
import { tokenize } from '../../search/text.js';
import { unitVector, type SparseVector } from './sparse-vector.js';
import { inverseDocumentFrequency, termWeight, type WeightingParams } from './weighting.js';

export interface FieldWeights {
  title: number;
  description: number;
  tags: number;
}

export interface VectorizerParams extends WeightingParams {
  fields: FieldWeights;
  stem: boolean;
  /** Terms in fewer documents are left out of the vocabulary. */
  minDf: number;
  /** Terms in a larger share of the documents are left out (they say nothing about topic). */
  maxDfRatio: number;
}

/** Field-weighted term counts, and the document's length (the sum of the counts, unknown terms included). */
export interface TermBag {
  counts: Map<string, number>;
  length: number;
}

export interface VectorizerState {
  terms: string[];
  idf: Float32Array;
  documents: number;
  averageLength: number;
}

function addText(bag: TermBag, text: string, stem: boolean, weight: number): void {
  if (weight <= 0) return;
  for (const term of tokenize(text, { stem })) {
    bag.counts.set(term, (bag.counts.get(term) ?? 0) + weight);
    bag.length += weight;
  }
}

export function textBag(text: string, stem: boolean): TermBag {
  const bag: TermBag = { counts: new Map(), length: 0 };
  addText(bag, text, stem, 1);
  return bag;
}

export function pinBag(pin: Pick<Pin, 'title' | 'description' | 'tags'>, fields: FieldWeights, stem: boolean): TermBag {
  const bag: TermBag = { counts: new Map(), length: 0 };
  addText(bag, pin.title, stem, fields.title);
  addText(bag, pin.description, stem, fields.description);
  for (const tag of pin.tags) addText(bag, tag, stem, fields.tags);
  return bag;
}

export class Vectorizer {
  private readonly termIds: Map<string, number>;

  constructor(
    readonly params: VectorizerParams,
    readonly state: VectorizerState,
  ) {
    this.termIds = new Map(state.terms.map((t, i) => [t, i]));
  }

  /** Learns the vocabulary and document frequencies of `bags` (one per catalogue document). */
  static fit(bags: readonly TermBag[], params: VectorizerParams): Vectorizer {
    const df = new Map<string, number>();
    let totalLength = 0;
    for (const bag of bags) {
      totalLength += bag.length;
      for (const term of bag.counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    }
    const documents = bags.length;
    const terms: string[] = [];
    const idf: number[] = [];
    for (const [term, n] of df) {
      if (n < params.minDf || n > params.maxDfRatio * documents) continue;
      terms.push(term);
      idf.push(inverseDocumentFrequency(params.scheme, n, documents));
    }
    return new Vectorizer(params, {
      terms,
      idf: Float32Array.from(idf),
      documents,
      averageLength: documents > 0 ? totalLength / documents : 0,
    });
  }

  get vocabularySize(): number {
    return this.state.terms.length;
  }

  term(id: number): string {
    return this.state.terms[id]!;
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** The bag's unit-length weight vector over the trained vocabulary. */
  vectorize(bag: TermBag): SparseVector {
    const weights = new Map<number, number>();
    for (const [term, tf] of bag.counts) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      weights.set(id, termWeight(this.params, tf, this.state.idf[id]!, bag.length, this.state.averageLength));
    }
    return unitVector(weights);
  }
}
