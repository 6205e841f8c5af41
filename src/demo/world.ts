/**
 * The demo world: a seeded, deterministic Pinterest-like population and a
 * month of behaviour, with the latent truth it was generated from. It is the
 * first-run demo and the simulator for cold start, bandits and experiments.
 *
 * Conventions other code relies on:
 * - a pin's first tag is its category slug (the image route draws from it);
 * - image URLs are `/demo/images/<pinId>.png`;
 * - ids are p00001, c0001, u0001, e0000001, numbered in creation (for events: time) order;
 * - boards are one per (creator, category): `<creatorId>-<slug>`.
 */
import type { Creator, Event, Pin, User } from '../domain/types.js';
import { Random } from '../math/random.js';
import { CATEGORIES } from './categories.js';
import { generateCreators, type CreatorPopulation } from './creators.js';
import { streamSeed } from './ids.js';
import { categoryPrior, DAY } from './latent.js';
import { resolveDemoOptions, type DemoWorldOptions } from './options.js';
import { generatePins, type PinPopulation } from './pins.js';
import { simulateEvents } from './simulate.js';
import { DemoTruth, type DemoTruthData } from './truth.js';
import { generateUsers, type UserPopulation } from './users.js';

export interface DemoWorld {
  users: User[];
  creators: Creator[];
  pins: Pin[];
  /** In time order. */
  events: Event[];
  truth: DemoTruth;
}

function truthOf(seed: number, windowStart: number, now: number, users: UserPopulation, creators: CreatorPopulation, pins: PinPopulation): DemoTruth {
  const K = CATEGORIES.length;
  const data: DemoTruthData = {
    format: 'tessera-demo-truth',
    version: 1,
    seed,
    windowStart,
    windowEnd: now,
    categories: CATEGORIES.map((c) => c.slug),
    users: {},
    pins: {},
    creators: {},
  };
  users.users.forEach((u, i) => {
    data.users[u.id] = { start: Array.from(users.start.subarray(i * K, (i + 1) * K)), end: Array.from(users.end.subarray(i * K, (i + 1) * K)) };
  });
  creators.creators.forEach((c, i) => {
    data.creators[c.id] = { categories: [...creators.categories[i]!], quality: creators.quality[i]! };
  });
  pins.pins.forEach((p, i) => {
    data.pins[p.id] = { category: pins.category[i]!, quality: pins.quality[i]!, creatorId: p.creatorId };
  });
  return new DemoTruth(data);
}

/** Pure and deterministic given the options (seed, now and sizes). */
export function generateDemoWorld(options: DemoWorldOptions): DemoWorld {
  const o = resolveDemoOptions(options);
  const windowStart = o.now - Math.round(o.days * DAY);
  const stream = (name: string) => new Random(streamSeed(o.seed, name));
  const prior = categoryPrior(stream('categories'));
  const creators = generateCreators(stream('creators'), o.creators, o.now, prior);
  const pins = generatePins(stream('pins'), o.pins, o.now, o.days, creators);
  const users = generateUsers(stream('users'), o.users, o.now, o.days, prior);
  const log = simulateEvents(stream('events'), {
    windowStart,
    now: o.now,
    events: o.events,
    users,
    pins,
    creatorQuality: creators.quality,
  });
  return {
    users: users.users,
    creators: creators.creators,
    pins: pins.pins,
    events: log.toEvents(
      users.users.map((u) => u.id),
      pins.pins.map((p) => p.id),
    ),
    truth: truthOf(o.seed, windowStart, o.now, users, creators, pins),
  };
}
