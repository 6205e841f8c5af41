/**
 * iALS trained the straightforward way: one thread, plain TypeScript, float64
 * work vectors, and src/math/linalg.ts's conjugateGradient row after row. The
 * same solver as trainIals (same weighting, starting factors, Gram matrix and
 * CG steps), without SIMD, workers or the shared-memory layout: the baseline
 * the benchmark measures the fast trainer against, and the oracle the tests
 * check it with.
 */
import { cgScratch, conjugateGradient, gram } from '../../math/linalg.js';
import { Random } from '../../math/random.js';
import { countWeighted, weighSide, type WeightedRows } from './layout.js';
import { drawInitialFactors, type ImplicitMatrix, type IterationReport, type TrainOptions } from './train.js';

export type ReferenceOptions = Pick<TrainOptions, 'factors' | 'iterations' | 'alpha' | 'regularization' | 'regularizationExponent' | 'cgSteps' | 'seed'>;

function weighted(matrix: ImplicitMatrix['byUser'], otherCount: number, options: ReferenceOptions): WeightedRows {
  const nnz = countWeighted(matrix);
  const rows: WeightedRows = {
    indptr: new Int32Array(matrix.rows + 1),
    indices: new Int32Array(nnz),
    conf: new Float32Array(nnz),
    reg: new Float32Array(matrix.rows),
  };
  weighSide(matrix, otherCount, { alpha: options.alpha, regularization: options.regularization, exponent: options.regularizationExponent }, rows);
  return rows;
}

/** Solves every row of `x` against `y`: A = yᵀy plus the row's penalty on the diagonal. */
function solveSide(rows: WeightedRows, x: Float32Array, y: Float32Array, factors: number, steps: number): void {
  const g = gram(y, factors);
  const a = Float64Array.from(g);
  const scratch = cgScratch(factors);
  let penalty = NaN;
  for (let r = 0; r + 1 < rows.indptr.length; r++) {
    if (rows.reg[r] !== penalty) {
      penalty = rows.reg[r]!;
      for (let j = 0; j < factors; j++) a[j * factors + j] = g[j * factors + j]! + penalty;
    }
    const row = { factors: y, indices: rows.indices, signedConfidence: rows.conf, from: rows.indptr[r]!, to: rows.indptr[r + 1]! };
    conjugateGradient(factors, a, row, x, r * factors, steps, scratch);
  }
}

export function trainIalsReference(
  matrix: ImplicitMatrix,
  options: ReferenceOptions,
  onIteration?: (report: IterationReport) => void,
): { userFactors: Float32Array; itemFactors: Float32Array } {
  const { factors } = options;
  const byUser = weighted(matrix.byUser, matrix.items, options);
  const byItem = weighted(matrix.byItem, matrix.users, options);
  const userFactors = new Float32Array(matrix.users * factors);
  const itemFactors = new Float32Array(matrix.items * factors);
  // Items first, then users, from one generator: as trainIals draws them.
  const random = new Random(options.seed);
  drawInitialFactors(random, matrix.items, factors, itemFactors);
  drawInitialFactors(random, matrix.users, factors, userFactors);
  for (let iteration = 1; iteration <= options.iterations; iteration++) {
    const started = performance.now();
    solveSide(byUser, userFactors, itemFactors, factors, options.cgSteps);
    solveSide(byItem, itemFactors, userFactors, factors, options.cgSteps);
    onIteration?.({ iteration, seconds: (performance.now() - started) / 1000 });
  }
  return { userFactors, itemFactors };
}
