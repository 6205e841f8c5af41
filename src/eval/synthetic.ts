/**
 * The seeded synthetic implicit-feedback matrix of ../shared/bench/README.md
 * (the training-speed benchmark input shared with other libraries), generated
 * straight into typed arrays: no per-pair objects, duplicates dropped through
 * an open-addressing hash set of pair keys.
 */
import { mulberry32 } from '../math/random.js';
import type { Csr } from '../math/sparse.js';
import { InputError } from '../wire/convert.js';

export interface SyntheticSpec {
  users: number;
  items: number;
  /** Distinct (user, item) pairs to keep. */
  pairs: number;
  seed: number;
}

/** The benchmark's matrix: 500,000 users × 100,000 items, 20,000,000 pairs, seed 42. */
export const BENCH_MATRIX: SyntheticSpec = { users: 500_000, items: 100_000, pairs: 20_000_000, seed: 42 };

export interface SyntheticPairs {
  /** The kept pairs in the order they were drawn. */
  users: Int32Array;
  items: Int32Array;
  /** Candidate pairs drawn, duplicates included. */
  candidates: number;
}

export interface SyntheticChecksums {
  candidates: number;
  userSum: number;
  itemSum: number;
  /** Σ (user · item) mod 1000003. */
  productModSum: number;
  /** user · 100000 + item of the first and last kept pair. */
  firstKey: number;
  lastKey: number;
}

/** The figures ../shared/bench/README.md gives for a correct generator of BENCH_MATRIX. */
export const BENCH_CHECKSUMS: SyntheticChecksums = {
  candidates: 23_026_692,
  userSum: 4_996_651_806_967,
  itemSum: 1_011_697_503_552,
  productModSum: 9_776_765_648_007,
  firstKey: 36_662_201_981,
  lastKey: 5_891_412_902,
};

const EMPTY = -1;

function hashPair(user: number, item: number): number {
  let h = Math.imul(user, 0x9e3779b1) ^ Math.imul(item + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Called with the distinct pairs kept so far and the number wanted. */
export type SyntheticProgress = (kept: number, pairs: number) => void;

/** Pairs between two progress calls. */
const PROGRESS_EVERY = 1_000_000;

/**
 * The first `spec.pairs` distinct pairs drawn as the benchmark defines them:
 * two mulberry32 draws per candidate, a Zipf-like item rank and a skewed user
 * rank, both scattered by × 48271.
 */
export function generateSyntheticPairs(spec: SyntheticSpec, onProgress?: SyntheticProgress): SyntheticPairs {
  const { users: U, items: I, pairs } = spec;
  for (const [field, value] of Object.entries(spec)) {
    if (!Number.isSafeInteger(value) || value < (field === 'seed' ? 0 : 1)) throw new InputError(field, `must be a positive integer, got ${value}`);
  }
  if (pairs > (U * I) / 2) throw new InputError('pairs', `at most half of users × items (${(U * I) / 2}) can be drawn, got ${pairs}`);
  const bits = Math.max(4, Math.ceil(Math.log2(pairs / 0.6)));
  if (bits > 30) throw new InputError('pairs', `at most ${Math.floor(2 ** 30 * 0.6)} pairs, got ${pairs}`);
  const mask = 2 ** bits - 1;
  const shift = 32 - bits;
  const table = new Float64Array(2 ** bits).fill(EMPTY);
  const users = new Int32Array(pairs);
  const items = new Int32Array(pairs);
  const next = mulberry32(spec.seed);
  const logI = Math.log(I + 1);
  let kept = 0;
  let candidates = 0;
  while (kept < pairs) {
    const ua = next();
    const ub = next();
    candidates++;
    const rankI = Math.min(Math.floor(Math.exp(ua * logI)) - 1, I - 1);
    const rankU = Math.floor(ub * ub * U);
    const item = (rankI * 48271) % I;
    const user = (rankU * 48271) % U;
    const key = user * I + item;
    let slot = hashPair(user, item) >>> shift;
    for (;;) {
      const there = table[slot]!;
      if (there === EMPTY) {
        table[slot] = key;
        users[kept] = user;
        items[kept] = item;
        kept++;
        if (onProgress && (kept % PROGRESS_EVERY === 0 || kept === pairs)) onProgress(kept, pairs);
        break;
      }
      if (there === key) break;
      slot = (slot + 1) & mask;
    }
  }
  return { users, items, candidates };
}

export function syntheticChecksums(p: SyntheticPairs): SyntheticChecksums {
  let userSum = 0;
  let itemSum = 0;
  let productModSum = 0;
  for (let k = 0; k < p.users.length; k++) {
    const u = p.users[k]!;
    const i = p.items[k]!;
    userSum += u;
    itemSum += i;
    productModSum += (u * i) % 1000003;
  }
  const key = (k: number) => p.users[k]! * 100000 + p.items[k]!;
  return { candidates: p.candidates, userSum, itemSum, productModSum, firstKey: key(0), lastKey: key(p.users.length - 1) };
}

/** rows × cols CSR of the pairs (all values 1), columns sorted within each row. */
function csrOf(rows: number, cols: number, rowOf: Int32Array, colOf: Int32Array): Csr {
  const indptr = new Int32Array(rows + 1);
  for (let k = 0; k < rowOf.length; k++) indptr[rowOf[k]! + 1]!++;
  for (let r = 0; r < rows; r++) indptr[r + 1]! += indptr[r]!;
  const fill = indptr.slice(0, rows);
  const indices = new Int32Array(rowOf.length);
  for (let k = 0; k < rowOf.length; k++) indices[fill[rowOf[k]!]!++] = colOf[k]!;
  for (let r = 0; r < rows; r++) indices.subarray(indptr[r]!, indptr[r + 1]!).sort();
  return { rows, cols, indptr, indices, values: new Float32Array(rowOf.length).fill(1) };
}

export interface SyntheticMatrix {
  users: number;
  items: number;
  byUser: Csr;
  byItem: Csr;
  checksums: SyntheticChecksums;
}

/** The matrix in both orientations, with the checksums of the pairs it was built from. */
export function syntheticMatrix(spec: SyntheticSpec = BENCH_MATRIX, onProgress?: SyntheticProgress): SyntheticMatrix {
  const pairs = generateSyntheticPairs(spec, onProgress);
  const checksums = syntheticChecksums(pairs);
  return {
    users: spec.users,
    items: spec.items,
    byUser: csrOf(spec.users, spec.items, pairs.users, pairs.items),
    byItem: csrOf(spec.items, spec.users, pairs.items, pairs.users),
    checksums,
  };
}

/** The names of the checksums that differ from `expected` (empty when all match). */
export function checksumMismatches(actual: SyntheticChecksums, expected: SyntheticChecksums = BENCH_CHECKSUMS): string[] {
  return (Object.keys(expected) as (keyof SyntheticChecksums)[]).filter((k) => actual[k] !== expected[k]);
}
