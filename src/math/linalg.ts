/**
 * Small dense linear algebra on typed arrays: vectors are (array, offset)
 * slices, matrices are row-major `dim × dim` Float64Arrays. Enough for
 * factor models: dot products, Gram matrices, Cholesky solves, and the
 * conjugate-gradient step of implicit ALS.
 */

export type Vector = Float32Array | Float64Array;

/** Σ a[aOff + j] · b[bOff + j] for j < n. */
export function dot(n: number, a: Vector, aOff: number, b: Vector, bOff: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < n; j += 2) {
    s0 += a[aOff + j]! * b[bOff + j]!;
    s1 += a[aOff + j + 1]! * b[bOff + j + 1]!;
  }
  if (j < n) s0 += a[aOff + j]! * b[bOff + j]!;
  return s0 + s1;
}

/** y += alpha · x, over n elements. */
export function axpy(n: number, alpha: number, x: Vector, xOff: number, y: Vector, yOff: number): void {
  for (let j = 0; j < n; j++) y[yOff + j]! += alpha * x[xOff + j]!;
}

/**
 * A += alpha · x xᵀ (A is dim × dim). With `lower`, only the lower triangle
 * (what choleskyFactor reads) is updated, at half the cost.
 */
export function syr(dim: number, alpha: number, x: Vector, xOff: number, a: Float64Array, lower = false): void {
  for (let r = 0; r < dim; r++) {
    const s = alpha * x[xOff + r]!;
    if (s === 0) continue;
    const row = r * dim;
    const end = lower ? r + 1 : dim;
    for (let c = 0; c < end; c++) a[row + c]! += s * x[xOff + c]!;
  }
}

/**
 * A += Σₖ weights[k] · yₖ yₖᵀ on the lower triangle, where yₖ is row
 * indices[k] of `rows` (dim wide): a weighted Gram matrix of selected rows,
 * four rows per pass over A.
 */
export function addWeightedGram(dim: number, a: Float64Array, rows: Vector, indices: ArrayLike<number>, weights: ArrayLike<number>): void {
  const n = indices.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o0 = indices[k]! * dim;
    const o1 = indices[k + 1]! * dim;
    const o2 = indices[k + 2]! * dim;
    const o3 = indices[k + 3]! * dim;
    const w0 = weights[k]!;
    const w1 = weights[k + 1]!;
    const w2 = weights[k + 2]!;
    const w3 = weights[k + 3]!;
    for (let r = 0; r < dim; r++) {
      const s0 = w0 * rows[o0 + r]!;
      const s1 = w1 * rows[o1 + r]!;
      const s2 = w2 * rows[o2 + r]!;
      const s3 = w3 * rows[o3 + r]!;
      const row = r * dim;
      for (let c = 0; c <= r; c++) {
        a[row + c]! += s0 * rows[o0 + c]! + s1 * rows[o1 + c]! + s2 * rows[o2 + c]! + s3 * rows[o3 + c]!;
      }
    }
  }
  for (; k < n; k++) syr(dim, weights[k]!, rows, indices[k]! * dim, a, true);
}

/** out = A v (A is dim × dim). */
export function matVec(dim: number, a: Float64Array, v: Vector, vOff: number, out: Vector, outOff: number): void {
  for (let r = 0; r < dim; r++) out[outOff + r] = dot(dim, a, r * dim, v, vOff);
}

/** YᵀY of `rows` row-major `dim`-wide rows (or the first `count`), accumulated in float64. */
export function gram(rows: Vector, dim: number, count = Math.floor(rows.length / dim)): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    const off = i * dim;
    // Upper triangle only, mirrored below.
    for (let r = 0; r < dim; r++) {
      const s = rows[off + r]!;
      if (s === 0) continue;
      const row = r * dim;
      for (let c = r; c < dim; c++) out[row + c]! += s * rows[off + c]!;
    }
  }
  for (let r = 0; r < dim; r++) for (let c = 0; c < r; c++) out[r * dim + c] = out[c * dim + r]!;
  return out;
}

/** Adds `lambda` to the diagonal, in place. */
export function addDiagonal(dim: number, a: Float64Array, lambda: number): Float64Array {
  for (let r = 0; r < dim; r++) a[r * dim + r]! += lambda;
  return a;
}

export class NotPositiveDefiniteError extends Error {
  constructor(readonly pivot: number) {
    super(`matrix is not positive definite (pivot ${pivot}); increase the regularisation`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Cholesky factor L (A = L Lᵀ) in place: the lower triangle of `a` becomes L; the upper is left as it was. */
export function choleskyFactor(dim: number, a: Float64Array): Float64Array {
  for (let j = 0; j < dim; j++) {
    const rowJ = j * dim;
    const d = a[rowJ + j]! - dot(j, a, rowJ, a, rowJ);
    if (!(d > 0)) throw new NotPositiveDefiniteError(j);
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      const rowI = i * dim;
      a[rowI + j] = (a[rowI + j]! - dot(j, a, rowI, a, rowJ)) / ljj;
    }
  }
  return a;
}

/** Solves L Lᵀ x = b in place in `b`, given the factor from choleskyFactor. */
export function choleskySolve(dim: number, l: Float64Array, b: Vector): Vector {
  for (let i = 0; i < dim; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * dim + k]! * b[k]!;
    b[i] = s / l[i * dim + i]!;
  }
  for (let i = dim - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < dim; k++) s -= l[k * dim + i]! * b[k]!;
    b[i] = s / l[i * dim + i]!;
  }
  return b;
}

/** x = A⁻¹ b for a symmetric positive definite A (neither argument is modified). */
export function solveSpd(dim: number, a: Float64Array, b: Vector): Float64Array {
  return choleskySolve(dim, choleskyFactor(dim, Float64Array.from(a)), Float64Array.from(b)) as Float64Array;
}

/**
 * One row of implicit ALS: the rows of `factors` listed in
 * `indices[from..to)`, each with a signed confidence `s = c − 1`: s > 0 means
 * preference 1 with confidence 1 + s; s < 0 means preference 0 with
 * confidence 1 + |s|.
 */
export interface ImplicitRow {
  factors: Float32Array;
  indices: Int32Array;
  signedConfidence: Float32Array;
  from: number;
  to: number;
}

/** Reusable work vectors for conjugateGradient. */
export interface CgScratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  xs: Float64Array;
}

export const cgScratch = (dim: number): CgScratch => ({
  r: new Float64Array(dim),
  p: new Float64Array(dim),
  ap: new Float64Array(dim),
  xs: new Float64Array(dim),
});

/** out = (A + Σ |s_k| y_k y_kᵀ) v, without forming the matrix. */
function implicitProduct(dim: number, a: Float64Array, row: ImplicitRow, v: Float64Array, out: Float64Array): void {
  matVec(dim, a, v, 0, out, 0);
  const { factors, indices, signedConfidence } = row;
  for (let k = row.from; k < row.to; k++) {
    const off = indices[k]! * dim;
    const t = Math.abs(signedConfidence[k]!) * dot(dim, factors, off, v, 0);
    axpy(dim, t, factors, off, out, 0);
  }
}

/**
 * Approximately solves (A + Yᵤᵀ(Cᵤ − I)Yᵤ) x = YᵤᵀCᵤpᵤ, where A = YᵀY + λI,
 * by `steps` conjugate-gradient steps warm-started from x (updated in place,
 * at `xOff`), as implicit's least_squares_cg does. A row without entries gets x = 0.
 */
export function conjugateGradient(
  dim: number,
  a: Float64Array,
  row: ImplicitRow,
  x: Vector,
  xOff: number,
  steps = 3,
  scratch: CgScratch = cgScratch(dim),
): void {
  const { r, p, ap, xs } = scratch;
  if (row.from === row.to) {
    x.fill(0, xOff, xOff + dim);
    return;
  }
  for (let j = 0; j < dim; j++) xs[j] = x[xOff + j]!;
  // r = b − A' x
  implicitProduct(dim, a, row, xs, ap);
  for (let j = 0; j < dim; j++) r[j] = -ap[j]!;
  for (let k = row.from; k < row.to; k++) {
    const s = row.signedConfidence[k]!;
    if (s > 0) axpy(dim, 1 + s, row.factors, row.indices[k]! * dim, r, 0);
  }
  p.set(r);
  let rsOld = dot(dim, r, 0, r, 0);
  for (let step = 0; step < steps && rsOld >= 1e-20; step++) {
    implicitProduct(dim, a, row, p, ap);
    const alpha = rsOld / dot(dim, p, 0, ap, 0);
    axpy(dim, alpha, p, 0, xs, 0);
    axpy(dim, -alpha, ap, 0, r, 0);
    const rsNew = dot(dim, r, 0, r, 0);
    const beta = rsNew / rsOld;
    for (let j = 0; j < dim; j++) p[j] = r[j]! + beta * p[j]!;
    rsOld = rsNew;
  }
  for (let j = 0; j < dim; j++) x[xOff + j] = xs[j]!;
}
