/**
 * Train/test splits of positive interaction records. Pure functions: the same
 * records and seed give the same split, whatever else runs.
 *
 * Except for the global temporal split, splits work on distinct (user, pin)
 * pairs: every record of a pair goes to the same side. Otherwise a repeated
 * interaction could leave its pin in both train and test, and recall excludes
 * training pins, so that test pin could never be hit. A pair's time is its
 * latest record's; equal times keep input order.
 *
 * Test (and validation) sets map each user to the pins they should be
 * recommended. Train keeps the original records, repeats included, in input
 * order, ready for Interactions.fromRecords.
 */
import { Random, fnv1a } from '../math/random.js';
import { InputError } from '../wire/convert.js';

export interface InteractionRecord {
  userId: string;
  pinId: string;
  weight: number;
  timestamp: number;
}

export type TestSet = Map<string, Set<string>>;

export interface Split {
  train: InteractionRecord[];
  test: TestSet;
  /** Only for splits asked for a validation part. */
  validation?: TestSet;
}

const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;
type Side = typeof TRAIN | typeof VALIDATION | typeof TEST;

interface Pair {
  pinId: string;
  firstTime: number;
  firstOrder: number;
  lastTime: number;
  lastOrder: number;
  side: Side;
}

/** user → pin → pair, users and pins in order of first appearance. */
type Pairs = Map<string, Map<string, Pair>>;

function collectPairs(records: readonly InteractionRecord[]): Pairs {
  const users: Pairs = new Map();
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    let pins = users.get(r.userId);
    if (!pins) users.set(r.userId, (pins = new Map()));
    const pair = pins.get(r.pinId);
    if (!pair) {
      pins.set(r.pinId, { pinId: r.pinId, firstTime: r.timestamp, firstOrder: k, lastTime: r.timestamp, lastOrder: k, side: TRAIN });
    } else {
      if (r.timestamp >= pair.lastTime) {
        pair.lastTime = r.timestamp;
        pair.lastOrder = k;
      }
      if (r.timestamp < pair.firstTime) {
        pair.firstTime = r.timestamp;
        pair.firstOrder = k;
      }
    }
  }
  return users;
}

const byLatest = (a: Pair, b: Pair) => a.lastTime - b.lastTime || a.lastOrder - b.lastOrder;
const byEarliest = (a: Pair, b: Pair) => a.firstTime - b.firstTime || a.firstOrder - b.firstOrder;

/** Splits the records by the sides assigned to their pairs. */
function emit(records: readonly InteractionRecord[], pairs: Pairs, withValidation: boolean): Split {
  const train: InteractionRecord[] = [];
  const test: TestSet = new Map();
  const validation: TestSet = new Map();
  for (const [userId, pins] of pairs) {
    for (const pair of pins.values()) {
      if (pair.side === TRAIN) continue;
      const set = pair.side === TEST ? test : validation;
      let pinsOf = set.get(userId);
      if (!pinsOf) set.set(userId, (pinsOf = new Set()));
      pinsOf.add(pair.pinId);
    }
  }
  for (const r of records) if (pairs.get(r.userId)!.get(r.pinId)!.side === TRAIN) train.push(r);
  return withValidation ? { train, test, validation } : { train, test };
}

function checkShare(share: number, field: string): void {
  if (!(share >= 0 && share <= 1)) throw new InputError(field, `must be between 0 and 1, got ${share}`);
}

export interface LeaveLastOutOptions {
  /** Also hold out each user's second-latest pair as validation (users with 3+ pairs). */
  validation?: boolean;
}

/**
 * Each user's latest pair is test; with `validation`, the one before it is
 * validation. A user keeps at least one pair in train: users with a single
 * pair stay entirely in train (and with 2 pairs get no validation pair).
 */
export function leaveLastOut(records: readonly InteractionRecord[], options: LeaveLastOutOptions = {}): Split {
  const pairs = collectPairs(records);
  for (const pins of pairs.values()) {
    if (pins.size < 2) continue;
    const ordered = [...pins.values()].sort(byLatest);
    ordered[ordered.length - 1]!.side = TEST;
    if (options.validation && ordered.length >= 3) ordered[ordered.length - 2]!.side = VALIDATION;
  }
  return emit(records, pairs, options.validation === true);
}

export interface TemporalSplitOptions {
  /** The share of records (by time) that stays in train, in (0, 1). Default 0.9. */
  quantile?: number;
}

export interface TemporalSplit extends Split {
  /** Records at or before this time are train, later ones are test. */
  cutTime: number;
  /** Test pairs left out, and why. */
  dropped: {
    /** Distinct test users with nothing in train. */
    users: number;
    /** Distinct test pins with nothing in train. */
    items: number;
    /** Distinct test pairs dropped because their user or pin is not in train. */
    pairs: number;
    /** Distinct test pairs already in the user's train (a repeat is no discovery, and recall excludes it). */
    repeats: number;
  };
}

/**
 * One global cut in time: the records up to the `quantile` of all timestamps
 * are train, the later ones test. Records tied with the cut time stay in
 * train, so test can be a little smaller than 1 - quantile. Test pairs whose
 * user or pin never appears in train are dropped and counted.
 */
export function temporalSplit(records: readonly InteractionRecord[], options: TemporalSplitOptions = {}): TemporalSplit {
  const quantile = options.quantile ?? 0.9;
  if (!(quantile > 0 && quantile < 1)) throw new InputError('quantile', `must be strictly between 0 and 1, got ${quantile}`);
  if (records.length === 0) throw new InputError('records', 'a temporal split needs at least one record');
  const times = new Float64Array(records.length);
  for (let k = 0; k < records.length; k++) times[k] = records[k]!.timestamp;
  times.sort();
  const cutTime = times[Math.ceil(quantile * records.length) - 1]!;

  const train: InteractionRecord[] = [];
  const trainPins = new Map<string, Set<string>>();
  const trainItems = new Set<string>();
  for (const r of records) {
    if (r.timestamp > cutTime) continue;
    train.push(r);
    trainItems.add(r.pinId);
    let pins = trainPins.get(r.userId);
    if (!pins) trainPins.set(r.userId, (pins = new Set()));
    pins.add(r.pinId);
  }

  const test: TestSet = new Map();
  const unseenUsers = new Set<string>();
  const unseenItems = new Set<string>();
  const droppedPairs = new Map<string, Set<string>>();
  const repeats = new Map<string, Set<string>>();
  const addTo = (map: Map<string, Set<string>>, userId: string, pinId: string) => {
    let pins = map.get(userId);
    if (!pins) map.set(userId, (pins = new Set()));
    pins.add(pinId);
  };
  for (const r of records) {
    if (r.timestamp <= cutTime) continue;
    const userPins = trainPins.get(r.userId);
    const itemSeen = trainItems.has(r.pinId);
    if (!userPins) unseenUsers.add(r.userId);
    if (!itemSeen) unseenItems.add(r.pinId);
    if (!userPins || !itemSeen) addTo(droppedPairs, r.userId, r.pinId);
    else if (userPins.has(r.pinId)) addTo(repeats, r.userId, r.pinId);
    else addTo(test, r.userId, r.pinId);
  }
  const count = (map: Map<string, Set<string>>) => {
    let n = 0;
    for (const pins of map.values()) n += pins.size;
    return n;
  };
  return {
    train,
    test,
    cutTime,
    dropped: { users: unseenUsers.size, items: unseenItems.size, pairs: count(droppedPairs), repeats: count(repeats) },
  };
}

/**
 * How many of `total` pairs go to each part, as RecBole counts them: parts
 * after the first are rounded down, the first takes the rest, and a later
 * part whose exact share is between 0 and 1 gets one pair while the first
 * keeps more than one.
 */
export function splitCounts(total: number, ratios: readonly number[]): number[] {
  const sum = ratios.reduce((a, b) => a + b, 0);
  const shares = ratios.map((r) => r / sum);
  const counts = shares.map((s) => Math.trunc(s * total));
  counts[0] = total - counts.slice(1).reduce((a, b) => a + b, 0);
  for (let i = 1; i < shares.length; i++) {
    if (counts[0]! <= 1) break;
    const exact = shares[shares.length - i]! * total;
    if (exact > 0 && exact < 1) {
      counts[counts.length - i]!++;
      counts[0]!--;
    }
  }
  return counts;
}

export interface RandomSplitOptions {
  /** [train, test] or [train, validation, test], e.g. [0.8, 0.2] or [0.8, 0.1, 0.1]; normalised to sum 1. */
  ratios: readonly number[];
  seed: number;
}

/**
 * Splits each user's pairs at random in the given ratios. Each user is
 * shuffled by a generator seeded from (seed, user id) over their pins in id
 * order, so a user's split depends on nothing but the seed and their pairs.
 */
export function randomSplit(records: readonly InteractionRecord[], options: RandomSplitOptions): Split {
  const { ratios, seed } = options;
  if (ratios.length !== 2 && ratios.length !== 3) {
    throw new InputError('ratios', `needs 2 parts (train, test) or 3 (train, validation, test), got ${ratios.length}`);
  }
  for (const r of ratios) if (!(r > 0 && Number.isFinite(r))) throw new InputError('ratios', `must be positive numbers, got ${r}`);
  const sides: readonly Side[] = ratios.length === 3 ? [TRAIN, VALIDATION, TEST] : [TRAIN, TEST];
  const pairs = collectPairs(records);
  for (const [userId, pins] of pairs) {
    const ordered = [...pins.values()].sort((a, b) => (a.pinId < b.pinId ? -1 : a.pinId > b.pinId ? 1 : 0));
    new Random(fnv1a(`${seed}:${userId}`)).shuffle(ordered);
    const counts = splitCounts(ordered.length, ratios);
    let at = 0;
    for (let part = 0; part < counts.length; part++) {
      for (let c = 0; c < counts[part]!; c++) ordered[at++]!.side = sides[part]!;
    }
  }
  return emit(records, pairs, ratios.length === 3);
}

/** Ids in a seeded random order that does not depend on the order they came in. */
function shuffledIds(ids: Iterable<string>, seed: number): string[] {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Random(seed).shuffle(sorted);
}

export interface HeldOutUsersOptions {
  /** The share of users held out, in [0, 1]; the count is rounded. Default 0.2. */
  share?: number;
  seed: number;
  /** How many of each held-out user's first pairs (in time order) stay in train as their known history. Default 0. */
  reveal?: number;
}

export interface HeldOutUsersSplit extends Split {
  /** The held-out users, whether or not they have anything left to test. */
  users: Set<string>;
}

/**
 * Cold-start users: a seeded share of users leave train. Their first
 * `reveal` pairs (by first interaction time) stay in train, so channels see
 * them as the user's history; the rest is their test set. Held-out users with
 * no more than `reveal` pairs have nothing to test. To give the revealed
 * history at recommendation time only, filter `users` out of train.
 */
export function heldOutUsers(records: readonly InteractionRecord[], options: HeldOutUsersOptions): HeldOutUsersSplit {
  const share = options.share ?? 0.2;
  const reveal = options.reveal ?? 0;
  checkShare(share, 'share');
  if (!Number.isInteger(reveal) || reveal < 0) throw new InputError('reveal', `must be a non-negative integer, got ${reveal}`);
  const pairs = collectPairs(records);
  const ids = shuffledIds(pairs.keys(), options.seed);
  const users = new Set(ids.slice(0, Math.round(share * ids.length)));
  for (const userId of users) {
    const ordered = [...pairs.get(userId)!.values()].sort(byEarliest);
    for (let i = reveal; i < ordered.length; i++) ordered[i]!.side = TEST;
  }
  return { ...emit(records, pairs, false), users };
}

export interface HeldOutItemsOptions {
  /** The share of items held out, in [0, 1]; the count is rounded. Default 0.2. */
  share?: number;
  seed: number;
}

export interface HeldOutItemsSplit extends Split {
  /** The held-out (cold) items: none of their interactions is in train. */
  items: Set<string>;
}

/**
 * Cold-start items: a seeded share of items lose every interaction from
 * train; each user's test set is the cold items they interacted with. Users
 * who only interacted with cold items end up with test pins and no train.
 */
export function heldOutItems(records: readonly InteractionRecord[], options: HeldOutItemsOptions): HeldOutItemsSplit {
  const share = options.share ?? 0.2;
  checkShare(share, 'share');
  const pairs = collectPairs(records);
  const allItems = new Set<string>();
  for (const r of records) allItems.add(r.pinId);
  const ids = shuffledIds(allItems, options.seed);
  const items = new Set(ids.slice(0, Math.round(share * ids.length)));
  for (const pins of pairs.values()) for (const pair of pins.values()) if (items.has(pair.pinId)) pair.side = TEST;
  return { ...emit(records, pairs, false), items };
}
