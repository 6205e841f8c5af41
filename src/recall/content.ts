/**
 * Content: recall by text. Every catalogue pin becomes a unit TF-IDF or BM25
 * vector of its title, description and tags (tags weighted up); a user's
 * profile is the recency-decayed, engagement-weighted sum of the vectors of
 * the pins they engaged with, and recall is the pins nearest to it by cosine,
 * found through an inverted index. Interactions play no part in a pin's
 * vector, so a pin nobody has touched yet is recalled as soon as it is in the
 * catalogue (or added with addPin after training).
 */
import { Type, type Static } from 'typebox';
import type { Pin } from '../domain/types.js';
import { buildProfile } from './content/profile.js';
import { dot, heaviest, type SparseVector } from './content/sparse-vector.js';
import { VectorIndex, type Hit, type VectorRows } from './content/vector-index.js';
import { pinBag, textBag, Vectorizer, type VectorizerParams, type VectorizerState } from './content/vectorizer.js';
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const ContentOptions = Type.Object(
  {
    weighting: Type.Enum(['tfidf', 'bm25'], { description: 'Term weighting: TF-IDF (smoothed IDF) or BM25.' }),
    k1: Type.Number({ minimum: 0, description: 'BM25 term-frequency saturation.' }),
    b: Type.Number({ minimum: 0, maximum: 1, description: 'BM25 document-length normalisation.' }),
    sublinearTf: Type.Boolean({ description: 'TF-IDF counts ln(1 + tf) instead of tf.' }),
    titleWeight: Type.Number({ minimum: 0, description: 'Each title word counts this many times.' }),
    descriptionWeight: Type.Number({ minimum: 0, description: 'Each description word counts this many times.' }),
    tagsWeight: Type.Number({ minimum: 0, description: 'Each tag word counts this many times.' }),
    stem: Type.Boolean({ description: 'Reduce plurals to the singular (S-stemmer).' }),
    minDf: Type.Integer({ minimum: 1, description: 'Terms in fewer catalogue pins are ignored.' }),
    maxDfRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Terms in a larger share of the catalogue are ignored.' }),
    queryTerms: Type.Integer({ minimum: 1, description: 'The heaviest terms of a profile (or pin) that query the index.' }),
    maxHistory: Type.Integer({ minimum: 1, description: "The user's most recent engaged pins in the profile." }),
    halfLifeHours: Type.Number({ exclusiveMinimum: 0, description: "An engagement's weight in the profile halves every this many hours." }),
  },
  { additionalProperties: false },
);
export type ContentOptions = Static<typeof ContentOptions>;
export const CONTENT_DEFAULTS: ContentOptions = {
  weighting: 'bm25',
  k1: 1.2,
  b: 0.75,
  sublinearTf: true,
  titleWeight: 2,
  descriptionWeight: 1,
  tagsWeight: 3,
  stem: true,
  minDf: 2,
  maxDfRatio: 0.5,
  queryTerms: 64,
  maxHistory: 50,
  halfLifeHours: 24 * 14,
};

interface ContentState {
  format: 'tessera-content';
  version: 1;
  params: VectorizerParams;
  vectorizer: VectorizerState;
  pins: string[];
  rows: VectorRows;
}

export class ContentChannel implements RecallChannel {
  readonly name = 'content';
  private vectorizer: Vectorizer | undefined;
  private index: VectorIndex | undefined;

  constructor(private readonly options: ContentOptions) {}

  fit(_data: Interactions, { catalog, onProgress }: FitOptions): void {
    if (!catalog) throw new Error('the content channel reads pin text: fit it with FitOptions.catalog');
    const pins = [...new Map(catalog.map((p) => [p.id, p])).values()];
    const params = this.params();
    const bags = pins.map((pin, i) => {
      if (onProgress && (i % 5000 === 4999 || i === pins.length - 1)) onProgress(i + 1, 2 * pins.length);
      return pinBag(pin, params.fields, params.stem);
    });
    const vectorizer = Vectorizer.fit(bags, params);
    const indptr = new Int32Array(pins.length + 1);
    const terms: Int32Array[] = [];
    const weights: Float32Array[] = [];
    bags.forEach((bag, i) => {
      const v = vectorizer.vectorize(bag);
      terms.push(v.terms);
      weights.push(v.weights);
      indptr[i + 1] = indptr[i]! + v.terms.length;
      if (onProgress && (i % 5000 === 4999 || i === pins.length - 1)) onProgress(pins.length + i + 1, 2 * pins.length);
    });
    const rows: VectorRows = { indptr, terms: concat(terms, Int32Array), weights: concat(weights, Float32Array) };
    this.setState(vectorizer, pins.map((p) => p.id), rows);
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const index = this.index;
    if (!index || n <= 0) return [];
    const profile = buildProfile(context.history, context.now, this.options, index);
    if (profile.seeds.length === 0) return [];
    const history = new Set<number>();
    for (const h of context.history) {
      const row = index.row(h.pinId);
      if (row !== undefined) history.add(row);
    }
    const hits = index.search(profile.query, n, (row) => history.has(row) || context.exclude.has(index.id(row)));
    return hits.map((hit) => ({ pinId: index.id(hit.row), score: hit.score, seedPinId: this.strongestSeed(hit, profile.seeds) }));
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const index = this.index;
    const row = index?.row(pinId);
    if (!index || row === undefined) return [];
    return this.nearest(index.vector(row), n, row).map((c) => ({ ...c, seedPinId: pinId }));
  }

  /** Pins nearest to free text (a query, or the text of a pin not in the catalogue), by cosine. */
  similarToText(text: string, n: number): ChannelCandidate[] {
    return this.nearest(this.vectorizeText(text), n, -1);
  }

  /** The text's unit vector over the trained vocabulary and IDF (unknown words are dropped). */
  vectorizeText(text: string): SparseVector {
    const vectorizer = this.fitted().vectorizer;
    return vectorizer.vectorize(textBag(text, vectorizer.params.stem));
  }

  /** The pin's vector as training would make it (field weights included), without indexing it. */
  vectorizePin(pin: Pick<Pin, 'title' | 'description' | 'tags'>): SparseVector {
    const vectorizer = this.fitted().vectorizer;
    return vectorizer.vectorize(pinBag(pin, vectorizer.params.fields, vectorizer.params.stem));
  }

  /** Indexes a pin added (or edited) after training: it is recallable at once, under the trained vocabulary. */
  addPin(pin: Pin): void {
    this.fitted().index.put(pin.id, this.vectorizePin(pin));
  }

  /** The pin's vector as the index holds it, with terms spelt out (for explanations and debugging). */
  pinTerms(pinId: string): { term: string; weight: number }[] {
    const { vectorizer, index } = this.fitted();
    const row = index.row(pinId);
    if (row === undefined) return [];
    const v = index.vector(row);
    return Array.from(v.terms, (t, k) => ({ term: vectorizer.term(t), weight: v.weights[k]! })).sort((a, b) => b.weight - a.weight);
  }

  save(): ContentState {
    const { vectorizer, index } = this.fitted();
    return { format: 'tessera-content', version: 1, params: vectorizer.params, vectorizer: vectorizer.state, pins: [...index.pinIds], rows: index.toRows() };
  }

  load(state: unknown): void {
    const s = state as Partial<ContentState> | null;
    if (s?.format !== 'tessera-content' || s.version !== 1 || !s.params || !s.vectorizer || !s.pins || !s.rows) {
      throw new Error('not a saved content channel (format tessera-content, version 1)');
    }
    this.setState(new Vectorizer(s.params, s.vectorizer), s.pins, s.rows);
  }

  private nearest(vector: SparseVector, n: number, self: number): ChannelCandidate[] {
    const index = this.index;
    if (!index || n <= 0) return [];
    const hits = index.search(heaviest(vector, this.options.queryTerms), n, (row) => row === self);
    return hits.map((hit) => ({ pinId: index.id(hit.row), score: hit.score }));
  }

  /** The engaged pin that contributes most to the hit's score, for the explanation. */
  private strongestSeed(hit: Hit, seeds: readonly { row: number; pinId: string; weight: number }[]): string | undefined {
    const index = this.index!;
    const target = index.vector(hit.row);
    let best: string | undefined;
    let bestScore = 0;
    for (const s of seeds) {
      const score = s.weight * dot(index.vector(s.row), target);
      if (score > bestScore) {
        bestScore = score;
        best = s.pinId;
      }
    }
    return best;
  }

  private params(): VectorizerParams {
    const o = this.options;
    return {
      scheme: o.weighting,
      k1: o.k1,
      b: o.b,
      sublinearTf: o.sublinearTf,
      fields: { title: o.titleWeight, description: o.descriptionWeight, tags: o.tagsWeight },
      stem: o.stem,
      minDf: o.minDf,
      maxDfRatio: o.maxDfRatio,
    };
  }

  private fitted(): { vectorizer: Vectorizer; index: VectorIndex } {
    if (!this.vectorizer || !this.index) throw new Error('the content channel is not fitted (call fit or load first)');
    return { vectorizer: this.vectorizer, index: this.index };
  }

  private setState(vectorizer: Vectorizer, pins: string[], rows: VectorRows): void {
    this.vectorizer = vectorizer;
    this.index = new VectorIndex([...pins], rows, vectorizer.vocabularySize);
  }
}

function concat<T extends Int32Array | Float32Array>(parts: readonly T[], Ctor: new (length: number) => T): T {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Ctor(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
