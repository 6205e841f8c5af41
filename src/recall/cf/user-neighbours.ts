/**
 * A user's nearest users, found at query time from the item -> users index:
 * only users sharing an item with the query are ever touched, and each item
 * contributes at most `maxItemUsers` of its (most recent) users, which bounds
 * the cost of popular items. Similarities over the weighted item vectors:
 * - cosine: sum ab / (|q| |v|);
 * - jaccard: sum min(a, b) / (sum q + sum v - sum min(a, b)) (weighted, i.e.
 *   |I_q ∩ I_v| / |I_q ∪ I_v| on 0/1 values);
 * then * c / (c + shrinkage), c the number of shared items. A capped popular
 * item leaves some co-engaging users out of that item's term: the price of a
 * bounded query.
 */
import { Type, type Static } from 'typebox';
import { selectTop } from './top-k.js';

export const UserSimilarity = Type.Enum(['cosine', 'jaccard'], { description: 'How two users compare over the pins they engaged with.' });
export type UserSimilarity = Static<typeof UserSimilarity>;

/** The item -> users index and per-user norms the search reads. */
export interface UserIndex {
  /** Item i's users are at [itemPtr[i], itemPtr[i + 1]), most recent first. */
  itemPtr: Int32Array;
  itemUsers: Int32Array;
  /** The users' weights for the item, aligned with itemUsers. */
  itemWeights: Float32Array;
  /** Per user: the Euclidean norm and the sum of their weights. */
  norms: Float64Array;
  totals: Float64Array;
}

export interface NeighbourQuery {
  /** The query's items and their weights (same weighting as the index). */
  items: ArrayLike<number>;
  weights: ArrayLike<number>;
  count: number;
  /** A training user to leave out (the query user themselves), or -1. */
  self: number;
}

export interface NeighbourParams {
  similarity: UserSimilarity;
  neighbours: number;
  shrinkage: number;
  maxItemUsers: number;
}

// One loop per similarity: the choice stays out of the innermost loop.
function accumulateProduct(
  users: Int32Array,
  weights: Float32Array,
  a: number,
  start: number,
  end: number,
  co: Int32Array,
  acc: Float64Array,
  touched: Int32Array,
  nTouched: number,
): number {
  for (let k = start; k < end; k++) {
    const v = users[k]!;
    if (co[v]!++ === 0) touched[nTouched++] = v;
    acc[v]! += a * weights[k]!;
  }
  return nTouched;
}

function accumulateMin(
  users: Int32Array,
  weights: Float32Array,
  a: number,
  start: number,
  end: number,
  co: Int32Array,
  acc: Float64Array,
  touched: Int32Array,
  nTouched: number,
): number {
  for (let k = start; k < end; k++) {
    const v = users[k]!;
    if (co[v]!++ === 0) touched[nTouched++] = v;
    const b = weights[k]!;
    acc[v]! += a < b ? a : b;
  }
  return nTouched;
}

/** Dense per-user buffers reused across searches; cleared after each. */
export class UserSearch {
  private readonly co: Int32Array;
  private readonly acc: Float64Array;
  private readonly sim: Float64Array;
  private readonly touched: Int32Array;
  private readonly candidates: Int32Array;
  /** The last search's neighbours (ids, similarities), best first. */
  readonly ids: Int32Array;
  readonly sims: Float64Array;

  constructor(users: number) {
    this.co = new Int32Array(users);
    this.acc = new Float64Array(users);
    this.sim = new Float64Array(users);
    this.touched = new Int32Array(users);
    this.candidates = new Int32Array(users);
    this.ids = new Int32Array(users);
    this.sims = new Float64Array(users);
  }

  /** Finds the query's neighbours into `ids`/`sims`; returns how many. */
  search(index: UserIndex, query: NeighbourQuery, params: NeighbourParams): number {
    const { co, acc, sim, touched, candidates } = this;
    const jaccard = params.similarity === 'jaccard';
    let qNorm = 0;
    let qTotal = 0;
    let nTouched = 0;
    for (let q = 0; q < query.count; q++) {
      const i = query.items[q]!;
      const a = query.weights[q]!;
      qNorm += a * a;
      qTotal += a;
      const start = index.itemPtr[i]!;
      const end = Math.min(index.itemPtr[i + 1]!, start + params.maxItemUsers);
      nTouched = jaccard
        ? accumulateMin(index.itemUsers, index.itemWeights, a, start, end, co, acc, touched, nTouched)
        : accumulateProduct(index.itemUsers, index.itemWeights, a, start, end, co, acc, touched, nTouched);
    }
    qNorm = Math.sqrt(qNorm);
    let kept = 0;
    for (let t = 0; t < nTouched; t++) {
      const v = touched[t]!;
      const c = co[v]!;
      const dot = acc[v]!;
      co[v] = 0;
      acc[v] = 0;
      if (v === query.self) continue;
      let s = jaccard ? dot / (qTotal + index.totals[v]! - dot) : dot / (qNorm * index.norms[v]!);
      if (!(s > 0)) continue;
      if (params.shrinkage > 0) s *= c / (c + params.shrinkage);
      sim[v] = s;
      candidates[kept++] = v;
    }
    return selectTop(candidates, kept, sim, params.neighbours, this.ids, this.sims);
  }
}
