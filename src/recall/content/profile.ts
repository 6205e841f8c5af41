/**
 * A user's content profile: the sum of the vectors of the pins they engaged
 * with, each weighted by the engagement and halved every `halfLifeHours`,
 * scaled to unit length and cut to its heaviest terms (the query sent to the
 * inverted index). Dislikes (weight <= 0) do not count.
 */
import type { HistoryItem } from '../types.js';
import { heaviest, unitVector, type SparseVector } from './sparse-vector.js';
import type { VectorIndex } from './vector-index.js';

export interface ProfileOptions {
  /** The most recent positive history items used. */
  maxHistory: number;
  halfLifeHours: number;
  /** Terms of the profile that query the index. */
  queryTerms: number;
}

export interface ProfileSeed {
  row: number;
  pinId: string;
  weight: number;
}

export interface Profile {
  query: SparseVector;
  seeds: ProfileSeed[];
}

export function buildProfile(history: readonly HistoryItem[], now: number, options: ProfileOptions, index: VectorIndex): Profile {
  const decayPerMs = Math.LN2 / (options.halfLifeHours * 3600_000);
  const sum = new Map<number, number>();
  const seeds: ProfileSeed[] = [];
  for (const h of history) {
    if (seeds.length >= options.maxHistory) break;
    if (h.weight <= 0) continue;
    const row = index.row(h.pinId);
    if (row === undefined) continue;
    const weight = h.weight * Math.exp(-decayPerMs * Math.max(0, now - h.timestamp));
    const v = index.vector(row);
    if (v.terms.length === 0) continue;
    seeds.push({ row, pinId: h.pinId, weight });
    for (let k = 0; k < v.terms.length; k++) sum.set(v.terms[k]!, (sum.get(v.terms[k]!) ?? 0) + weight * v.weights[k]!);
  }
  return { query: heaviest(unitVector(sum), options.queryTerms), seeds };
}
