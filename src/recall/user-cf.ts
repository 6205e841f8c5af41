/**
 * User-based collaborative filtering: the K users most similar to the query
 * user (cosine or Jaccard over their pins, with shrinkage and IDF/BM25
 * weighting of pins), then each neighbour's pins voted by its similarity.
 *
 * Neighbours are found at recall time, not precomputed: all user-user pairs
 * are quadratic in users, the neighbours would go stale as users engage, and
 * a user known only from `context.history` (not in training) needs a search
 * anyway. The search reads the pin -> users index, touching only users who
 * share a pin with the query, at most `maxItemUsers` (the most recent) per
 * pin; its cost is bounded by maxHistory * maxItemUsers.
 */
import { Type, type Static } from 'typebox';
import { columnIndex, interactionValue, InteractionValue, positiveMatrix } from './cf/matrix.js';
import { selectTop } from './cf/top-k.js';
import { UserSearch, UserSimilarity, type UserIndex } from './cf/user-neighbours.js';
import { averageLength, bm25, documentLengths, inverseFrequencies, Weighting, weighValues } from './cf/weighting.js';
import type { Interactions } from './interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from './types.js';

export const UserCfOptions = Type.Object(
  {
    similarity: UserSimilarity,
    neighbours: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Similar users whose pins are voted (K).' }),
    shrinkage: Type.Number({ minimum: 0, description: 'Shrinks similarities backed by few shared pins: sim * c / (c + shrinkage).' }),
    weighting: Weighting,
    bm25K1: Type.Number({ exclusiveMinimum: 0, description: 'BM25 saturation: larger values let big interaction values count more.' }),
    bm25B: Type.Number({ minimum: 0, maximum: 1, description: 'BM25 length normalisation: 0 none, 1 full (heavy users damped most).' }),
    value: InteractionValue,
    voteExponent: Type.Number({
      minimum: 0,
      description: "A neighbour votes with similarity ^ this: above 1 the closest neighbours count more (Aiolli's locality).",
    }),
    maxUserItems: Type.Integer({ minimum: 1, description: 'Training users keep only their most recent engaged pins.' }),
    maxItemUsers: Type.Integer({ minimum: 1, description: "At recall, each of the user's pins reaches at most this many of its most recent users." }),
    maxHistory: Type.Integer({ minimum: 1, description: "The user's most recent engaged pins that describe them at recall." }),
  },
  { additionalProperties: false },
);
export type UserCfOptions = Static<typeof UserCfOptions>;
export const USER_CF_DEFAULTS: UserCfOptions = {
  similarity: 'cosine',
  neighbours: 100,
  shrinkage: 10,
  weighting: 'none',
  bm25K1: 1.2,
  bm25B: 0.75,
  value: 'binary',
  voteExponent: 1,
  maxUserItems: 5000,
  maxItemUsers: 1000,
  maxHistory: 500,
};

interface UserCfState {
  users: string[];
  pins: string[];
  /** Users x pins: interaction values (votes) and similarity weights. */
  userPtr: Int32Array;
  userItems: Int32Array;
  userValues: Float32Array;
  userWeights: Float32Array;
  /** Pins x users, most recent first, with the similarity weights. */
  itemPtr: Int32Array;
  itemUsers: Int32Array;
  itemWeights: Float32Array;
  /** Per pin IDF and the mean user length, to weigh a query user like the training ones. */
  idf: Float32Array;
  averageLength: number;
}

export class UserCfChannel implements RecallChannel {
  readonly name = 'user-cf';
  private state: UserCfState = emptyState();
  private userIndex = new Map<string, number>();
  private pinIndex = new Map<string, number>();
  private index: UserIndex = searchIndex(this.state);
  private scratch: Scratch | undefined;

  constructor(private readonly options: UserCfOptions) {}

  fit(data: Interactions, { onProgress }: FitOptions): void {
    const { byUser, lastTime } = positiveMatrix(data, this.options.value, this.options.maxUserItems);
    const userWeights = weighValues(byUser, 'items', this.options);
    const cols = columnIndex(byUser);
    const itemUsers = new Int32Array(cols.rows.length);
    const itemWeights = new Float32Array(cols.rows.length);
    const order: number[] = [];
    for (let i = 0; i < byUser.cols; i++) {
      const start = cols.indptr[i]!;
      order.length = 0;
      for (let c = start; c < cols.indptr[i + 1]!; c++) order.push(c);
      order.sort((a, b) => lastTime[cols.pos[b]!]! - lastTime[cols.pos[a]!]! || a - b);
      for (let t = 0; t < order.length; t++) {
        itemUsers[start + t] = cols.rows[order[t]!]!;
        itemWeights[start + t] = userWeights[cols.pos[order[t]!]!]!;
      }
      if (onProgress && (i % 1000 === 999 || i === byUser.cols - 1)) onProgress(i + 1, byUser.cols);
    }
    this.setState({
      users: [...data.users.toArray()],
      pins: [...data.items.toArray()],
      userPtr: byUser.indptr,
      userItems: byUser.indices,
      userValues: byUser.values,
      userWeights,
      itemPtr: cols.indptr,
      itemUsers,
      itemWeights,
      idf: Float32Array.from(inverseFrequencies(byUser, 'items')),
      averageLength: averageLength(documentLengths(byUser, 'items')),
    });
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const st = this.state;
    const s = (this.scratch ??= new Scratch(st.users.length, st.pins.length));
    for (const h of context.history) {
      const i = this.pinIndex.get(h.pinId);
      if (i !== undefined) s.blocked[i] = 1;
    }
    const count = this.query(context, s);
    const self = this.userIndex.get(context.userId) ?? -1;
    const found = s.search.search(this.index, { items: s.queryItems, weights: s.queryWeights, count, self }, this.options);
    let nTouched = 0;
    for (let t = 0; t < found; t++) {
      const v = s.search.ids[t]!;
      const vote = s.search.sims[t]! ** this.options.voteExponent;
      // A vote that underflows to 0 would leave score 0, which marks an untouched pin.
      if (!(vote > 0)) continue;
      for (let k = st.userPtr[v]!; k < st.userPtr[v + 1]!; k++) {
        const j = st.userItems[k]!;
        if (s.blocked[j]) continue;
        if (s.score[j] === 0) s.touched[nTouched++] = j;
        s.score[j]! += vote * st.userValues[k]!;
      }
    }
    let kept = 0;
    for (let t = 0; t < nTouched; t++) {
      const j = s.touched[t]!;
      if (!context.exclude.has(st.pins[j]!)) s.candidates[kept++] = j;
    }
    const size = selectTop(s.candidates, kept, s.score, n, s.topIds, s.topScores);
    const out: ChannelCandidate[] = [];
    for (let t = 0; t < size; t++) out.push({ pinId: st.pins[s.topIds[t]!]!, score: s.topScores[t]! });
    for (let t = 0; t < nTouched; t++) s.score[s.touched[t]!] = 0;
    for (const h of context.history) {
      const i = this.pinIndex.get(h.pinId);
      if (i !== undefined) s.blocked[i] = 0;
    }
    return out;
  }

  /** The query user's weighted pin vector from their history (most recent first), into the scratch; returns its size. */
  private query(context: RecallContext, s: Scratch): number {
    const st = this.state;
    const { value, weighting, maxHistory } = this.options;
    let count = 0;
    let length = 0;
    for (const h of context.history) {
      if (count >= maxHistory) break;
      if (!(h.weight > 0)) continue;
      const i = this.pinIndex.get(h.pinId);
      if (i === undefined) continue;
      s.queryItems[count] = i;
      s.queryWeights[count] = interactionValue(h.weight, value);
      length += s.queryWeights[count]!;
      count++;
    }
    if (weighting === 'none') return count;
    for (let q = 0; q < count; q++) {
      const idf = st.idf[s.queryItems[q]!]!;
      const v = s.queryWeights[q]!;
      s.queryWeights[q] = weighting === 'idf' ? v * idf : bm25(v, length, st.averageLength, idf, this.options);
    }
    return count;
  }

  save(): UserCfState {
    return this.state;
  }

  load(state: unknown): void {
    this.setState(state as UserCfState);
  }

  private setState(st: UserCfState): void {
    this.state = st;
    this.userIndex = new Map(st.users.map((u, i) => [u, i]));
    this.pinIndex = new Map(st.pins.map((p, i) => [p, i]));
    this.index = searchIndex(st);
    this.scratch = undefined;
  }
}

/** The search's view of the state, with each user's norm and total weight. */
function searchIndex(st: UserCfState): UserIndex {
  const norms = new Float64Array(st.users.length);
  const totals = new Float64Array(st.users.length);
  for (let u = 0; u < st.users.length; u++) {
    for (let k = st.userPtr[u]!; k < st.userPtr[u + 1]!; k++) {
      const w = st.userWeights[k]!;
      norms[u]! += w * w;
      totals[u]! += w;
    }
    norms[u] = Math.sqrt(norms[u]!);
  }
  return { itemPtr: st.itemPtr, itemUsers: st.itemUsers, itemWeights: st.itemWeights, norms, totals };
}

function emptyState(): UserCfState {
  return {
    users: [],
    pins: [],
    userPtr: new Int32Array(1),
    userItems: new Int32Array(0),
    userValues: new Float32Array(0),
    userWeights: new Float32Array(0),
    itemPtr: new Int32Array(1),
    itemUsers: new Int32Array(0),
    itemWeights: new Float32Array(0),
    idf: new Float32Array(0),
    averageLength: 1,
  };
}

/** Dense buffers reused across recall calls (recall is synchronous), cleared after each. */
class Scratch {
  readonly search: UserSearch;
  readonly queryItems: Int32Array;
  readonly queryWeights: Float64Array;
  readonly score: Float64Array;
  readonly blocked: Uint8Array;
  readonly touched: Int32Array;
  readonly candidates: Int32Array;
  readonly topIds: Int32Array;
  readonly topScores: Float64Array;

  constructor(users: number, pins: number) {
    this.search = new UserSearch(users);
    this.queryItems = new Int32Array(pins);
    this.queryWeights = new Float64Array(pins);
    this.score = new Float64Array(pins);
    this.blocked = new Uint8Array(pins);
    this.touched = new Int32Array(pins);
    this.candidates = new Int32Array(pins);
    this.topIds = new Int32Array(pins);
    this.topScores = new Float64Array(pins);
  }
}
