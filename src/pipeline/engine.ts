/**
 * The engine: the store, the live model set and the pipelines built from
 * configuration. The HTTP server and the CLI are thin shells over this.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Pin } from '../domain/types.js';
import { currentModelSetName, loadModelSet, saveModelSet, trainModelSet, type ModelSet, type TrainProgress } from '../recall/model-set.js';
import { validateChannelConfig } from '../recall/registry.js';
import { CachedPinRepository } from '../store/cached-pins.js';
import type { PinRepository, Store } from '../store/store.js';
import { userStateFromEvents } from './history.js';
import { feedPipeline } from './feed-pipeline.js';
import type { Pipeline } from './pipeline.js';
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
  pin: Pin;
}

export interface FeedPage {
  items: FeedItem[];
  nextCursor: string | null;
  requestId: string;
  timings: Record<string, number>;
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

export class Engine {
  private models: ModelSet | undefined;
  /** Counts model set swaps, so cached feeds ranked with older models are not reused. */
  private generation = 0;
  /** Creator display names, read when a model set goes live (explanations only). */
  private creatorNames = new Map<string, string>();
  private readonly sessions: SessionCache;
  /** The catalogue through a cache: write pins here so the feed sees them at once. */
  readonly pins: PinRepository;

  constructor(
    readonly store: Store,
    readonly config: Config,
  ) {
    validateChannelConfig(config);
    this.sessions = new SessionCache(config.feed.sessionTtlMinutes * 60_000);
    this.pins = new CachedPinRepository(store.pins, { maxEntries: PIN_CACHE_ENTRIES, ttlMs: PIN_CACHE_TTL_MS });
  }

  get modelInfo() {
    return this.models?.info;
  }

  /** Loads the saved model set; returns false when none has been trained. */
  loadModels(): boolean {
    const set = loadModelSet(this.config.dataDir, this.config);
    if (set) this.useModels(set);
    return set !== undefined;
  }

  /**
   * Loads the live model set when another process (e.g. `tessera train`)
   * made a new one live. Requests keep using the old set until the new one is
   * fully loaded; then it is swapped in with one assignment.
   */
  reloadIfChanged(): boolean {
    const live = currentModelSetName(this.config.dataDir);
    if (live === undefined || live === this.models?.name) return false;
    return this.loadModels();
  }

  /** Checks for a new live model set every `intervalMs`; returns a function that stops watching. */
  watchModels(intervalMs = 2000, onError: (error: unknown) => void = () => {}): () => void {
    const timer = setInterval(() => {
      try {
        this.reloadIfChanged();
      } catch (error) {
        onError(error); // a half-written or removed set: keep serving the current one
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Trains a new model set from the event log, saves it and swaps it in. */
  async train(progress?: TrainProgress): Promise<ModelSet> {
    const set = await trainModelSet(this.store, this.config, progress);
    saveModelSet(this.config.dataDir, set);
    this.useModels(set);
    return set;
  }

  private useModels(set: ModelSet): void {
    this.models = set;
    this.generation++;
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

  private channel(name: string) {
    const channel = this.models?.channels.get(name);
    if (!channel) throw new EngineError(503, undefined, 'no trained models yet: run `tessera train`');
    return channel;
  }

  private feedPipeline(): Pipeline {
    return feedPipeline(this.config, {
      channel: (name) => this.channel(name),
      pins: this.pins,
      creatorExposure: (creatorId) => this.models?.aggregates.creatorCount(creatorId, 'impression') ?? 0,
      hasChannel: (name) => this.models?.channels.has(name) ?? false,
    });
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
    if (!session && options.cursor === undefined) {
      // The user's ranked list from a moment ago still holds: nothing they did since (events drop it).
      session = this.sessions.latest(userId, now, this.config.feed.cacheSeconds * 1000, this.generation);
      if (session) timings = { cached: 0 };
    }
    if (!session) {
      const context = await this.context(userId, now);
      const result = await this.feedPipeline().run(context);
      timings = result.timings;
      session = this.sessions.create(userId, result.candidates.slice(0, SESSION_LENGTH), now, this.generation);
    }
    const page = session.items.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      items: page.map((c, i) => toFeedItem(c, offset + i)),
      nextCursor: next < session.items.length ? encodeCursor({ session: session.id, offset: next }) : null,
      requestId,
      timings,
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
    pin: c.pin!,
  };
}
