/**
 * Pareto efficiency over several objectives, each maximised or minimised:
 * a point dominates another when it is at least as good on every objective
 * and strictly better on one. Equal points do not dominate each other, so
 * ties are all efficient (or all dominated) together.
 */

export type Sense = 'max' | 'min';

/** True when `a` dominates `b` under `senses` (one per coordinate). */
export function dominates(a: readonly number[], b: readonly number[], senses: readonly Sense[]): boolean {
  let strictly = false;
  for (let j = 0; j < senses.length; j++) {
    const better = senses[j] === 'max' ? a[j]! - b[j]! : b[j]! - a[j]!;
    if (better < 0) return false;
    if (better > 0) strictly = true;
  }
  return strictly;
}

/**
 * Indices (ascending) of the points no other point dominates. Every point
 * must have one finite value per sense. O(n²·d): fine for the thousands of
 * points a weight sweep makes.
 */
export function paretoFront(points: readonly (readonly number[])[], senses: readonly Sense[]): number[] {
  if (senses.length === 0) throw new RangeError('a Pareto front needs at least one objective');
  points.forEach((p, i) => {
    if (p.length !== senses.length) throw new RangeError(`point ${i} has ${p.length} values for ${senses.length} objectives`);
    if (!p.every(Number.isFinite)) throw new RangeError(`point ${i} has a value that is not a finite number: [${p.join(', ')}]`);
  });
  const front: number[] = [];
  for (let i = 0; i < points.length; i++) {
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) dominated = j !== i && dominates(points[j]!, points[i]!, senses);
    if (!dominated) front.push(i);
  }
  return front;
}
