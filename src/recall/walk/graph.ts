/**
 * The bipartite user–pin graph random walks run on: pin → users and
 * user → pins adjacency in CSR typed arrays, built from positive
 * interactions, plus an append-only delta so an interaction observed live is
 * walkable at once. A step prefers low-degree neighbours when the degree
 * penalties are above 0: the transition weight of an edge to node y is
 * w · degree(y)^-penalty (Pixie prunes or down-weights hubs the same way,
 * since a hub's neighbours have little in common).
 */
import { IdIndex } from '../../math/id-index.js';
import { csrFromTriples } from '../../math/sparse.js';
import { Adjacency } from './adjacency.js';

/** Pin → users with edge weights: what is saved, and what a graph is built from. */
export interface GraphEdges {
  pins: string[];
  users: string[];
  indptr: Int32Array;
  /** User numbers (index into `users`), ascending within each pin's row. */
  neighbours: Int32Array;
  weights: Float32Array;
}

export interface DegreePenalties {
  /** Exponent on a user's degree when stepping from a pin to a user. */
  user: number;
  /** Exponent on a pin's degree when stepping from a user to a pin. */
  pin: number;
}

/** Rows of the transpose by counting sort, with the original entry of each new entry. */
function transposeRows(indptr: Int32Array, neighbours: Int32Array, columns: number): { indptr: Int32Array; neighbours: Int32Array; source: Int32Array } {
  const out = new Int32Array(columns + 1);
  for (const c of neighbours) out[c + 1]!++;
  for (let c = 0; c < columns; c++) out[c + 1]! += out[c]!;
  const fill = out.slice(0, columns);
  const rows = new Int32Array(neighbours.length);
  const source = new Int32Array(neighbours.length);
  for (let r = 0; r + 1 < indptr.length; r++) {
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) {
      const at = fill[neighbours[k]!]!++;
      rows[at] = r;
      source[at] = k;
    }
  }
  return { indptr: out, neighbours: rows, source };
}

export class BipartiteGraph {
  private readonly added = { pins: [] as number[], users: [] as number[], weights: [] as number[] };

  private constructor(
    private readonly pins: IdIndex,
    private readonly users: IdIndex,
    private readonly base: GraphEdges,
    private readonly pinSide: Adjacency,
    private readonly userSide: Adjacency,
    private readonly penalties: DegreePenalties,
  ) {}

  static build(edges: GraphEdges, penalties: DegreePenalties): BipartiteGraph {
    const { indptr, neighbours, weights } = edges;
    const pinDegree = (p: number) => indptr[p + 1]! - indptr[p]!;
    const byUser = transposeRows(indptr, neighbours, edges.users.length);
    const userDegree = (u: number) => byUser.indptr[u + 1]! - byUser.indptr[u]!;
    const toUser = new Float64Array(neighbours.length);
    for (let p = 0; p < edges.pins.length; p++) {
      for (let k = indptr[p]!; k < indptr[p + 1]!; k++) toUser[k] = weights[k]! * userDegree(neighbours[k]!) ** -penalties.user;
    }
    const toPin = new Float64Array(byUser.neighbours.length);
    for (let k = 0; k < toPin.length; k++) toPin[k] = weights[byUser.source[k]!]! * pinDegree(byUser.neighbours[k]!) ** -penalties.pin;
    return new BipartiteGraph(
      IdIndex.from(edges.pins),
      IdIndex.from(edges.users),
      edges,
      Adjacency.fromRows(indptr, neighbours, toUser),
      Adjacency.fromRows(byUser.indptr, byUser.neighbours, toPin),
      penalties,
    );
  }

  get pinCount(): number {
    return this.pins.size;
  }

  get edgesAdded(): number {
    return this.added.weights.length;
  }

  pin(id: string): number | undefined {
    return this.pins.get(id);
  }

  pinId(pin: number): string {
    return this.pins.id(pin);
  }

  pinDegree(pin: number): number {
    return this.pinSide.degree(pin);
  }

  /** A user engaged with `pin`, drawn by transition weight from `u` in [0, 1); -1 if none. */
  userOf(pin: number, u: number): number {
    return this.pinSide.sample(pin, u);
  }

  /** A pin `user` engaged with, drawn by transition weight from `u` in [0, 1); -1 if none. */
  pinOf(user: number, u: number): number {
    return this.userSide.sample(user, u);
  }

  /** Adds the edge (new users and pins become nodes); the next walk can take it. */
  addEdge(userId: string, pinId: string, weight: number): void {
    if (!(weight > 0)) return;
    const user = this.users.add(userId);
    const pin = this.pins.add(pinId);
    const userDegree = this.userSide.degree(user) + 1;
    const pinDegree = this.pinSide.degree(pin) + 1;
    this.pinSide.add(pin, user, weight * userDegree ** -this.penalties.user);
    this.userSide.add(user, pin, weight * pinDegree ** -this.penalties.pin);
    this.added.pins.push(pin);
    this.added.users.push(user);
    this.added.weights.push(weight);
  }

  /** Every edge, the delta folded in (repeated pairs sum their weights). */
  toEdges(): GraphEdges {
    if (this.added.weights.length === 0) return this.base;
    const { indptr, neighbours, weights } = this.base;
    const rows: number[] = [];
    for (let p = 0; p + 1 < indptr.length; p++) for (let k = indptr[p]!; k < indptr[p + 1]!; k++) rows.push(p);
    const merged = csrFromTriples(
      this.pins.size,
      this.users.size,
      [...rows, ...this.added.pins],
      [...neighbours, ...this.added.users],
      [...weights, ...this.added.weights],
    );
    return { pins: [...this.pins.toArray()], users: [...this.users.toArray()], indptr: merged.indptr, neighbours: merged.indices, weights: merged.values };
  }
}
