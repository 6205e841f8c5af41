/**
 * Pre-ranking: the filtered candidates are cut to the `keep` best by the dot
 * product of the user's embedding and each pin's, from one embedding model of
 * the model set (`feed.preRank.model`: iALS by default; any channel that is
 * an EmbeddingModel, such as a two-tower model). The user's embedding is
 * computed once per request; the pin vectors are indexed once, when the
 * model set goes live. The stage only cuts: ordering is the ranker's job.
 *
 * What the model cannot place:
 * - a pin without a vector (added since training, or a zero vector, as iALS
 *   gives pins nobody engaged with) is never cut: it passes to the ranker,
 *   which judges it by its features, on top of the `keep` placed ones;
 * - a user without an embedding (no history the model knows) keeps the
 *   `keep` candidates recall ranked highest: best rank in any channel, then
 *   found by more channels.
 */
import { ConfigError, type Config } from '../config.js';
import { dot } from '../math/linalg.js';
import { StaleModelSetError } from '../recall/model-set.js';
import { topK } from '../recall/mf/top-k.js';
import { createChannel } from '../recall/registry.js';
import { isEmbeddingModel, type EmbeddingModel, type RecallChannel } from '../recall/types.js';
import type { Candidate, FeedContext, PreRanker } from './types.js';

function isZero(v: Float32Array, offset = 0, length = v.length): boolean {
  for (let j = offset; j < offset + length; j++) if (v[j] !== 0) return false;
  return true;
}

/** Best recall rank first (the smallest rank in any channel), then the candidates more channels found. */
export function byRecallRank(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map(candidates.map((c) => [c, Math.min(...c.sources.map((s) => s.rank))]));
  return [...candidates].sort(
    (a, b) => best.get(a)! - best.get(b)! || b.sources.length - a.sources.length || (a.pinId < b.pinId ? -1 : a.pinId > b.pinId ? 1 : 0),
  );
}

export class EmbeddingPreRanker implements PreRanker {
  /** Row of each placeable pin in `vectors`. */
  private readonly rows = new Map<string, number>();
  private readonly vectors: Float32Array;
  private readonly dimensions: number;

  constructor(
    readonly name: string,
    private readonly model: EmbeddingModel,
    readonly keep: number,
  ) {
    if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`pre-rank: keep must be a whole number of at least 1, got ${keep}`);
    const { ids, vectors } = model.pinEmbeddings();
    const d = model.dimensions;
    if (vectors.length !== ids.length * d) {
      throw new Error(`pre-rank: "${name}" returned ${vectors.length} values for ${ids.length} pins of ${d} dimensions`);
    }
    ids.forEach((id, i) => {
      if (!isZero(vectors, i * d, d)) this.rows.set(id, i);
    });
    this.vectors = vectors;
    this.dimensions = d;
  }

  /** Pins the model can place. */
  get placeable(): number {
    return this.rows.size;
  }

  select(context: FeedContext, candidates: Candidate[]): Candidate[] {
    if (candidates.length <= this.keep) return candidates;
    const user = this.model.userEmbedding({ userId: context.userId, now: context.now, history: context.history, exclude: context.exclude });
    if (!user || isZero(user)) return byRecallRank(candidates).slice(0, this.keep);
    const placed: Candidate[] = [];
    const unplaced: Candidate[] = [];
    const scores = new Float32Array(candidates.length);
    for (const c of candidates) {
      const row = this.rows.get(c.pinId);
      if (row === undefined) {
        unplaced.push(c);
      } else {
        scores[placed.length] = dot(this.dimensions, user, 0, this.vectors, row * this.dimensions);
        placed.push(c);
      }
    }
    if (placed.length <= this.keep) return candidates;
    const best = topK(scores.subarray(0, placed.length), this.keep);
    return [...Array.from(best, (i) => placed[i]!), ...unplaced];
  }
}

/** Checks that the configured pre-rank model is an EmbeddingModel (a ConfigError when it is not). */
export function checkPreRankConfig(config: Config): void {
  const preRank = config.feed.preRank;
  if (!preRank) return;
  const channel = createChannel(preRank.model, config);
  if (!isEmbeddingModel(channel)) {
    throw new ConfigError(`feed.preRank.model: channel "${preRank.model}" has no pin and user embeddings; choose one that has, such as ials`);
  }
}

/** The pre-ranker of `config.feed.preRank` over a model set's channels (undefined when the stage is off). */
export function preRankerFor(config: Config, channels: ReadonlyMap<string, RecallChannel>): EmbeddingPreRanker | undefined {
  const preRank = config.feed.preRank;
  if (!preRank) return undefined;
  const channel = channels.get(preRank.model);
  if (!channel) throw new StaleModelSetError(`the model set has no "${preRank.model}" channel, which feed.preRank needs`);
  if (!isEmbeddingModel(channel)) throw new ConfigError(`feed.preRank.model: channel "${preRank.model}" has no pin and user embeddings`);
  return new EmbeddingPreRanker(preRank.model, channel, preRank.keep);
}

