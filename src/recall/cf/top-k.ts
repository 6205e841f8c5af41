/**
 * Bounded top-K selection on typed arrays: min-heaps whose root is the worst
 * kept entry, so most offers are rejected with one comparison. Ties go to the
 * lower id, which keeps every result deterministic.
 */

/** True when (s1, id1) ranks below (s2, id2). */
const worse = (s1: number, id1: number, s2: number, id2: number): boolean => s1 < s2 || (s1 === s2 && id1 > id2);

function siftDown(ids: Int32Array, scores: Float64Array, base: number, size: number, at: number): void {
  const id = ids[base + at]!;
  const s = scores[base + at]!;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && worse(scores[base + right]!, ids[base + right]!, scores[base + child]!, ids[base + child]!)) child = right;
    if (!worse(scores[base + child]!, ids[base + child]!, s, id)) break;
    ids[base + at] = ids[base + child]!;
    scores[base + at] = scores[base + child]!;
    at = child;
  }
  ids[base + at] = id;
  scores[base + at] = s;
}

function siftUp(ids: Int32Array, scores: Float64Array, base: number, at: number): void {
  const id = ids[base + at]!;
  const s = scores[base + at]!;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(s, id, scores[base + parent]!, ids[base + parent]!)) break;
    ids[base + at] = ids[base + parent]!;
    scores[base + at] = scores[base + parent]!;
    at = parent;
  }
  ids[base + at] = id;
  scores[base + at] = s;
}

/** Offers (id, score) to the heap at `base` holding `size` of `capacity`; returns the new size. */
function offer(ids: Int32Array, scores: Float64Array, base: number, size: number, capacity: number, id: number, score: number): number {
  if (size < capacity) {
    ids[base + size] = id;
    scores[base + size] = score;
    siftUp(ids, scores, base, size);
    return size + 1;
  }
  if (!worse(scores[base]!, ids[base]!, score, id)) return size;
  ids[base] = id;
  scores[base] = score;
  siftDown(ids, scores, base, size, 0);
  return size;
}

/** Empties the heap into ids/scores[base..base+size) best first; returns size. */
function drainSorted(ids: Int32Array, scores: Float64Array, base: number, size: number): number {
  for (let n = size; n > 1; n--) {
    const last = base + n - 1;
    const id = ids[base]!;
    const s = scores[base]!;
    ids[base] = ids[last]!;
    scores[base] = scores[last]!;
    siftDown(ids, scores, base, n - 1, 0);
    ids[last] = id;
    scores[last] = s;
  }
  return size;
}

/** One bounded heap per row: the K best (id, score) of each row, e.g. each item's neighbours. */
export class TopKRows {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private readonly sizes: Int32Array;
  /** Each full row's worst kept score (-Infinity until full): most offers stop here, without touching the heap's memory. */
  private readonly floor: Float64Array;

  constructor(
    readonly rows: number,
    readonly k: number,
  ) {
    this.ids = new Int32Array(rows * k);
    this.scores = new Float64Array(rows * k);
    this.sizes = new Int32Array(rows);
    this.floor = new Float64Array(rows).fill(-Infinity);
  }

  offer(row: number, id: number, score: number): void {
    if (score < this.floor[row]!) return;
    const base = row * this.k;
    const size = offer(this.ids, this.scores, base, this.sizes[row]!, this.k, id, score);
    this.sizes[row] = size;
    if (size === this.k) this.floor[row] = this.scores[base]!;
  }

  /** Every row's entries best first, as CSR. The heaps are consumed. */
  toCsr(): { indptr: Int32Array; indices: Int32Array; scores: Float32Array } {
    const indptr = new Int32Array(this.rows + 1);
    for (let r = 0; r < this.rows; r++) indptr[r + 1] = indptr[r]! + this.sizes[r]!;
    const indices = new Int32Array(indptr[this.rows]!);
    const scores = new Float32Array(indptr[this.rows]!);
    for (let r = 0; r < this.rows; r++) {
      const base = r * this.k;
      const size = drainSorted(this.ids, this.scores, base, this.sizes[r]!);
      indices.set(this.ids.subarray(base, base + size), indptr[r]!);
      for (let t = 0; t < size; t++) scores[indptr[r]! + t] = this.scores[base + t]!;
    }
    return { indptr, indices, scores };
  }
}

/**
 * The best `n` of `count` candidate ids by `scoreOf[id]`, best first.
 * `scratchIds`/`scratchScores` must hold at least min(n, count) entries.
 */
export function selectTop(
  candidates: Int32Array,
  count: number,
  scoreOf: Float64Array,
  n: number,
  scratchIds: Int32Array,
  scratchScores: Float64Array,
): number {
  const capacity = Math.min(n, count);
  let size = 0;
  for (let t = 0; t < count; t++) {
    const id = candidates[t]!;
    size = offer(scratchIds, scratchScores, 0, size, capacity, id, scoreOf[id]!);
  }
  return drainSorted(scratchIds, scratchScores, 0, size);
}
