/** When each demo user comes back: sessions spread by activity over the days they were signed up, busier in the evening. */
import type { Random } from '../math/random.js';
import { HOUR, DAY } from './latent.js';
import type { UserPopulation } from './users.js';

export interface SessionSchedule {
  /** Ascending start times, with the user of each session. */
  start: Float64Array;
  user: Int32Array;
}

/** Relative traffic by hour of day (UTC), peaking at 20:00. */
const diurnal = (t: number): number => 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * ((t % DAY) / HOUR - 8)) / 24));

function sessionTime(rng: Random, from: number, to: number): number {
  let t = rng.range(from, to);
  for (let tries = 0; tries < 8 && !rng.bernoulli(diurnal(t)); tries++) t = rng.range(from, to);
  return Math.floor(t);
}

/** About `sessions` sessions in [windowStart, now), each user's share proportional to activity x days signed up. */
export function scheduleSessions(rng: Random, users: UserPopulation, sessions: number, windowStart: number, now: number): SessionSchedule {
  const n = users.users.length;
  const weight = new Float64Array(n);
  let total = 0;
  for (let u = 0; u < n; u++) {
    const from = Math.max(windowStart, users.createdAt[u]!);
    total += weight[u] = from < now ? users.activity[u]! * (now - from) : 0;
  }
  const starts: number[] = [];
  const owners: number[] = [];
  for (let u = 0; u < n && total > 0; u++) {
    const expected = (sessions * weight[u]!) / total;
    const count = Math.floor(expected) + (rng.bernoulli(expected % 1) ? 1 : 0);
    const from = Math.max(windowStart, users.createdAt[u]!);
    for (let i = 0; i < count; i++) {
      starts.push(sessionTime(rng, from, now));
      owners.push(u);
    }
  }
  const order = starts.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]! || a - b);
  return { start: Float64Array.from(order, (i) => starts[i]!), user: Int32Array.from(order, (i) => owners[i]!) };
}
