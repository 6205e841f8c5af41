/** The n best of a score array, skipping flagged entries, with a binary min-heap on typed arrays. */

export interface TopN {
  /** Entry indices, best first. */
  indices: Int32Array;
  scores: Float32Array;
}

/** Whether (sa, ia) ranks below (sb, ib): a lower score, or the same score at a higher index. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/** Moves the entry at `at` down to its place in the min-heap of `size` entries. */
function siftDown(heapScore: Float32Array, heapIdx: Int32Array, size: number, at: number): void {
  const s = heapScore[at]!;
  const idx = heapIdx[at]!;
  for (;;) {
    const l = 2 * at + 1;
    if (l >= size) break;
    const r = l + 1;
    const child = r < size && worse(heapScore[r]!, heapIdx[r]!, heapScore[l]!, heapIdx[l]!) ? r : l;
    if (!worse(heapScore[child]!, heapIdx[child]!, s, idx)) break;
    heapScore[at] = heapScore[child]!;
    heapIdx[at] = heapIdx[child]!;
    at = child;
  }
  heapScore[at] = s;
  heapIdx[at] = idx;
}

/** Highest `scores` first (ties: lower index first), leaving out i where skip[i] is 1. */
export function topN(scores: Float32Array, n: number, skip: Uint8Array): TopN {
  const cap = Math.max(0, Math.min(n, scores.length));
  const heapIdx = new Int32Array(cap);
  const heapScore = new Float32Array(cap);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (skip[i] === 1) continue;
    const s = scores[i]!;
    if (size < cap) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(s, i, heapScore[parent]!, heapIdx[parent]!)) break;
        heapScore[at] = heapScore[parent]!;
        heapIdx[at] = heapIdx[parent]!;
        at = parent;
      }
      heapScore[at] = s;
      heapIdx[at] = i;
    } else if (cap > 0 && worse(heapScore[0]!, heapIdx[0]!, s, i)) {
      heapScore[0] = s;
      heapIdx[0] = i;
      siftDown(heapScore, heapIdx, size, 0);
    }
  }
  // Pop the worst first into the back of the output.
  const indices = new Int32Array(size);
  const out = new Float32Array(size);
  for (let k = size - 1; k >= 0; k--) {
    indices[k] = heapIdx[0]!;
    out[k] = heapScore[0]!;
    size--;
    if (size > 0) {
      heapScore[0] = heapScore[size]!;
      heapIdx[0] = heapIdx[size]!;
      siftDown(heapScore, heapIdx, size, 0);
    }
  }
  return { indices, scores: out };
}
