/** The k largest scores seen, in a binary min-heap over typed arrays (no per-item objects). */
export class TopK {
  private readonly scores: Float32Array;
  private readonly ids: Int32Array;
  private count = 0;

  constructor(readonly k: number) {
    this.scores = new Float32Array(k);
    this.ids = new Int32Array(k);
  }

  get full(): boolean {
    return this.count === this.k;
  }

  /** The score a new item must beat once the heap is full. */
  get threshold(): number {
    return this.count === this.k ? this.scores[0]! : -Infinity;
  }

  push(score: number, id: number): void {
    if (this.k === 0) return;
    if (this.count < this.k) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.scores[i] = this.scores[parent]!;
        this.ids[i] = this.ids[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.ids[i] = id;
      return;
    }
    if (score <= this.scores[0]!) return;
    // Replace the minimum and sift down.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.k) break;
      const right = left + 1;
      const child = right < this.k && this.scores[right]! < this.scores[left]! ? right : left;
      if (this.scores[child]! >= score) break;
      this.scores[i] = this.scores[child]!;
      this.ids[i] = this.ids[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  /** Everything kept, best first. */
  sorted(): { ids: Int32Array; scores: Float32Array } {
    const order = Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.scores[b]! - this.scores[a]!);
    return {
      ids: Int32Array.from(order, (i) => this.ids[i]!),
      scores: Float32Array.from(order, (i) => this.scores[i]!),
    };
  }
}
