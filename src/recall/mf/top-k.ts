/**
 * The n best-scoring indices of a score array, best first, by a bounded
 * min-heap (O(m log n), no per-item objects). Equal scores keep the lower
 * index first, so results do not depend on anything but the scores; NaN
 * scores and masked indices are never returned.
 */
export function topK(scores: Float32Array | Float64Array, n: number, excluded?: Uint8Array): Int32Array {
  const heap = new Int32Array(Math.max(0, Math.min(n, scores.length)));
  const k = heap.length;
  if (k === 0) return heap;
  // Heap order: heap[0] is the worst kept index; `worse(a, b)` says a ranks below b.
  const worse = (a: number, b: number): boolean => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (size: number): void => {
    let at = 0;
    const item = heap[0]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && worse(heap[child + 1]!, heap[child]!)) child++;
      if (!worse(heap[child]!, item)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  };
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (excluded !== undefined && excluded[i] !== 0) continue;
    const s = scores[i]!;
    if (s !== s) continue;
    if (size < k) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(i, heap[parent]!)) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = i;
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      siftDown(size);
    }
  }
  // Pop the worst to the back until the heap is empty: best first.
  const out = new Int32Array(size);
  for (let end = size - 1; end >= 0; end--) {
    out[end] = heap[0]!;
    heap[0] = heap[end]!;
    siftDown(end);
  }
  return out;
}
