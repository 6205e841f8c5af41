/**
 * iALS training speed: seconds per iteration (one pass over users plus one
 * over items) at 64 and 128 factors, on all of MovieLens 1M (1,000,209 pairs)
 * and on the shared synthetic matrix (500,000 users × 100,000 items,
 * 20,000,000 pairs; src/eval/synthetic.ts, generated here and checked against
 * the checksums of ../shared/bench/README.md).
 *
 * Three solvers per case, same maths, same options as implicit's reference
 * run (conjugate gradient with 3 steps, λ = 0.01, float32 factors):
 * - trainIals on one worker thread per CPU (what the channel uses);
 * - trainIals on the calling thread (the same SIMD kernel, one thread);
 * - the straightforward single-threaded solver (ials/reference.ts), the
 *   baseline of the speed-up column.
 * Each trainIals run does WARMUP iterations, then ITERATIONS timed ones: the
 * median is reported with the spread. The reference runs REFERENCE_ITERATIONS
 * (one on the synthetic matrix, where it is slow). Environment:
 * BENCH_IALS_ITERATIONS, BENCH_IALS_DATASETS, BENCH_IALS_FACTORS. Wall and CPU seconds are
 * both given: on a shared machine wall time also counts other processes.
 * Peak RSS is the process's resident high-water mark during the run (input
 * matrices included; they are given as "RSS before").
 */
import { IALS_DEFAULTS } from '../src/recall/ials.js';
import { trainIalsReference } from '../src/recall/ials/reference.js';
import { defaultThreads, trainIals, type ImplicitMatrix, type TrainOptions } from '../src/recall/ials/train.js';
import { BENCH_CHECKSUMS, BENCH_MATRIX, checksumMismatches, syntheticMatrix } from '../src/eval/synthetic.js';
import { readMl1m } from './datasets.js';
import { collectGarbage, cpuSecondsSince, fmt, loadAverage, median, mib, PeakMemory, printTable, progress, type Row } from './lib.js';

const WARMUP = 1;
const ITERATIONS = Number(process.env.BENCH_IALS_ITERATIONS ?? 3);
const FACTORS = [64, 128] as const;
/** BENCH_IALS_DATASETS=ml-1m,synthetic and BENCH_IALS_FACTORS=64,128 select cases (default: all). */
const DATASETS = (process.env.BENCH_IALS_DATASETS ?? 'ml-1m,synthetic').split(',');
const FACTOR_CHOICE = (process.env.BENCH_IALS_FACTORS ?? FACTORS.join(',')).split(',').map(Number);

interface Case {
  dataset: string;
  matrix: ImplicitMatrix;
  /** implicit 0.7.3's seconds per iteration on this machine, 2 threads, by factor count. */
  implicit: Record<(typeof FACTORS)[number], number>;
  referenceIterations: number;
}

/** Options as in implicit's reference run; the rest from the channel's defaults. */
const options = (factors: number, iterations: number, threads: number): TrainOptions => ({
  ...IALS_DEFAULTS,
  factors,
  iterations,
  alpha: 1,
  regularization: 0.01,
  regularizationExponent: 0,
  cgSteps: 3,
  seed: 42,
  threads,
  computeLoss: false,
});

interface Timing {
  /** Seconds of each timed iteration. */
  seconds: number[];
  /** CPU seconds (all threads) per timed iteration. */
  cpu: number[];
  peakRss: number;
  rssBefore: number;
  load: string;
}

/** Runs `train`, which reports each iteration; the first `warmup` iterations are not counted. */
async function time(warmup: number, train: (onIteration: (seconds: number) => void) => Promise<unknown> | unknown): Promise<Timing> {
  collectGarbage();
  const load = loadAverage();
  const rssBefore = process.memoryUsage.rss();
  const peak = new PeakMemory();
  const seconds: number[] = [];
  const cpu: number[] = [];
  let done = 0;
  let cpuMark = process.cpuUsage();
  await train((s) => {
    const used = cpuSecondsSince(cpuMark);
    cpuMark = process.cpuUsage();
    progress(`  iteration ${++done}${done <= warmup ? ' (warm-up)' : ''}: ${fmt(s, 2)} s, ${fmt(used, 2)} CPU s`);
    if (done > warmup) {
      seconds.push(s);
      cpu.push(used);
    }
  });
  return { seconds, cpu, peakRss: peak.stop(), rssBefore, load };
}

function row(name: string, threads: number, t: Timing, implicitSeconds: number, referenceSeconds: number | undefined): Row {
  const perIteration = median(t.seconds);
  const spread = t.seconds.length > 1 ? `${fmt(Math.min(...t.seconds), 3)}–${fmt(Math.max(...t.seconds), 3)}` : '';
  return {
    name,
    threads,
    's/iteration': fmt(perIteration, 3),
    spread,
    'CPU s/iteration': fmt(median(t.cpu), 3),
    'vs implicit': `${fmt(perIteration / implicitSeconds, 2)}x (${implicitSeconds} s)`,
    'speed-up vs reference': referenceSeconds === undefined ? '' : `${fmt(referenceSeconds / perIteration, 1)}x`,
    'peak RSS MiB': mib(t.peakRss),
    'RSS before MiB': mib(t.rssBefore),
    'load avg': t.load,
  };
}

async function benchCase(c: Case, factors: (typeof FACTORS)[number]): Promise<Row[]> {
  const label = `${c.dataset}, ${factors} factors`;
  const implicitSeconds = c.implicit[factors];
  const threads = defaultThreads();
  progress(`iALS ${label}: ${threads} threads, ${WARMUP} + ${ITERATIONS} iterations`);
  const parallel = await time(WARMUP, (onIteration) => trainIals(c.matrix, options(factors, WARMUP + ITERATIONS, threads), (r) => onIteration(r.seconds)));
  progress(`iALS ${label}: 1 thread, ${WARMUP} + ${ITERATIONS} iterations`);
  const single = await time(WARMUP, (onIteration) => trainIals(c.matrix, options(factors, WARMUP + ITERATIONS, 1), (r) => onIteration(r.seconds)));
  progress(`iALS ${label}: reference solver, ${c.referenceIterations} iteration(s)`);
  const reference = await time(0, (onIteration) =>
    trainIalsReference(c.matrix, options(factors, c.referenceIterations, 1), (r) => onIteration(r.seconds)),
  );
  const referenceSeconds = median(reference.seconds);
  return [
    row(`iALS ${label}, trainIals`, threads, parallel, implicitSeconds, referenceSeconds),
    row(`iALS ${label}, trainIals`, 1, single, implicitSeconds, referenceSeconds),
    row(`iALS ${label}, reference solver`, 1, reference, implicitSeconds, undefined),
  ];
}

async function ml1mCase(): Promise<Case> {
  progress('reading MovieLens 1M');
  const data = await readMl1m();
  return {
    dataset: `ML-1M (${fmt(data.nnz)} pairs)`,
    matrix: { users: data.userCount, items: data.itemCount, byUser: data.byUser, byItem: data.byItem },
    implicit: { 64: 0.076, 128: 0.103 },
    referenceIterations: 2,
  };
}

function syntheticCase(): Case {
  const { users, items, pairs } = BENCH_MATRIX;
  const started = performance.now();
  const matrix = syntheticMatrix(BENCH_MATRIX, (kept) => progress(`synthetic matrix: ${fmt(kept)} / ${fmt(pairs)} pairs`));
  const wrong = checksumMismatches(matrix.checksums, BENCH_CHECKSUMS);
  if (wrong.length) throw new Error(`the synthetic matrix does not match ../shared/bench/README.md: ${wrong.join(', ')} differ`);
  progress(`synthetic matrix: built and checked in ${fmt((performance.now() - started) / 1000, 1)} s`);
  return {
    dataset: `synthetic ${fmt(users / 1000)}k × ${fmt(items / 1000)}k (${fmt(pairs / 1e6)}M pairs)`,
    matrix,
    implicit: { 64: 4.6, 128: 5.9 },
    referenceIterations: 1,
  };
}

export async function benchIals(): Promise<Row[]> {
  const rows: Row[] = [];
  const cases = { 'ml-1m': ml1mCase, synthetic: syntheticCase };
  const unknown = [...DATASETS.filter((d) => !(d in cases)), ...FACTOR_CHOICE.filter((f) => !FACTORS.includes(f as never))];
  if (unknown.length) throw new Error(`BENCH_IALS_DATASETS / BENCH_IALS_FACTORS: unknown ${unknown.join(', ')} (known: ${Object.keys(cases).join(', ')}; ${FACTORS.join(', ')})`);
  for (const [name, makeCase] of Object.entries(cases)) {
    if (!DATASETS.includes(name)) continue;
    const c = await makeCase();
    for (const factors of FACTORS) if (FACTOR_CHOICE.includes(factors)) rows.push(...(await benchCase(c, factors)));
  }
  printTable('iALS training speed (conjugate gradient, 3 steps, λ = 0.01)', rows);
  return rows;
}
