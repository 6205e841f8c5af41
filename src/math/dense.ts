/**
 * Dense symmetric positive-definite matrices on row-major Float64Array:
 * Cholesky factorisation and inversion, in place, blocked for the cache.
 *
 * The inverse goes A = L·Lᵀ, W = L⁻¹, A⁻¹ = Wᵀ·W (LAPACK's potrf, trtri,
 * lauum), about n³/2 multiply-adds in all. Every inner loop is a dot product
 * of two contiguous row segments: L lives in the strict lower triangle, Wᵀ in
 * the upper one (so W's columns are contiguous rows), and A⁻¹ goes back to
 * the lower triangle, which makes the whole inversion run in the input's own
 * n² doubles. The bulk of the work is block-block products (`addDots`) over
 * tiles small enough to stay in L1/L2, four rows by four rows at a time.
 */

/** Rows per block (a tile is BLOCK × BLOCK doubles). */
const BLOCK = 64;
/** Length of the row segments a tile product takes at once (4 + 4 rows of it stay in L1). */
const DEPTH = 256;

export class NotPositiveDefiniteError extends RangeError {
  constructor(readonly row: number) {
    super(`matrix is not positive definite (pivot ${row} is not positive)`);
    this.name = 'NotPositiveDefiniteError';
  }
}

function checkSquare(a: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0 || a.length < n * n) throw new RangeError(`expected an ${n}×${n} matrix, got ${a.length} values`);
}

/**
 * t[(i − r0)·BLOCK + (j − c0)] += Σ_{k ∈ [k0, k1)} a[i·n + k]·a[j·n + k]
 * for i ∈ [r0, r1), j ∈ [c0, c1). With `lowerOnly`, groups of four columns
 * entirely above the diagonal (every j > every i) are skipped.
 */
function addDots(
  a: Float64Array,
  n: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  k0: number,
  k1: number,
  t: Float64Array,
  lowerOnly: boolean,
): void {
  const rFull = r0 + ((r1 - r0) & ~3);
  const cFull = c0 + ((c1 - c0) & ~3);
  for (let kk = k0; kk < k1; kk += DEPTH) {
    const kEnd = Math.min(kk + DEPTH, k1);
    for (let i = r0; i < rFull; i += 4) {
      const a0 = i * n;
      const a1 = a0 + n;
      const a2 = a1 + n;
      const a3 = a2 + n;
      const jStop = lowerOnly ? Math.min(cFull, i + 4) : cFull;
      for (let j = c0; j < jStop; j += 4) {
        const b0 = j * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let k = kk; k < kEnd; k++) {
          const y0 = a[b0 + k]!;
          const y1 = a[b1 + k]!;
          const y2 = a[b2 + k]!;
          const y3 = a[b3 + k]!;
          let x = a[a0 + k]!;
          s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
          x = a[a1 + k]!;
          s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
          x = a[a2 + k]!;
          s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
          x = a[a3 + k]!;
          s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
        }
        const t0 = (i - r0) * BLOCK + (j - c0);
        t[t0]! += s00; t[t0 + 1]! += s01; t[t0 + 2]! += s02; t[t0 + 3]! += s03;
        const t1 = t0 + BLOCK;
        t[t1]! += s10; t[t1 + 1]! += s11; t[t1 + 2]! += s12; t[t1 + 3]! += s13;
        const t2 = t1 + BLOCK;
        t[t2]! += s20; t[t2 + 1]! += s21; t[t2 + 2]! += s22; t[t2 + 3]! += s23;
        const t3 = t2 + BLOCK;
        t[t3]! += s30; t[t3 + 1]! += s31; t[t3 + 2]! += s32; t[t3 + 3]! += s33;
      }
    }
    // The rows and columns left over from the groups of four.
    for (let i = r0; i < r1; i++) {
      const jFrom = i < rFull ? cFull : c0;
      for (let j = jFrom; j < c1; j++) {
        if (lowerOnly && j > i) break;
        t[(i - r0) * BLOCK + (j - c0)]! += dot(a, i * n, j * n, kk, kEnd);
      }
    }
  }
}

/** Σ_{k ∈ [k0, k1)} a[x + k]·a[y + k]. */
function dot(a: Float64Array, x: number, y: number, k0: number, k1: number): number {
  let s = 0;
  for (let k = k0; k < k1; k++) s += a[x + k]! * a[y + k]!;
  return s;
}

/** L into the strict lower triangle and diag(L) into `d`; reads A's lower triangle, leaves the upper one alone. */
function factorLower(a: Float64Array, n: number, d: Float64Array, t: Float64Array, onBlock?: () => void): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, n);
    for (let j0 = 0; j0 <= i0; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, n);
      const diagonal = j0 === i0;
      t.fill(0);
      addDots(a, n, i0, i1, j0, j1, 0, j0, t, diagonal);
      for (let i = i0; i < i1; i++) {
        const jEnd = diagonal ? i + 1 : j1;
        for (let j = j0; j < jEnd; j++) {
          const s = a[i * n + j]! - t[(i - i0) * BLOCK + (j - j0)]! - dot(a, i * n, j * n, j0, j);
          if (j === i) {
            if (!(s > 0)) throw new NotPositiveDefiniteError(i);
            d[i] = Math.sqrt(s);
          } else a[i * n + j] = s / d[j]!;
        }
      }
    }
    onBlock?.();
  }
}

/** W = L⁻¹ into the upper triangle as Wᵀ (a[j·n + i] = W[i][j] for i ≥ j), from L in the strict lower triangle and `d`. */
function invertLowerIntoUpper(a: Float64Array, n: number, d: Float64Array, t: Float64Array, onBlock?: () => void): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, n);
    for (let i = i0; i < i1; i++) a[i * n + i] = 1 / d[i]!;
    for (let j0 = 0; j0 <= i0; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, n);
      const diagonal = j0 === i0;
      t.fill(0);
      // W[i][j] = −(Σ_{k ∈ [j, i)} L[i][k]·W[k][j]) / L[i][i]; the blocks strictly between J and I first.
      if (!diagonal) addDots(a, n, i0, i1, j0, j1, j1, i0, t, false);
      for (let i = i0; i < i1; i++) {
        const jEnd = diagonal ? i : j1;
        for (let j = j0; j < jEnd; j++) {
          let s = t[(i - i0) * BLOCK + (j - j0)]!;
          if (diagonal) s += dot(a, i * n, j * n, j, i);
          else s += dot(a, i * n, j * n, j, j1) + dot(a, i * n, j * n, i0, i);
          a[j * n + i] = -s / d[i]!;
        }
      }
    }
    onBlock?.();
  }
}

/** P = Wᵀ·W into the strict lower triangle and diag(P) into `pd`, from Wᵀ in the upper triangle. */
function gramOfUpper(a: Float64Array, n: number, pd: Float64Array, t: Float64Array, onBlock?: () => void): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, n);
    for (let j0 = 0; j0 <= i0; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, n);
      const diagonal = j0 === i0;
      t.fill(0);
      // P[i][j] = Σ_{k ≥ i} Wᵀ[i][k]·Wᵀ[j][k]; the blocks after I first.
      addDots(a, n, i0, i1, j0, j1, i1, n, t, diagonal);
      for (let i = i0; i < i1; i++) {
        const jEnd = diagonal ? i + 1 : j1;
        for (let j = j0; j < jEnd; j++) {
          const s = t[(i - i0) * BLOCK + (j - j0)]! + dot(a, i * n, j * n, i, i1);
          if (j === i) pd[i] = s;
          else a[i * n + j] = s;
        }
      }
    }
    onBlock?.();
  }
}

/**
 * Cholesky factorisation in place: reads the lower triangle of the symmetric
 * positive-definite n×n matrix `a` and leaves L (A = L·Lᵀ) in it, the upper
 * triangle zeroed. Throws NotPositiveDefiniteError when a pivot is not positive.
 */
export function cholesky(a: Float64Array, n: number): void {
  checkSquare(a, n);
  const d = new Float64Array(n);
  factorLower(a, n, d, new Float64Array(BLOCK * BLOCK));
  for (let i = 0; i < n; i++) {
    a[i * n + i] = d[i]!;
    a.fill(0, i * n + i + 1, (i + 1) * n);
  }
}

/**
 * Inverts the symmetric positive-definite n×n matrix `a` in place: reads its
 * lower triangle, leaves the full symmetric inverse. Throws
 * NotPositiveDefiniteError when it is not positive definite (then `a` is spoilt).
 * `onProgress` hears of each block of rows done in each of the three passes.
 */
export function invertSpd(a: Float64Array, n: number, onProgress?: (done: number, total: number) => void): void {
  checkSquare(a, n);
  const d = new Float64Array(n);
  const t = new Float64Array(BLOCK * BLOCK);
  const total = 3 * Math.ceil(n / BLOCK);
  let done = 0;
  const onBlock = onProgress && (() => onProgress(++done, total));
  factorLower(a, n, d, t, onBlock);
  invertLowerIntoUpper(a, n, d, t, onBlock);
  gramOfUpper(a, n, d, t, onBlock);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = d[i]!;
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  }
}
