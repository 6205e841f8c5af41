/** The best `n` of many scored candidates with a bounded min-heap: O(m log n), no sort of all m. */

/**
 * The `n` candidates with the highest scores, best first; equal scores keep
 * the lower index first, so results do not depend on visiting order.
 */
export function topK(candidates: ArrayLike<number>, count: number, scores: ArrayLike<number>, n: number): number[] {
  if (n <= 0) return [];
  const heap: number[] = [];
  // a is "worse" than b: lower score, or equal score and higher index.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let m = at;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === at) return;
      [heap[at], heap[m]] = [heap[m]!, heap[at]!];
      at = m;
    }
  };
  for (let k = 0; k < count; k++) {
    const c = candidates[k]!;
    if (heap.length < n) {
      heap.push(c);
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (worse(heap[0]!, c)) {
      heap[0] = c;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
