/**
 * The exploration channel: new pins (younger than `newPinHours`) and the pins
 * of new creators (whose first pin is younger than `newCreatorDays`), as long
 * as they are still being explored (graduation.ts). Each request ranks them by
 * Thompson sampling: one draw per pin from the Beta posterior of its
 * engagement rate (the catalogue's rate as prior), so promising pins are
 * shown more while unproven ones still get their turn. The feed gives these
 * candidates a fixed share of its slots (ExplorationSlots); their statistics
 * and graduation are computed when the model set is trained.
 */
import { fnv1a, Random } from '../../math/random.js';
import type { Interactions } from '../../recall/interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from '../../recall/types.js';
import { ArmStats } from '../bandits/arms.js';
import { thompsonDraws } from '../bandits/policies.js';
import { EXPLORE_CHANNEL, type ExploreOptions } from '../config.js';
import { explorationStatus, type ExplorationStatus } from './graduation.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * Pins drawn for per request at most: a larger pool is subsampled (a fresh
 * random subset each request), which bounds the cost of the Beta draws
 * (about 2 ms per 1,000) while every pin keeps its turn.
 */
const DRAWS_PER_REQUEST = 1000;

export interface ExplorationSummary {
  /** Engaged users per user shown, over the whole catalogue: the bar new pins are measured against. */
  catalogueRate: number;
  exploring: number;
  graduated: number;
  retired: number;
}

interface ExploreState {
  summary: ExplorationSummary;
  /** The pins being explored, newest first, with their users shown and engaged. */
  pins: string[];
  impressions: Int32Array;
  engaged: Int32Array;
}

export class ExploreChannel implements RecallChannel {
  readonly name = EXPLORE_CHANNEL;
  private state: ExploreState = {
    summary: { catalogueRate: 0, exploring: 0, graduated: 0, retired: 0 },
    pins: [],
    impressions: new Int32Array(0),
    engaged: new Int32Array(0),
  };
  private arms: ArmStats | undefined;

  constructor(readonly options: ExploreOptions) {}

  fit(data: Interactions, { now, catalog }: FitOptions): void {
    if (!catalog) throw new Error('the explore channel reads pin ages and creators: fit it with FitOptions.catalog');
    const o = this.options;
    const firstPin = new Map<string, number>();
    for (const p of catalog) firstPin.set(p.creatorId, Math.min(firstPin.get(p.creatorId) ?? Infinity, p.createdAt));

    const { indptr, values } = data.byItem;
    let shown = 0;
    let engagedAll = 0;
    for (let k = 0; k < values.length; k++) {
      shown++;
      if (values[k]! > 0) engagedAll++;
    }
    const catalogueRate = shown > 0 ? engagedAll / shown : 0;

    const counts: Record<ExplorationStatus, number> = { exploring: 0, graduated: 0, retired: 0 };
    const pool: { id: string; createdAt: number; impressions: number; engaged: number }[] = [];
    for (const p of catalog) {
      if (p.moderation !== 'approved' || p.promoted) continue;
      const newPin = now - p.createdAt < o.newPinHours * HOUR;
      const newCreator = now - firstPin.get(p.creatorId)! < o.newCreatorDays * DAY;
      if (!newPin && !newCreator) continue;
      const i = data.items.get(p.id);
      let impressions = 0;
      let engaged = 0;
      if (i !== undefined) {
        impressions = indptr[i + 1]! - indptr[i]!;
        for (let k = indptr[i]!; k < indptr[i + 1]!; k++) if (values[k]! > 0) engaged++;
      }
      const status = explorationStatus({ impressions, engaged }, catalogueRate, o);
      counts[status]++;
      if (status === 'exploring') pool.push({ id: p.id, createdAt: p.createdAt, impressions, engaged });
    }
    pool.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const kept = pool.slice(0, o.maxPool);
    this.use({
      summary: { catalogueRate, ...counts },
      pins: kept.map((p) => p.id),
      impressions: Int32Array.from(kept, (p) => p.impressions),
      engaged: Int32Array.from(kept, (p) => p.engaged),
    });
  }

  get summary(): ExplorationSummary {
    return this.state.summary;
  }

  /** The pins being explored, newest first. */
  get pool(): readonly string[] {
    return this.state.pins;
  }

  private use(state: ExploreState): void {
    this.state = state;
    const n = state.pins.length;
    if (n === 0) {
      this.arms = undefined;
      return;
    }
    const arms = ArmStats.withPrior(new Float64Array(n).fill(state.summary.catalogueRate), this.options.priorStrength);
    for (let a = 0; a < n; a++) {
      const impressions = state.impressions[a]!;
      if (impressions > 0) arms.update(a, state.engaged[a]! / impressions, impressions);
    }
    this.arms = arms;
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    if (!this.arms || n <= 0) return [];
    const rng = new Random(fnv1a(`${this.options.seed}:${context.userId}:${context.now}`));
    const size = this.state.pins.length;
    const drawn = size > DRAWS_PER_REQUEST ? rng.sample(size, DRAWS_PER_REQUEST).sort((a, b) => a - b) : Array.from({ length: size }, (_, a) => a);
    const draws = thompsonDraws(size > DRAWS_PER_REQUEST ? this.arms.subset(drawn) : this.arms, rng);
    const order = Array.from({ length: drawn.length }, (_, i) => i).sort((a, b) => draws[b]! - draws[a]! || a - b);
    const out: ChannelCandidate[] = [];
    for (const i of order) {
      const pinId = this.state.pins[drawn[i]!]!;
      if (context.exclude.has(pinId)) continue;
      out.push({ pinId, score: draws[i]! });
      if (out.length >= n) break;
    }
    return out;
  }

  save(): ExploreState {
    return this.state;
  }

  load(state: unknown): void {
    const s = state as Partial<ExploreState>;
    if (!s?.summary || !Array.isArray(s.pins) || !(s.impressions instanceof Int32Array) || !(s.engaged instanceof Int32Array) || s.impressions.length !== s.pins.length) {
      throw new TypeError(`${this.name}: saved state is malformed`);
    }
    this.use(s as ExploreState);
  }
}
