/**
 * The item-item Gram matrix XᵀX of the user × pin matrix, dense, over a
 * chosen subset of pins: what EASE inverts.
 */
import type { Csr } from '../../math/sparse.js';

/** How an interaction's summed weight enters X: 1 for any positive weight, the weight itself, or ln(1 + weight). */
export type ValueTransform = 'binary' | 'weight' | 'log1p';

export function transformValue(weight: number, transform: ValueTransform): number {
  if (!(weight > 0)) return 0;
  return transform === 'binary' ? 1 : transform === 'weight' ? weight : Math.log1p(weight);
}

/**
 * The up-to-`max` pins with the most positive interactions (ties: lower
 * index first), most popular first. Pins without any are left out.
 */
export function mostPopularItems(byUser: Csr, max: number): Int32Array {
  const counts = new Int32Array(byUser.cols);
  for (let k = 0; k < byUser.indices.length; k++) if (byUser.values[k]! > 0) counts[byUser.indices[k]!]!++;
  const order: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) order.push(i);
  order.sort((a, b) => counts[b]! - counts[a]! || a - b);
  return Int32Array.from(order.slice(0, max));
}

/**
 * G = XᵀX over the `kept` pins, row-major m × m Float64Array with only the
 * lower triangle (and diagonal) filled: G[p][q] for q ≤ p, where p, q are
 * positions in `kept`. Costs Σ_u |kept pins of u|² / 2.
 */
export function gramLower(byUser: Csr, kept: Int32Array, transform: ValueTransform): Float64Array {
  const m = kept.length;
  const position = new Int32Array(byUser.cols).fill(-1);
  kept.forEach((item, p) => (position[item] = p));
  const g = new Float64Array(m * m);
  const value = new Float64Array(m);
  let rowPositions = new Int32Array(64);
  for (let u = 0; u < byUser.rows; u++) {
    let len = 0;
    for (let k = byUser.indptr[u]!; k < byUser.indptr[u + 1]!; k++) {
      const p = position[byUser.indices[k]!]!;
      const x = p < 0 ? 0 : transformValue(byUser.values[k]!, transform);
      if (x === 0) continue;
      if (len === rowPositions.length) {
        const grown = new Int32Array(len * 2);
        grown.set(rowPositions);
        rowPositions = grown;
      }
      rowPositions[len++] = p;
      value[p] = x;
    }
    const ps = rowPositions.subarray(0, len).sort();
    for (let a = 0; a < len; a++) {
      const p = ps[a]!;
      const xp = value[p]!;
      const row = p * m;
      for (let b = 0; b <= a; b++) {
        const q = ps[b]!;
        g[row + q]! += xp * value[q]!;
      }
    }
  }
  return g;
}
