/** Runs recall -> hydrate -> filter -> pre-rank -> rank -> re-rank -> explain, timing each stage. */
import type { PinRepository } from '../store/store.js';

/** What the pipeline needs of the catalogue: pins by id. */
export type PinLookup = Pick<PinRepository, 'getMany'>;
import { explain } from './explain.js';
import { mergeCandidates } from './sources.js';
import type { Candidate, CandidateSource, FeedContext, Filter, PreRanker, Reranker, Scorer } from './types.js';

export interface PipelineSpec {
  sources: CandidateSource[];
  filters: Filter[];
  /** Cuts the filtered candidates before scoring (absent: every candidate is scored). */
  preRanker?: PreRanker;
  scorers: Scorer[];
  rerankers: Reranker[];
}

export interface PipelineResult {
  candidates: Candidate[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  /** How many candidates each stage saw. */
  counts: Record<string, number>;
}

export class Pipeline {
  constructor(
    private readonly spec: PipelineSpec,
    private readonly pins: PinLookup,
  ) {}

  async run(context: FeedContext): Promise<PipelineResult> {
    const timings: Record<string, number> = {};
    const counts: Record<string, number> = {};
    let t = performance.now();
    const lap = (stage: string, n: number) => {
      const now = performance.now();
      timings[stage] = now - t;
      counts[stage] = n;
      t = now;
    };

    let candidates = mergeCandidates(this.spec.sources.map((s) => s.fetch(context)));
    lap('recall', candidates.length);

    const seedIds = candidates.flatMap((c) => c.sources.flatMap((s) => (s.seedPinId === undefined ? [] : [s.seedPinId])));
    const pins = await this.pins.getMany([...candidates.map((c) => c.pinId), ...seedIds]);
    for (const [id, pin] of pins) context.pins.set(id, pin);
    candidates = candidates.filter((c) => {
      c.pin = pins.get(c.pinId);
      return c.pin !== undefined;
    });
    lap('hydrate', candidates.length);

    candidates = candidates.filter((c) => this.spec.filters.every((f) => f.keep(context, c)));
    lap('filter', candidates.length);

    if (this.spec.preRanker) {
      candidates = this.spec.preRanker.select(context, candidates);
      lap('prerank', candidates.length);
    }

    for (const scorer of this.spec.scorers) scorer.score(context, candidates);
    lap('rank', candidates.length);

    for (const reranker of this.spec.rerankers) candidates = reranker.rerank(context, candidates);
    for (const c of candidates) c.reason = explain(context, c);
    lap('rerank', candidates.length);

    return { candidates, timings, counts };
  }
}
