/**
 * The demo's behaviour simulation, session by session in time order: the
 * incumbent recommender fills a feed, the user scrolls it and responds to
 * each pin by the model in behaviour.ts, with their interests as they are at
 * that moment (drifting from `start` to `end` over the window). A few
 * sessions begin with a search.
 */
import type { Random } from '../math/random.js';
import { DWELL_LOG_SD, engagementProbabilities } from './behaviour.js';
import { CATEGORIES } from './categories.js';
import { EventColumns, SURFACE_CODE, TYPE_CODE } from './event-columns.js';
import { IncumbentRecommender, POPULARITY_LIFT } from './incumbent.js';
import type { PinPopulation } from './pins.js';
import { scheduleSessions } from './schedule.js';
import type { UserPopulation } from './users.js';

export interface SimulationInput {
  windowStart: number;
  now: number;
  /** Target event count; feed depth adapts so the log lands close to it. */
  events: number;
  users: UserPopulation;
  pins: PinPopulation;
  creatorQuality: Float64Array;
}

/** Expected events per session at the start: ~20 impressions and the engagement on them. */
const EVENTS_PER_SESSION = 24;
const SEARCH_SHARE = 0.08;
const SLOT_INTEREST = 0.45;
const SLOT_POPULAR = 0.35;
const MAX_DEPTH = 120;
const K = CATEGORIES.length;

class Simulation {
  readonly log = new EventColumns();
  private readonly incumbent: IncumbentRecommender;
  /** users x categories: how wrong the incumbent's picture of each user's interests is (a fixed multiplicative error). */
  private readonly incumbentNoise: Float64Array;
  private readonly weights = new Float64Array(K);
  /** The session in which each pin was last shown, to avoid repeats within a session. */
  private readonly shownIn: Int32Array;
  private session = 0;
  private lastTs = 0;

  constructor(
    private readonly rng: Random,
    private readonly input: SimulationInput,
  ) {
    this.incumbent = new IncumbentRecommender(rng, input.pins, input.creatorQuality, input.windowStart);
    this.incumbentNoise = Float64Array.from({ length: input.users.users.length * K }, () => Math.exp(rng.normal(0, 0.8)));
    this.shownIn = new Int32Array(input.pins.pins.length).fill(-1);
  }

  run(): void {
    const { input, rng, log } = this;
    const planned = Math.round(input.events / EVENTS_PER_SESSION);
    if (planned === 0) return;
    const schedule = scheduleSessions(rng, input.users, planned, input.windowStart, input.now);
    const sessions = schedule.start.length;
    for (let s = 0; s < sessions; s++) {
      const start = schedule.start[s]!;
      this.incumbent.advanceTo(start);
      if (this.incumbent.available === 0) continue;
      this.session = s;
      this.lastTs = start - 1;
      const user = schedule.user[s]!;
      let clock = start;
      if (rng.bernoulli(SEARCH_SHARE)) clock = this.search(user, clock);
      const perImpression = log.impressions > 0 ? log.length / log.impressions : 1.2;
      const wanted = (input.events - log.length) / (sessions - s) / perImpression;
      const depth = Math.max(2, Math.min(MAX_DEPTH, Math.round(wanted * Math.exp(rng.normal(0, 0.5) - 0.125))));
      this.feed(user, clock, depth);
    }
  }

  private driftFraction(time: number): number {
    const span = this.input.now - this.input.windowStart;
    return Math.min(1, Math.max(0, (time - this.input.windowStart) / span));
  }

  /** The same interpolation DemoTruth.affinity uses. */
  private affinity(user: number, category: number, time: number): number {
    const { start, end } = this.input.users;
    const i = user * K + category;
    return start[i]! + this.driftFraction(time) * (end[i]! - start[i]!);
  }

  private feed(user: number, clock: number, depth: number): void {
    const s = this.driftFraction(clock);
    const { start, end } = this.input.users;
    for (let k = 0; k < K; k++) {
      const i = user * K + k;
      this.weights[k] = (start[i]! + s * (end[i]! - start[i]!)) * this.incumbentNoise[i]!;
    }
    const request = this.newRequest(`r${String(this.session + 1).padStart(7, '0')}`);
    for (let position = 0; position < depth; position++) {
      const pin = this.pickUnseen();
      if (pin < 0) break;
      clock = this.show(user, pin, position, SURFACE_CODE.home, request, clock);
    }
  }

  private pickUnseen(): number {
    for (let tries = 0; tries < 5; tries++) {
      const slot = this.rng.float();
      let pin =
        slot < SLOT_INTEREST
          ? this.incumbent.pickForInterests(this.weights)
          : slot < SLOT_INTEREST + SLOT_POPULAR
            ? this.incumbent.pickPopular()
            : this.incumbent.pickAny();
      if (pin < 0) pin = this.incumbent.pickAny();
      if (pin >= 0 && this.shownIn[pin] !== this.session) {
        this.shownIn[pin] = this.session;
        return pin;
      }
    }
    return -1;
  }

  /** A query of one or two tag words from a category the user likes now, then its results. */
  private search(user: number, clock: number): number {
    const { rng, log } = this;
    const s = this.driftFraction(clock);
    const { start, end } = this.input.users;
    for (let k = 0; k < K; k++) this.weights[k] = start[user * K + k]! + s * (end[user * K + k]! - start[user * K + k]!);
    const category = rng.weighted(this.weights);
    const vocab = CATEGORIES[category]!.tags;
    const tag = rng.pick(vocab);
    const second = rng.pick(vocab);
    const query = rng.bernoulli(0.3) && second !== tag ? `${tag} ${second}` : tag;
    const request = this.newRequest(`r${String(this.session + 1).padStart(7, '0')}s`);
    log.queries.push(query);
    this.emit(user, -1, TYPE_CODE.search, clock, SURFACE_CODE.search, request, Number.NaN, log.queries.length - 1);
    clock += 1500 + rng.exponential(1500);
    const results = 6 + rng.int(10);
    for (let tries = 0, position = 0; tries < 2 * results && position < results; tries++) {
      const pin = this.incumbent.pickForQuery(category, tag);
      if (pin < 0 || this.shownIn[pin] === this.session) continue;
      this.shownIn[pin] = this.session;
      clock = this.show(user, pin, position++, SURFACE_CODE.search, request, clock);
    }
    return clock + 2000 + rng.exponential(4000);
  }

  /** An impression and the user's response to it; returns the clock after it. */
  private show(user: number, pin: number, position: number, surface: number, request: number, clock: number): number {
    const { rng, input, incumbent } = this;
    const { pins } = input;
    const seen = this.emit(user, pin, TYPE_CODE.impression, clock, surface, request, Number.NaN, -1, position);
    const p = engagementProbabilities(
      this.affinity(user, pins.category[pin]!, seen),
      pins.quality[pin]!,
      input.creatorQuality[pins.creator[pin]!]!,
      position,
    );
    let next = seen;
    if (rng.float() < p.closeup) {
      const opened = this.emit(user, pin, TYPE_CODE.closeup, seen + 400 + rng.exponential(900), surface, request);
      incumbent.recordEngagement(pin, POPULARITY_LIFT.closeup);
      const dwell = Math.round(Math.min(600_000, Math.max(300, p.medianDwellMs * Math.exp(rng.normal(0, DWELL_LOG_SD)))));
      const saved = rng.float() < p.saveGivenCloseup;
      const clicked = rng.float() < p.clickGivenCloseup;
      // Saves happen during the closeup; a click leaves it, so it comes later.
      if (saved) {
        this.emit(user, pin, TYPE_CODE.save, opened + dwell * rng.range(0.2, 0.6), surface, request);
        incumbent.recordEngagement(pin, POPULARITY_LIFT.save);
      }
      if (clicked) {
        this.emit(user, pin, TYPE_CODE.click, opened + dwell * rng.range(0.6, 0.95), surface, request);
        incumbent.recordEngagement(pin, POPULARITY_LIFT.click);
      }
      next = opened + dwell;
      if (rng.bernoulli(0.95)) next = this.emit(user, pin, TYPE_CODE.dwell, next, surface, request, dwell);
      if (saved && rng.float() < p.conversionGivenSave) {
        const amount = Math.round(Math.exp(rng.normal(Math.log(3500), 0.8)));
        next = this.emit(user, pin, TYPE_CODE.conversion, next + rng.exponential(60_000), surface, request, amount);
        incumbent.recordEngagement(pin, POPULARITY_LIFT.conversion);
      }
    } else if (rng.float() < p.directSave) {
      next = this.emit(user, pin, TYPE_CODE.save, seen + 300 + rng.exponential(500), surface, request);
      incumbent.recordEngagement(pin, POPULARITY_LIFT.save);
    } else if (rng.float() < p.hide) {
      next = this.emit(user, pin, TYPE_CODE.hide, seen + 300 + rng.exponential(700), surface, request);
      incumbent.recordEngagement(pin, POPULARITY_LIFT.hide);
    }
    return next + 700 + rng.exponential(1800);
  }

  /**
   * Logs an event at `time` (whole ms, strictly after the session's previous
   * one) and returns its timestamp. Events at or after `now` are the part of
   * a session still to come and are not logged.
   */
  private emit(user: number, pin: number, type: number, time: number, surface: number, request: number, value = Number.NaN, query = -1, position = -1): number {
    const ts = Math.max(Math.round(time), this.lastTs + 1);
    this.lastTs = ts;
    if (ts < this.input.now) this.log.push(user, pin, type, ts, surface, request, value, query, position);
    return ts;
  }

  private newRequest(id: string): number {
    this.log.requestIds.push(id);
    return this.log.requestIds.length - 1;
  }
}

export function simulateEvents(rng: Random, input: SimulationInput): EventColumns {
  const simulation = new Simulation(rng, input);
  simulation.run();
  return simulation.log;
}
