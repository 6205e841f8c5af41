/**
 * The engine: the store, the live model set and the pipelines built from
 * configuration. The HTTP server and the CLI are thin shells over this.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Pin } from '../domain/types.js';
import { describeRanker, rankerOptions } from '../rank/feed-ranker.js';
import type { Head } from '../rank/heads.js';
import { utilityWeights } from '../rank/utility.js';
import {
  checkModelSetCovers,
  currentModelSetName,
  loadModelSet,
  saveModelSet,
  trainModelSet,
  type ModelSet,
  type TrainModelSetOptions,
  type TrainProgress,
} from '../recall/model-set.js';
import { validateChannelConfig } from '../recall/registry.js';
import { CachedPinRepository } from '../store/cached-pins.js';
import type { PinRepository, Store } from '../store/store.js';
import { userStateFromEvents } from './history.js';
import { feedPipeline } from './feed-pipeline.js';
import type { Pipeline } from './pipeline.js';
import { checkPreRankConfig, preRankerFor } from './prerank.js';
import { decodeCursor, encodeCursor, SessionCache } from './sessions.js';
import type { Candidate, FeedContext } from './types.js';

export interface FeedItem {
  pinId: string;
  score: number;
  reason: string;
  /** 0-based position in the whole feed (across pages). */
  position: number;
  /** The recall channels that found the pin. */
  sources: string[];
  /** The ranker's per-head predictions; absent when the feed was ranked by channel fusion. */
  predictions?: Partial<Record<Head, number>>;
  pin: Pin;
}

export interface FeedPage {
  items: FeedItem[];
  nextCursor: string | null;
  requestId: string;
  /** Milliseconds per pipeline stage (`cached: 0` when the ranked list was reused). */
  timings: Record<string, number>;
  /** Candidates out of each stage (empty when the ranked list was reused). */
  counts: Record<string, number>;
}

export interface RelatedItem {
  pinId: string;
  score: number;
  reason: string;
  pin: Pin;
}

export class EngineError extends Error {
  constructor(
    readonly statusCode: number,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Pins kept in memory for hydration, and how soon another process's pin writes show. */
const PIN_CACHE_ENTRIES = 200_000;
const PIN_CACHE_TTL_MS = 60_000;

/** How many ranked pins a feed session holds: enough for many pages. */
const SESSION_LENGTH = 500;

/** How long a replaced ranker stays usable: requests that started with it finish first. */
const RETIRED_RANKER_MS = 60_000;

/** A model set as served: the set and the feed pipeline built on it, swapped in together. */
interface LiveModels {
  set: ModelSet;
  feed: Pipeline;
  /** The feed ranks with the set's ranker (not channel fusion). */
  ranked: boolean;
}

export interface EngineOptions {
  /** Where the engine says what it is doing (which ranking a model set brings); default: nowhere. */
  log?: (message: string) => void;
}

export class Engine {
  private live: LiveModels | undefined;
  /** Counts model set swaps, so cached feeds ranked with older models are not reused. */
  private generation = 0;
  /** The load in progress, so that the watcher never runs two at once. */
  private loading: Promise<boolean> | undefined;
  /** Creator display names, read when a model set goes live (explanations only). */
  private creatorNames = new Map<string, string>();
  private readonly sessions: SessionCache;
  private readonly log: (message: string) => void;
  /** The catalogue through a cache: write pins here so the feed sees them at once. */
  readonly pins: PinRepository;

  constructor(
    readonly store: Store,
    readonly config: Config,
    options: EngineOptions = {},
  ) {
    validateChannelConfig(config);
    checkPreRankConfig(config);
    if (config.feed.rank) {
      rankerOptions(config.feed.rank);
      utilityWeights(config.feed.rank.utility);
    }
    this.log = options.log ?? (() => {});
    this.sessions = new SessionCache(config.feed.sessionTtlMinutes * 60_000);
    this.pins = new CachedPinRepository(store.pins, { maxEntries: PIN_CACHE_ENTRIES, ttlMs: PIN_CACHE_TTL_MS });
  }

  get modelInfo() {
    return this.live?.set.info;
  }

  /**
   * Loads the saved model set — channels, aggregates and ranker — and only
   * then swaps it in; returns false when none has been trained. Throws a
   * StaleModelSetError when the set lacks a channel the configuration needs.
   */
  async loadModels(): Promise<boolean> {
    const set = await loadModelSet(this.config.dataDir, this.config);
    if (set) this.useModels(set);
    return set !== undefined;
  }

  /**
   * Loads the live model set when another process (e.g. `tessera train`)
   * made a new one live. Requests keep using the old set until the new one is
   * fully loaded; then it is swapped in with one assignment.
   */
  reloadIfChanged(): Promise<boolean> {
    if (this.loading) return this.loading;
    const name = currentModelSetName(this.config.dataDir);
    if (name === undefined || name === this.live?.set.name) return Promise.resolve(false);
    this.loading = this.loadModels().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Checks for a new live model set every `intervalMs`; returns a function that stops watching. */
  watchModels(intervalMs = 2000, onError: (error: unknown) => void = () => {}): () => void {
    const timer = setInterval(() => {
      // A half-written, removed or stale set: keep serving the current one.
      this.reloadIfChanged().catch(onError);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Trains a new model set from the event log, saves it and swaps it in.
   * `startup` caps the ranker's training (feed.rank.startup).
   */
  async train(progress?: TrainProgress, options: Omit<TrainModelSetOptions, 'now'> = {}): Promise<ModelSet> {
    const set = await trainModelSet(this.store, this.config, progress, options);
    await saveModelSet(this.config.dataDir, set);
    this.useModels(set);
    return set;
  }

  /** Builds everything a request reads from `set`, then makes it live in one assignment. */
  private useModels(set: ModelSet): void {
    checkModelSetCovers(set, this.config);
    const ranker = set.ranker && this.config.feed.rank ? { model: set.ranker, aggregates: set.aggregates } : undefined;
    const preRanker = preRankerFor(this.config, set.channels);
    const feed = feedPipeline(this.config, {
      channel: (name) => set.channels.get(name)!,
      pins: this.pins,
      creatorExposure: (creatorId) => set.aggregates.creatorCount(creatorId, 'impression'),
      hasChannel: (name) => set.channels.has(name),
      ...(preRanker ? { preRanker } : {}),
      ...(ranker ? { ranker } : {}),
    });
    const retired = this.live?.set.ranker;
    this.live = { set, feed, ranked: ranker !== undefined };
    this.generation++;
    if (retired && retired !== set.ranker && 'dispose' in retired) setTimeout(() => retired.dispose(), RETIRED_RANKER_MS).unref();
    this.log(
      `model set ${set.name ?? '(unsaved)'} is live: ${preRanker ? `pre-rank by ${preRanker.name} (keep ${preRanker.keep}), ` : ''}` +
        (this.config.feed.rank ? describeRanker(set.info.ranker) : 'feed.rank is null: the feed ranks by channel fusion'),
    );
    // Names only decorate explanations: if the read fails (say, the store is closing), the old names stay.
    this.readCreatorNames().catch(() => {});
  }

  private async readCreatorNames(): Promise<void> {
    const names = new Map<string, string>();
    for await (const batch of this.store.creators.scan(5000)) for (const c of batch) if (c.name) names.set(c.id, c.name);
    this.creatorNames = names;
  }

  /** The user's next new events change their feed: drop cached pages. */
  invalidateUser(userId: string): void {
    this.sessions.dropUser(userId);
  }

  private models(): LiveModels {
    if (!this.live) throw new EngineError(503, undefined, 'no trained models yet: run `tessera train`');
    return this.live;
  }

  private channel(name: string) {
    const channel = this.models().set.channels.get(name);
    if (!channel) throw new EngineError(503, undefined, `the live model set has no "${name}" channel: run \`tessera train\``);
    return channel;
  }

  async feed(userId: string, options: { limit?: number; cursor?: string; now?: number } = {}): Promise<FeedPage> {
    const now = options.now ?? Date.now();
    const limit = options.limit ?? this.config.feed.defaultPageSize;
    const requestId = randomUUID();
    let offset = 0;
    let session;
    if (options.cursor !== undefined) {
      const cursor = decodeCursor(options.cursor);
      if (!cursor) throw new EngineError(400, '/cursor', 'is not a cursor this server issued');
      session = this.sessions.get(cursor.session, userId, now);
      // An expired session starts a fresh list; pins seen on earlier pages are
      // filtered when the client logged their impressions, as it should.
      if (session) offset = cursor.offset;
    }
    let timings: Record<string, number> = {};
    let counts: Record<string, number> = {};
    if (!session && options.cursor === undefined && this.config.feed.cacheSeconds > 0) {
      // The user's ranked list from a moment ago still holds: nothing they did since (events drop it).
      session = this.sessions.latest(userId, now, this.config.feed.cacheSeconds * 1000, this.generation);
      if (session) timings = { cached: 0 };
    }
    if (!session) {
      const live = this.models(); // one model set for the whole request
      const context = await this.context(userId, now);
      const result = await live.feed.run(context);
      ({ timings, counts } = result);
      session = this.sessions.create(userId, result.candidates.slice(0, SESSION_LENGTH), now, this.generation);
    }
    const page = session.items.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      items: page.map((c, i) => toFeedItem(c, offset + i)),
      nextCursor: next < session.items.length ? encodeCursor({ session: session.id, offset: next }) : null,
      requestId,
      timings,
      counts,
    };
  }

  async related(pinId: string, limit: number): Promise<RelatedItem[]> {
    const pin = await this.pins.get(pinId);
    if (!pin) throw new EngineError(404, undefined, `pin ${pinId} not found`);
    const coEngaged = this.channel('co-engagement').similarItems?.(pinId, limit * 3) ?? [];
    const popular = this.channel('popular').recall(
      { userId: '', now: Date.now(), history: [], exclude: new Set([pinId]) },
      Math.max(200, limit * 4),
    );
    const pins = await this.pins.getMany([...coEngaged.map((c) => c.pinId), ...popular.map((c) => c.pinId)]);
    const out: RelatedItem[] = [];
    const used = new Set([pinId]);
    const add = (id: string, score: number, reason: string) => {
      const p = pins.get(id);
      if (!p || p.moderation !== 'approved' || used.has(id) || out.length >= limit) return;
      used.add(id);
      out.push({ pinId: id, score, reason, pin: p });
    };
    for (const c of coEngaged) add(c.pinId, c.score, 'Often engaged with together with this pin');
    // Fill from popular pins, those sharing this pin's tags first.
    const tags = new Set(pin.tags);
    const topPopular = popular[0]?.score ?? 1;
    const fill = popular
      .map((c) => {
        const shared = pins.get(c.pinId)?.tags.filter((t) => tags.has(t)).length ?? 0;
        return { ...c, fillScore: shared + c.score / topPopular };
      })
      .sort((a, b) => b.fillScore - a.fillScore);
    for (const c of fill) {
      const topic = pins.get(c.pinId)?.tags.find((t) => tags.has(t));
      add(c.pinId, c.fillScore / 100, topic ? `Popular in ${topic}` : 'Popular right now');
    }
    return out;
  }

  /** The user's recent history, pins not to show, and their record (ranking features and cold-start channels read it). */
  private async context(userId: string, now: number): Promise<FeedContext> {
    const [events, user] = await Promise.all([this.store.events.forUser(userId, { limit: this.config.feed.historyLength }), this.store.users.get(userId)]);
    const { history, exclude } = userStateFromEvents(events, this.config, now);
    return { userId, now, history, exclude, pins: new Map(), creatorName: (id) => this.creatorNames.get(id), ...(user ? { user } : {}) };
  }
}

function toFeedItem(c: Candidate, position: number): FeedItem {
  return {
    pinId: c.pinId,
    score: c.score,
    reason: c.reason ?? '',
    position,
    sources: c.sources.map((s) => s.channel),
    ...(c.predictions ? { predictions: c.predictions } : {}),
    pin: c.pin!,
  };
}
