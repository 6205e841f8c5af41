/**
 * What re-ranking does to the feed, measured offline: the event log is cut
 * by time (train before, test after); the feed channels are fitted on the
 * train part; for a sample of users the same pipeline produces a first page
 * without re-ranking (by fused score) and with it. Reported for both:
 * intra-list diversity, categories per page, catalogue category coverage,
 * the Gini of exposure across creators and across pins, and the engagement
 * the page would have caught (HR, Recall and NDCG against each user's test
 * engagement); the engagement cost is the relative change of NDCG.
 */
import { servedChannels } from '../coldstart/config.js';
import type { Config } from '../config.js';
import type { LoggedEvent, Pin } from '../domain/types.js';
import { EngagementAggregates } from '../features/aggregates.js';
import { Random } from '../math/random.js';
import { feedPipeline } from '../pipeline/feed-pipeline.js';
import { userStateFromEvents } from '../pipeline/history.js';
import { fitChannels } from '../recall/fit.js';
import { eventWeight, Interactions } from '../recall/interactions.js';
import { tagSimilarity } from '../rerank/similarity.js';
import { gini, intraListDistance } from './beyond-accuracy.js';
import { hitRateAt, markHits, ndcgAt, recallAt } from './metrics.js';

export interface RerankReportOptions {
  /** Share of the log's time span used for training. */
  trainShare: number;
  users: number;
  /** Page size evaluated. */
  k: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

export const RERANK_REPORT_DEFAULTS: RerankReportOptions = { trainShare: 0.9, users: 300, k: 25, seed: 1 };

export interface PageMetrics {
  ild: number;
  categoriesPerPage: number;
  categoryCoverage: number;
  creatorGini: number;
  pinGini: number;
  hitRate: number;
  recall: number;
  ndcg: number;
}

export interface RerankReport {
  users: number;
  k: number;
  before: PageMetrics;
  after: PageMetrics;
  /** (after − before) / before of NDCG: negative is engagement lost to re-ranking. */
  engagementCost: number;
}

const category = (pin: Pin | undefined) => pin?.tags[0];

/** Accumulates page metrics over users. */
class PageStats {
  private ild = 0;
  private ildCount = 0;
  private categories = 0;
  private hit = 0;
  private recall = 0;
  private ndcg = 0;
  private pages = 0;
  private readonly creatorShown = new Map<string, number>();
  private readonly pinShown = new Map<string, number>();
  private readonly categoriesShown = new Set<string>();

  constructor(
    private readonly catalog: ReadonlyMap<string, Pin>,
    private readonly k: number,
  ) {}

  add(page: readonly string[], relevant: ReadonlySet<string>): void {
    const pins = page.map((id) => this.catalog.get(id));
    const candidates = page.map((pinId, i) => ({ pinId, pin: pins[i], sources: [], score: 0 }));
    const sim = tagSimilarity.prepare(candidates);
    const index = new Map(page.map((id, i) => [id, i]));
    const ild = intraListDistance(page, (a, b) => 1 - sim(index.get(a)!, index.get(b)!));
    if (ild !== undefined) {
      this.ild += ild;
      this.ildCount++;
    }
    const cats = new Set(pins.map(category).filter((c): c is string => c !== undefined));
    this.categories += cats.size;
    for (const c of cats) this.categoriesShown.add(c);
    for (const p of pins) if (p) this.creatorShown.set(p.creatorId, (this.creatorShown.get(p.creatorId) ?? 0) + 1);
    for (const id of page) this.pinShown.set(id, (this.pinShown.get(id) ?? 0) + 1);
    const hits = markHits(page, relevant, this.k);
    this.hit += hitRateAt(hits, this.k);
    this.recall += recallAt(hits, relevant.size, this.k);
    this.ndcg += ndcgAt(hits, relevant.size, this.k);
    this.pages++;
  }

  result(): PageMetrics {
    const pins = [...this.catalog.values()];
    const allCategories = new Set(pins.map(category).filter((c) => c !== undefined));
    const creators = new Set(pins.map((p) => p.creatorId));
    const n = Math.max(1, this.pages);
    return {
      ild: this.ildCount ? this.ild / this.ildCount : 0,
      categoriesPerPage: this.categories / n,
      categoryCoverage: allCategories.size ? this.categoriesShown.size / allCategories.size : 0,
      creatorGini: gini([...creators].map((c) => this.creatorShown.get(c) ?? 0)),
      pinGini: gini(pins.map((p) => this.pinShown.get(p.id) ?? 0)),
      hitRate: this.hit / n,
      recall: this.recall / n,
      ndcg: this.ndcg / n,
    };
  }
}

export async function rerankReport(
  events: readonly LoggedEvent[],
  catalog: readonly Pin[],
  config: Config,
  options: RerankReportOptions = RERANK_REPORT_DEFAULTS,
): Promise<RerankReport> {
  if (events.length === 0) throw new Error('the event log is empty: nothing to evaluate re-ranking on');
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    first = Math.min(first, e.timestamp);
    last = Math.max(last, e.timestamp);
  }
  const cut = first + (last - first) * options.trainShare;
  const train = events.filter((e) => e.timestamp < cut);
  const pins = new Map(catalog.map((p) => [p.id, p]));
  const weighting = { weights: config.training.eventWeights, dwellThresholdMs: config.training.dwellThresholdMs };

  const byUser = new Map<string, LoggedEvent[]>();
  for (const e of train) {
    let list = byUser.get(e.userId);
    if (!list) byUser.set(e.userId, (list = []));
    list.push(e);
  }
  const relevant = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.timestamp < cut || e.pinId === undefined || eventWeight(e, weighting) <= 0 || !byUser.has(e.userId)) continue;
    let set = relevant.get(e.userId);
    if (!set) relevant.set(e.userId, (set = new Set()));
    set.add(e.pinId);
  }
  const users = new Random(options.seed).shuffle([...relevant.keys()].sort()).slice(0, options.users);

  const data = Interactions.fromEvents(train, weighting, catalog.map((p) => p.id));
  const names = servedChannels(config).map((c) => c.name);
  const { channels } = await fitChannels(names, data, config, { now: cut, catalog });
  const aggregates = new EngagementAggregates();
  for (const e of train) aggregates.observe(e, e.pinId === undefined ? undefined : pins.get(e.pinId));
  const deps = {
    channel: (name: string) => channels.get(name)!,
    pins: { getMany: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (pins.has(id) ? [[id, pins.get(id)!] as const] : []))) },
    creatorExposure: (creatorId: string) => aggregates.creatorCount(creatorId, 'impression'),
  };
  const plain = feedPipeline(config, deps, { rerank: false });
  const reranked = feedPipeline(config, deps, { rerank: true });
  const before = new PageStats(pins, options.k);
  const after = new PageStats(pins, options.k);
  let done = 0;
  for (const userId of users) {
    const history = byUser.get(userId)!.slice(-config.feed.historyLength).reverse();
    const state = userStateFromEvents(history, config, cut);
    const context = () => ({ userId, now: cut, history: state.history, exclude: state.exclude, pins: new Map<string, Pin>() });
    const target = relevant.get(userId)!;
    before.add((await plain.run(context())).candidates.slice(0, options.k).map((c) => c.pinId), target);
    after.add((await reranked.run(context())).candidates.slice(0, options.k).map((c) => c.pinId), target);
    options.onProgress?.(++done, users.length);
  }
  const b = before.result();
  const a = after.result();
  return { users: users.length, k: options.k, before: b, after: a, engagementCost: b.ndcg > 0 ? (a.ndcg - b.ndcg) / b.ndcg : 0 };
}
