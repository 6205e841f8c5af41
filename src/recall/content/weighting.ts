/**
 * Term weights. TF-IDF uses the smoothed IDF ln((1 + N) / (1 + df)) + 1
 * (never zero, so a term in every document still counts a little) and
 * optionally a sublinear term frequency ln(1 + tf). BM25 uses the Lucene IDF
 * ln(1 + (N - df + 0.5) / (df + 0.5)), which stays positive, and saturates
 * the term frequency with k1, normalising by document length with b.
 */

export type WeightingScheme = 'tfidf' | 'bm25';

export interface WeightingParams {
  scheme: WeightingScheme;
  k1: number;
  b: number;
  sublinearTf: boolean;
}

export function inverseDocumentFrequency(scheme: WeightingScheme, df: number, documents: number): number {
  return scheme === 'tfidf' ? Math.log((1 + documents) / (1 + df)) + 1 : Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/** The weight of a term occurring `tf` times (field-weighted) in a document of `length` terms. */
export function termWeight(params: WeightingParams, tf: number, idf: number, length: number, averageLength: number): number {
  if (params.scheme === 'tfidf') return (params.sublinearTf ? Math.log1p(tf) : tf) * idf;
  const { k1, b } = params;
  const norm = averageLength > 0 ? 1 - b + (b * length) / averageLength : 1;
  return (idf * tf * (k1 + 1)) / (tf + k1 * norm);
}
