/**
 * Demo users: a latent interest distribution over categories (Dirichlet, 2-4
 * strong interests) that drifts over the event window, demographics that
 * shift which interests are likely (so they carry signal for cold start),
 * declared interests that are a noisy subset of the true ones, and a
 * heavy-tailed activity level.
 */
import type { User } from '../domain/types.js';
import type { Random } from '../math/random.js';
import { CATEGORIES } from './categories.js';
import { ID_WIDTHS, idMaker } from './ids.js';
import { DAY, round6, type CategoryPrior } from './latent.js';

export const COUNTRIES: readonly { code: string; language: string; weight: number }[] = [
  { code: 'US', language: 'en', weight: 0.34 },
  { code: 'GB', language: 'en', weight: 0.08 },
  { code: 'CA', language: 'en', weight: 0.05 },
  { code: 'AU', language: 'en', weight: 0.03 },
  { code: 'IN', language: 'en', weight: 0.08 },
  { code: 'FR', language: 'fr', weight: 0.08 },
  { code: 'DE', language: 'de', weight: 0.08 },
  { code: 'ES', language: 'es', weight: 0.04 },
  { code: 'MX', language: 'es', weight: 0.06 },
  { code: 'BR', language: 'pt', weight: 0.1 },
  { code: 'JP', language: 'ja', weight: 0.06 },
];
export const AGE_RANGES = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
const AGE_WEIGHTS = [0.22, 0.3, 0.2, 0.13, 0.09, 0.06];
export const GENDERS = ['female', 'male'] as const;
/** The rest leave gender unset. */
const GENDER_WEIGHTS = [0.58, 0.34, 0.08];

export interface UserPopulation {
  /** Ordered by createdAt, oldest first; ids follow that order. */
  users: User[];
  /** users x categories, row-major: interest shares at the window's start and end. */
  start: Float64Array;
  end: Float64Array;
  /** Relative sessions per active day (heavy-tailed). */
  activity: Float64Array;
  createdAt: Float64Array;
}

/** How each demographic value shifts the log-odds of each category. */
interface Loadings {
  country: Float64Array[];
  age: Float64Array[];
  gender: Float64Array[];
}

function loadings(rng: Random): Loadings {
  const draw = (n: number, sd: number) =>
    Array.from({ length: n }, () => Float64Array.from(CATEGORIES, () => rng.normal(0, sd)));
  return { country: draw(COUNTRIES.length, 0.7), age: draw(AGE_RANGES.length, 0.9), gender: draw(GENDERS.length, 0.7) };
}

const STRONG_ALPHA = 2.5;
const WEAK_ALPHA = 0.06;

/** 2-4 strong interests, drawn from the demographic prior, each making its related categories likelier. */
function strongInterests(rng: Random, prior: Float64Array, related: number[][]): number[] {
  const weights = Float64Array.from(prior);
  const n = 2 + rng.weighted([0.4, 0.4, 0.2]);
  const chosen: number[] = [];
  while (chosen.length < n) {
    const k = rng.weighted(weights);
    chosen.push(k);
    weights[k] = 0;
    for (const r of related[k] ?? []) weights[r]! *= 8;
  }
  return chosen;
}

/** The interests at the end of the window: some strong interests fade, a new (often related) one grows. */
function drifted(rng: Random, start: number[], strong: number[], prior: Float64Array, related: number[][]): number[] {
  const alphas = start.map(() => WEAK_ALPHA);
  for (const k of strong) if (rng.bernoulli(0.75)) alphas[k] = 2;
  const nearby = strong.flatMap((k) => related[k] ?? []).filter((k) => !strong.includes(k));
  let grown = nearby.length > 0 && rng.bernoulli(0.7) ? rng.pick(nearby) : rng.weighted(prior);
  if (strong.includes(grown)) grown = rng.int(start.length);
  alphas[grown] = 4;
  const target = rng.dirichlet(alphas);
  const rho = rng.range(0.15, 0.5);
  return start.map((x, k) => (1 - rho) * x + rho * target[k]!);
}

function declaredInterests(rng: Random, start: number[]): string[] {
  if (rng.bernoulli(0.25)) return [];
  const top = start
    .map((x, k) => [x, k] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, k]) => k);
  const declared = top.filter(() => rng.bernoulli(0.65));
  if (declared.length === 0) declared.push(top[0]!);
  if (rng.bernoulli(0.15)) {
    const other = rng.int(CATEGORIES.length);
    if (!declared.includes(other)) declared.push(other);
  }
  return declared.map((k) => CATEGORIES[k]!.slug);
}

function signupTimes(rng: Random, count: number, now: number, days: number): number[] {
  const windowStart = now - days * DAY;
  return Array.from({ length: count }, () => {
    const u = rng.float();
    if (u < 0.03) return now - rng.range(0, 2) * DAY;
    if (u < 0.15) return windowStart + rng.float() * (now - windowStart);
    return windowStart - rng.range(0, 730) * DAY;
  })
    .map(Math.floor)
    .sort((a, b) => a - b);
}

export function generateUsers(rng: Random, count: number, now: number, days: number, category: CategoryPrior): UserPopulation {
  const K = CATEGORIES.length;
  const load = loadings(rng);
  const logPopularity = Array.from(category.popularity, Math.log);
  const createdAt = signupTimes(rng, count, now, days);
  const id = idMaker('u', ID_WIDTHS.user, count);
  const out: UserPopulation = {
    users: [],
    start: new Float64Array(count * K),
    end: new Float64Array(count * K),
    activity: new Float64Array(count),
    createdAt: Float64Array.from(createdAt),
  };
  const prior = new Float64Array(K);
  for (let i = 0; i < count; i++) {
    const country = rng.weighted(COUNTRIES.map((c) => c.weight));
    const age = rng.weighted(AGE_WEIGHTS);
    const gender = rng.weighted(GENDER_WEIGHTS);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const g = gender < GENDERS.length ? load.gender[gender]![k]! : 0;
      sum += prior[k] = Math.exp(logPopularity[k]! + load.country[country]![k]! + load.age[age]![k]! + g);
    }
    for (let k = 0; k < K; k++) prior[k]! /= sum;
    const strong = strongInterests(rng, prior, category.related);
    const start = rng.dirichlet(Array.from({ length: K }, (_, k) => (strong.includes(k) ? STRONG_ALPHA : WEAK_ALPHA)));
    const end = drifted(rng, start, strong, prior, category.related);
    for (let k = 0; k < K; k++) {
      out.start[i * K + k] = round6(start[k]!);
      out.end[i * K + k] = round6(end[k]!);
    }
    out.activity[i] = Math.exp(rng.normal(0, 1.1));
    const home = COUNTRIES[country]!;
    const user: User = {
      id: id(i),
      createdAt: createdAt[i]!,
      country: home.code,
      language: rng.bernoulli(0.9) ? home.language : 'en',
      ageRange: AGE_RANGES[age]!,
      interests: declaredInterests(rng, start),
    };
    if (gender < GENDERS.length) user.gender = GENDERS[gender]!;
    out.users.push(user);
  }
  return out;
}
