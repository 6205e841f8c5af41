/**
 * The positive (user, pin) pairs of an interaction matrix as compact CSR over
 * the users that have any, for samplers and factor models: pins sorted
 * within each user (for a binary-search membership test) and each entry's
 * user, so a uniform draw over entries is one lookup.
 */
import type { Interactions } from '../interactions.js';

export interface Positives {
  /** Training user ids: only users with at least one positive pair, row u of the CSR. */
  userIds: string[];
  /** Row u's pins are items[rowPtr[u]..rowPtr[u + 1]), ascending. */
  rowPtr: Int32Array;
  items: Int32Array;
  /** entryUser[e] is the row entry e belongs to. */
  entryUser: Int32Array;
  /** Positive pairs per pin, over the whole catalogue. */
  itemCounts: Int32Array;
}

export function positivesOf(data: Interactions): Positives {
  const { indptr, indices, values } = data.byUser;
  const userIds: string[] = [];
  const rowPtr: number[] = [0];
  const items: number[] = [];
  const itemCounts = new Int32Array(data.itemCount);
  for (let u = 0; u < data.userCount; u++) {
    const before = items.length;
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
      if (values[k]! > 0) {
        items.push(indices[k]!);
        itemCounts[indices[k]!]!++;
      }
    }
    if (items.length > before) {
      userIds.push(data.users.id(u));
      rowPtr.push(items.length);
    }
  }
  const ptr = Int32Array.from(rowPtr);
  const entryUser = new Int32Array(items.length);
  for (let u = 0; u < userIds.length; u++) entryUser.fill(u, ptr[u]!, ptr[u + 1]!);
  return { userIds, rowPtr: ptr, items: Int32Array.from(items), entryUser, itemCounts };
}

/** Whether the sorted items[from..to) hold `item`. */
export function containsSorted(items: Int32Array, from: number, to: number, item: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = items[mid]!;
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
