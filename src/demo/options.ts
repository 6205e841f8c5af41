/** The demo world's size and clock: defaults and validation. */

export interface DemoWorldOptions {
  /** The world's clock: events fall in the `days` before it (epoch ms). Pass a fixed value for reproducible worlds. */
  now: number;
  seed?: number;
  users?: number;
  creators?: number;
  pins?: number;
  /** Target event count, impressions included; the simulation lands close to it, not on it. */
  events?: number;
  /** Length of the event window in days. */
  days?: number;
}

export type ResolvedDemoOptions = Required<DemoWorldOptions>;

export const DEFAULT_DEMO_SEED = 42;

export const DEFAULT_DEMO_SIZES = {
  users: 2_000,
  creators: 1_000,
  pins: 20_000,
  events: 300_000,
  days: 30,
} as const;

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
  return value;
}

/** Fills in defaults and checks every field; throws a RangeError naming the bad one. */
export function resolveDemoOptions(options: DemoWorldOptions): ResolvedDemoOptions {
  if (!Number.isFinite(options.now) || options.now <= 0) throw new RangeError(`now must be epoch milliseconds, got ${options.now}`);
  const resolved: ResolvedDemoOptions = {
    now: Math.floor(options.now),
    seed: integer('seed', options.seed ?? DEFAULT_DEMO_SEED, 0),
    users: integer('users', options.users ?? DEFAULT_DEMO_SIZES.users, 1),
    creators: integer('creators', options.creators ?? DEFAULT_DEMO_SIZES.creators, 1),
    pins: integer('pins', options.pins ?? DEFAULT_DEMO_SIZES.pins, 1),
    events: integer('events', options.events ?? DEFAULT_DEMO_SIZES.events, 0),
    days: options.days ?? DEFAULT_DEMO_SIZES.days,
  };
  if (!(resolved.days > 0 && resolved.days <= 3650)) throw new RangeError(`days must be between 0 and 3650, got ${resolved.days}`);
  if (resolved.pins < resolved.creators) {
    throw new RangeError(`pins (${resolved.pins}) must be at least creators (${resolved.creators}): every creator has a pin`);
  }
  return resolved;
}
