/**
 * iALS training on a users × items weight matrix, independent of ids and of
 * the recall channel (the benchmark trains on synthetic matrices directly).
 * Each iteration: Gram matrix of the item factors, every user row solved,
 * Gram matrix of the user factors, every item row solved. The Gram matrices
 * are computed once per half-iteration, in fixed chunks summed in order.
 * In the kernel's memory each side's rows are busiest first (row-order.ts);
 * factors go in and come out in the caller's row order.
 */
import os from 'node:os';
import type { Csr } from '../../math/sparse.js';
import { Random } from '../../math/random.js';
import { InlineExecutor, WorkerPool, type Executor } from './executor.js';
import { kernelModule } from './kernel.js';
import { allocateLayout, countWeighted, fillSide, GRAM_ROWS, LOSS_ROWS, type KernelLayout, type Weighting } from './layout.js';
import { busiestFirst, reordered, type RowOrder } from './row-order.js';
import { balancedChunks, type SideLayout, type Task } from './tasks.js';

export interface ImplicitMatrix {
  users: number;
  items: number;
  /** users × items weights; 0 means no information, negative a dislike. */
  byUser: Csr;
  /** The transpose. */
  byItem: Csr;
}

export interface TrainOptions {
  factors: number;
  iterations: number;
  /** Confidence of an entry: 1 + alpha · |weight|. */
  alpha: number;
  /** λ: L2 regularisation of every factor row. */
  regularization: number;
  /** ν: a row's regularisation is λ · (its total confidence)^ν; 0 gives plain λ. */
  regularizationExponent: number;
  cgSteps: number;
  seed: number;
  /** 1 trains on the calling thread; more start that many worker threads. */
  threads: number;
  /** Computes the training loss after each iteration (costs about a fifth of an iteration). */
  computeLoss: boolean;
}

export interface IterationReport {
  iteration: number;
  /** Wall-clock seconds of the iteration's two half-steps (the loss is not included). */
  seconds: number;
  /** Weighted squared error plus regularisation, over the total confidence of the matrix. */
  loss?: number;
}

export interface TrainedFactors {
  factors: number;
  /** users × factors, row-major. */
  userFactors: Float32Array;
  /** items × factors, row-major. */
  itemFactors: Float32Array;
  threads: number;
}

export const defaultThreads = (): number => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** The factor count rounded up to the kernel's four lanes; the padding stays 0. */
export const strideOf = (factors: number): number => Math.ceil(factors / 4) * 4;

/**
 * The starting factors: uniform with standard deviation 0.1 / √factors, drawn
 * row after row into `out`, row r at rowAt[r] × stride (r × stride without
 * rowAt); the padding is not touched.
 */
export function drawInitialFactors(random: Random, rows: number, factors: number, out: Float32Array, stride = factors, rowAt?: Int32Array): void {
  const half = (Math.sqrt(3) * 0.1) / Math.sqrt(factors);
  for (let r = 0; r < rows; r++) {
    const at = (rowAt ? rowAt[r]! : r) * stride;
    for (let j = 0; j < factors; j++) out[at + j] = (random.float() * 2 - 1) * half;
  }
}

/** One side (users or items) in the kernel's memory. */
interface Side {
  layout: SideLayout;
  order: RowOrder;
  /** Where the solve's chunks start (balancedChunks). */
  chunkStarts: Int32Array;
}

function initFactors(layout: KernelLayout, s: Side, factors: number, random: Random): void {
  const { stride } = layout;
  const values = new Float32Array(layout.memory.buffer, s.layout.factors, s.layout.rows * stride);
  drawInitialFactors(random, s.layout.rows, factors, values, stride, s.order.position);
}

/** The side's factors in original row order, without padding. */
function copyOut(layout: KernelLayout, s: Side, factors: number): Float32Array {
  const { stride } = layout;
  const all = new Float32Array(layout.memory.buffer, s.layout.factors, s.layout.rows * stride);
  const out = new Float32Array(s.layout.rows * factors);
  for (let r = 0; r < s.layout.rows; r++) {
    const at = s.order.position[r]! * stride;
    out.set(all.subarray(at, at + factors), r * factors);
  }
  return out;
}

/**
 * Fills one side, rows busiest first, and cuts its solve into chunks of
 * equal work. A row's overhead (four products with the Gram matrix) costs
 * about stride / 2 entries.
 */
function prepareSide(layout: KernelLayout, s: SideLayout, m: Csr, order: RowOrder, otherOrder: RowOrder, weighting: Weighting): { side: Side; totalConfidence: number } {
  const totalConfidence = fillSide(layout, s, reordered(m, order, otherOrder), m.cols, weighting);
  const chunkStarts = balancedChunks(new Int32Array(layout.memory.buffer, s.indptr, s.rows + 1), layout.stride / 2);
  return { side: { layout: s, order, chunkStarts }, totalConfidence };
}

class Trainer {
  constructor(
    private readonly layout: KernelLayout,
    private readonly executor: Executor,
    private readonly options: TrainOptions,
  ) {}

  /** Computes factorsᵀfactors of one side into layout.gram. */
  async gram(s: SideLayout): Promise<void> {
    const { stride, memory, counter, partials, gram } = this.layout;
    const gramBytes = stride * stride * 4;
    await this.executor.run({ kind: 'gram', rows: s.rows, factors: s.factors, out: partials, gramBytes, chunkRows: GRAM_ROWS, counter });
    const chunks = Math.ceil(s.rows / GRAM_ROWS);
    const sum = new Float64Array(stride * stride);
    for (let c = 0; c < chunks; c++) {
      const part = new Float32Array(memory.buffer, partials + c * gramBytes, stride * stride);
      for (let k = 0; k < sum.length; k++) sum[k]! += part[k]!;
    }
    new Float32Array(memory.buffer, gram, stride * stride).set(sum);
  }

  async solve(s: Side, other: Side): Promise<void> {
    await this.gram(other.layout);
    const { counter, gram } = this.layout;
    const { chunkStarts } = s;
    await this.executor.run({ kind: 'solve', side: s.layout, other: other.layout.factors, gram, steps: this.options.cgSteps, chunkStarts, counter });
  }

  async sumOfChunks(task: Task, rows: number): Promise<number> {
    await this.executor.run(task);
    const chunks = Math.ceil(rows / LOSS_ROWS);
    const values = new Float64Array(this.layout.memory.buffer, this.layout.results, chunks);
    let total = 0;
    for (let c = 0; c < chunks; c++) total += values[c]!;
    return total;
  }

  /** The loss over the whole matrix (every user against every item), unnormalised. */
  async loss(): Promise<number> {
    const { users, items, counter, gram, results } = this.layout;
    await this.gram(items);
    const errors = await this.sumOfChunks(
      { kind: 'loss', side: users, other: items.factors, gram, results, chunkRows: LOSS_ROWS, counter },
      users.rows,
    );
    const itemNorms = await this.sumOfChunks({ kind: 'norms', side: items, results, chunkRows: LOSS_ROWS, counter }, items.rows);
    return errors + itemNorms;
  }
}

export async function trainIals(
  matrix: ImplicitMatrix,
  options: TrainOptions,
  /** `current()` copies out the factors as they are after the iteration. */
  onIteration?: (report: IterationReport, current: () => Pick<TrainedFactors, 'itemFactors' | 'userFactors'>) => void,
): Promise<TrainedFactors> {
  const { factors, threads } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const stride = strideOf(factors);
  const nnz = countWeighted(matrix.byUser);
  const layout = allocateLayout(matrix.users, matrix.items, nnz, stride, threads);
  const weighting = { alpha: options.alpha, regularization: options.regularization, exponent: options.regularizationExponent };
  const userOrder = busiestFirst(matrix.byUser);
  const itemOrder = busiestFirst(matrix.byItem);
  const { side: users, totalConfidence } = prepareSide(layout, layout.users, matrix.byUser, userOrder, itemOrder, weighting);
  const { side: items } = prepareSide(layout, layout.items, matrix.byItem, itemOrder, userOrder, weighting);
  const random = new Random(options.seed);
  initFactors(layout, items, factors, random);
  initFactors(layout, users, factors, random);

  const module = kernelModule(stride);
  const executor: Executor =
    threads === 1
      ? new InlineExecutor(module, layout.memory, layout.scratch)
      : await WorkerPool.start(threads, module, layout.memory, layout.scratch, layout.scratchBytes);
  try {
    const trainer = new Trainer(layout, executor, options);
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      const started = performance.now();
      await trainer.solve(users, items);
      await trainer.solve(items, users);
      const seconds = (performance.now() - started) / 1000;
      const report: IterationReport = { iteration, seconds };
      if (options.computeLoss) report.loss = (await trainer.loss()) / totalConfidence;
      onIteration?.(report, () => ({ userFactors: copyOut(layout, users, factors), itemFactors: copyOut(layout, items, factors) }));
    }
  } finally {
    await executor.close();
  }
  return {
    factors,
    userFactors: copyOut(layout, users, factors),
    itemFactors: copyOut(layout, items, factors),
    threads,
  };
}
