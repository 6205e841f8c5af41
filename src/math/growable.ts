/** A Float32Array that grows by doubling, for rows appended one at a time. */
export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float32Array(Math.max(1, initialCapacity));
  }

  /** Appends `values` (or `width` NaNs) and returns the offset they start at. */
  push(values: ArrayLike<number>): number {
    this.reserve(values.length);
    const at = this.length;
    this.data.set(values, at);
    this.length += values.length;
    return at;
  }

  set(index: number, value: number): void {
    if (index >= this.length) throw new RangeError(`index ${index} is past the end (${this.length})`);
    this.data[index] = value;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  /** The values so far, as a view (no copy); appending later may reallocate. */
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Float32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}
