/**
 * One side of the bipartite graph: for each node, its neighbours on the other
 * side with transition weights, as CSR with per-row cumulative sums (a
 * weighted neighbour is one binary search), plus an append-only delta for
 * edges learnt since the build.
 */

interface DeltaRow {
  neighbours: number[];
  /** Transition weights. */
  weights: number[];
  total: number;
}

export class Adjacency {
  private readonly delta = new Map<number, DeltaRow>();

  constructor(
    readonly indptr: Int32Array,
    readonly neighbours: Int32Array,
    /** Per row, the running sum of transition weights up to and including each entry. */
    private readonly cumulative: Float64Array,
  ) {}

  /** CSR rows with transition weights; the cumulative sums are computed here. */
  static fromRows(indptr: Int32Array, neighbours: Int32Array, transition: ArrayLike<number>): Adjacency {
    const cumulative = new Float64Array(neighbours.length);
    for (let r = 0; r + 1 < indptr.length; r++) {
      let sum = 0;
      for (let k = indptr[r]!; k < indptr[r + 1]!; k++) cumulative[k] = sum += transition[k]!;
    }
    return new Adjacency(indptr, neighbours, cumulative);
  }

  get baseRows(): number {
    return this.indptr.length - 1;
  }

  degree(node: number): number {
    const base = node < this.baseRows ? this.indptr[node + 1]! - this.indptr[node]! : 0;
    return base + (this.delta.get(node)?.neighbours.length ?? 0);
  }

  add(node: number, neighbour: number, transition: number): void {
    let row = this.delta.get(node);
    if (!row) this.delta.set(node, (row = { neighbours: [], weights: [], total: 0 }));
    row.neighbours.push(neighbour);
    row.weights.push(transition);
    row.total += transition;
  }

  /** A neighbour drawn with probability proportional to its transition weight, from `u` uniform in [0, 1); -1 when there is none. */
  sample(node: number, u: number): number {
    let from = 0;
    let to = 0;
    let baseTotal = 0;
    if (node < this.baseRows) {
      from = this.indptr[node]!;
      to = this.indptr[node + 1]!;
      if (to > from) baseTotal = this.cumulative[to - 1]!;
    }
    const row = this.delta.size === 0 ? undefined : this.delta.get(node);
    const total = baseTotal + (row?.total ?? 0);
    if (!(total > 0)) return -1;
    let x = u * total;
    if (x < baseTotal) {
      // The first entry whose running sum exceeds x.
      let lo = from;
      let hi = to - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return this.neighbours[lo]!;
    }
    x -= baseTotal;
    const { neighbours, weights } = row!;
    for (let k = 0; k < neighbours.length; k++) {
      x -= weights[k]!;
      if (x < 0) return neighbours[k]!;
    }
    return neighbours[neighbours.length - 1]!;
  }
}
