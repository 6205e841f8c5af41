/**
 * Random walk: Pixie-style (Eksombatchai et al., WWW 2018) random walks with
 * restarts on the bipartite user–pin graph of positive interactions, from
 * the user's recent engaged pins; pins visited often, and from several of
 * them, are recalled. Interactions observed live join the graph at once.
 * See walk/pixie.ts for the walk itself.
 */
import { Type, type Static } from 'typebox';
import { fnv1a, mulberry32 } from '../math/random.js';
import { csrFromTriples } from '../math/sparse.js';
import type { Interactions } from './interactions.js';
import { BipartiteGraph, type GraphEdges } from './walk/graph.js';
import { pixieWalk, WalkScratch, type QueryPin, type WalkOptions } from './walk/pixie.js';
import type { ChannelCandidate, FitOptions, LiveInteraction, RecallChannel, RecallContext } from './types.js';

export const RandomWalkOptions = Type.Object(
  {
    totalSteps: Type.Integer({ minimum: 1, description: 'Steps (pin → user → pin) per request, split across query pins.' }),
    restartProbability: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'After each step the walk jumps back to its query pin with this probability.' }),
    earlyStopping: Type.Boolean({ description: 'Stop a query pin’s walk once maxVisitedPins pins have visitThreshold visits.' }),
    maxVisitedPins: Type.Integer({ minimum: 1, description: 'Early stopping: n_p.' }),
    visitThreshold: Type.Integer({ minimum: 1, description: 'Early stopping: n_v.' }),
    maxQueryPins: Type.Integer({ minimum: 1, description: "The user's most recent engaged pins the walks start from." }),
    halfLifeHours: Type.Number({ exclusiveMinimum: 0, description: "A query pin's weight halves every this many hours since the engagement." }),
    edgeWeight: Type.Enum(['weight', 'log', 'binary'], { description: 'Edge weight from the interaction weight w: w, ln(1 + w), or 1.' }),
    edgeHalfLifeHours: Type.Number({ minimum: 0, description: "An edge's weight halves every this many hours since the interaction (0: no decay)." }),
    userDegreePenalty: Type.Number({ minimum: 0, description: 'Steps to users are weighted by degree^-penalty (0: no preference).' }),
    pinDegreePenalty: Type.Number({ minimum: 0, description: 'Steps to pins are weighted by degree^-penalty (0: no preference).' }),
    seed: Type.Optional(Type.Integer({ minimum: 0, description: 'Fixed seed for every walk (tests); by default each request is seeded from the user id and time.' })),
  },
  { additionalProperties: false },
);
export type RandomWalkOptions = Static<typeof RandomWalkOptions>;
export const RANDOM_WALK_DEFAULTS: RandomWalkOptions = {
  totalSteps: 20_000,
  restartProbability: 0.3,
  earlyStopping: true,
  maxVisitedPins: 300,
  visitThreshold: 4,
  maxQueryPins: 20,
  halfLifeHours: 24 * 7,
  edgeWeight: 'log',
  edgeHalfLifeHours: 24 * 7,
  userDegreePenalty: 0,
  pinDegreePenalty: 0,
};

type EdgeWeight = RandomWalkOptions['edgeWeight'];

interface RandomWalkState {
  format: 'tessera-random-walk';
  version: 1;
  /** The transform the saved weights went through (live edges go through the same). */
  edgeWeight: EdgeWeight;
  edges: GraphEdges;
}

function transform(kind: EdgeWeight, weight: number): number {
  return kind === 'weight' ? weight : kind === 'log' ? Math.log1p(weight) : 1;
}

/**
 * Pin → users over the positive interactions, weights transformed and, with
 * a half-life, decayed by the age of the pair's latest interaction.
 */
function edgesOf(data: Interactions, kind: EdgeWeight, halfLifeHours: number, now: number): GraphEdges {
  const { indptr, indices, values } = data.byUser;
  const decayPerMs = halfLifeHours > 0 ? Math.LN2 / (halfLifeHours * 3600_000) : 0;
  const pins: number[] = [];
  const users: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < data.userCount; u++) {
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
      if (!(values[k]! > 0)) continue;
      pins.push(indices[k]!);
      users.push(u);
      weights.push(transform(kind, values[k]!) * Math.exp(-decayPerMs * Math.max(0, now - data.lastTime[k]!)));
    }
  }
  const csr = csrFromTriples(data.itemCount, data.userCount, pins, users, weights);
  return { pins: [...data.items.toArray()], users: [...data.users.toArray()], indptr: csr.indptr, neighbours: csr.indices, weights: csr.values };
}

export class RandomWalkChannel implements RecallChannel {
  readonly name = 'random-walk';
  private graph: BipartiteGraph | undefined;
  private edgeWeight: EdgeWeight;
  private readonly scratch = new WalkScratch();

  constructor(private readonly options: RandomWalkOptions) {
    this.edgeWeight = options.edgeWeight;
  }

  fit(data: Interactions, { now, onProgress }: FitOptions): void {
    this.edgeWeight = this.options.edgeWeight;
    this.graph = BipartiteGraph.build(edgesOf(data, this.edgeWeight, this.options.edgeHalfLifeHours, now), this.penalties());
    onProgress?.(1, 1);
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const graph = this.graph;
    if (!graph || n <= 0) return [];
    const decayPerMs = Math.LN2 / (this.options.halfLifeHours * 3600_000);
    const queries: QueryPin[] = [];
    const history = new Set<number>();
    for (const h of context.history) {
      const pin = graph.pin(h.pinId);
      if (pin === undefined) continue;
      history.add(pin);
      if (h.weight <= 0 || queries.length >= this.options.maxQueryPins) continue;
      const age = Math.max(0, context.now - h.timestamp);
      queries.push({ pin, weight: transform(this.edgeWeight, h.weight) * Math.exp(-decayPerMs * age) });
    }
    if (queries.length === 0) return [];
    const seed = this.options.seed ?? fnv1a(`${context.userId}:${context.now}`);
    return this.walk(queries, seed, n, (pin) => history.has(pin) || context.exclude.has(graph.pinId(pin)));
  }

  similarItems(pinId: string, n: number): ChannelCandidate[] {
    const pin = this.graph?.pin(pinId);
    if (pin === undefined) return [];
    return this.walk([{ pin, weight: 1 }], this.options.seed ?? fnv1a(pinId), n, (p) => p === pin);
  }

  observe(interaction: LiveInteraction): void {
    if (!(interaction.weight > 0)) return;
    this.graph?.addEdge(interaction.userId, interaction.pinId, transform(this.edgeWeight, interaction.weight));
  }

  save(): RandomWalkState {
    if (!this.graph) throw new Error('the random-walk channel is not fitted (call fit or load first)');
    return { format: 'tessera-random-walk', version: 1, edgeWeight: this.edgeWeight, edges: this.graph.toEdges() };
  }

  load(state: unknown): void {
    const s = state as Partial<RandomWalkState> | null;
    if (s?.format !== 'tessera-random-walk' || s.version !== 1 || !s.edges || !s.edgeWeight) {
      throw new Error('not a saved random-walk channel (format tessera-random-walk, version 1)');
    }
    this.edgeWeight = s.edgeWeight;
    this.graph = BipartiteGraph.build(s.edges, this.penalties());
  }

  private walk(queries: QueryPin[], seed: number, n: number, skip: (pin: number) => boolean): ChannelCandidate[] {
    const graph = this.graph!;
    const result = pixieWalk(graph, { queries, random: mulberry32(seed), n, skip }, this.walkOptions(), this.scratch);
    const norm = 1 / Math.max(1, result.steps);
    return Array.from(result.pins, (p, k) => ({
      pinId: graph.pinId(p),
      score: result.scores[k]! * norm,
      seedPinId: graph.pinId(result.bestQuery[k]!),
    }));
  }

  private walkOptions(): WalkOptions {
    const { totalSteps, restartProbability, maxVisitedPins, visitThreshold, earlyStopping } = this.options;
    return { totalSteps, restartProbability, maxVisitedPins, visitThreshold, earlyStopping };
  }

  private penalties(): { user: number; pin: number } {
    return { user: this.options.userDegreePenalty, pin: this.options.pinDegreePenalty };
  }
}
