/**
 * The user x pin interaction matrix every recall channel trains on: event
 * weights summed per (user, pin), with the time of the latest interaction.
 */
import type { EventType, LoggedEvent } from '../domain/types.js';
import { IdIndex } from '../math/id-index.js';
import { csrFromTriples, transpose, type Csr } from '../math/sparse.js';
import type { HistoryItem } from './types.js';

export type EventWeights = Partial<Record<EventType, number>>;

export interface WeightingOptions {
  weights: EventWeights;
  /** A dwell event counts (with the dwell weight) only when at least this long. */
  dwellThresholdMs: number;
}

/** The weight an event contributes, or 0 when it says nothing about taste. */
export function eventWeight(event: Pick<LoggedEvent, 'type' | 'value' | 'pinId'>, options: WeightingOptions): number {
  if (event.pinId === undefined) return 0;
  if (event.type === 'dwell' && (event.value ?? 0) < options.dwellThresholdMs) return 0;
  return options.weights[event.type] ?? 0;
}

export class Interactions {
  private constructor(
    readonly users: IdIndex,
    readonly items: IdIndex,
    /** Users x items, summed weights. */
    readonly byUser: Csr,
    /** Items x users, the transpose. */
    readonly byItem: Csr,
    /** Latest interaction time per (user, item), aligned with byUser.indices. */
    readonly lastTime: Float64Array,
  ) {}

  get userCount(): number {
    return this.users.size;
  }
  get itemCount(): number {
    return this.items.size;
  }
  get nnz(): number {
    return this.byUser.indices.length;
  }

  /**
   * Builds the matrix from (user, item, weight, time) records; repeated pairs
   * sum their weights and keep the latest time. Pairs whose weight sums to 0
   * are kept (the user saw the pin), so a channel can still exclude them.
   */
  static fromRecords(
    records: Iterable<{ userId: string; pinId: string; weight: number; timestamp: number }>,
    itemUniverse?: Iterable<string>,
  ): Interactions {
    const users = new IdIndex();
    const items = itemUniverse ? IdIndex.from(itemUniverse) : new IdIndex();
    const u: number[] = [];
    const i: number[] = [];
    const w: number[] = [];
    const t: number[] = [];
    for (const r of records) {
      u.push(users.add(r.userId));
      i.push(items.add(r.pinId));
      w.push(r.weight);
      t.push(r.timestamp);
    }
    const byUser = csrFromTriples(users.size, items.size, u, i, w);
    // Latest time per pair: reduce with max over the same sort csrFromTriples uses.
    const latest = new Map<number, number>();
    for (let k = 0; k < u.length; k++) {
      const key = u[k]! * items.size + i[k]!;
      const prev = latest.get(key);
      if (prev === undefined || t[k]! > prev) latest.set(key, t[k]!);
    }
    const lastTime = new Float64Array(byUser.indices.length);
    for (let r = 0; r < byUser.rows; r++) {
      for (let k = byUser.indptr[r]!; k < byUser.indptr[r + 1]!; k++) {
        lastTime[k] = latest.get(r * items.size + byUser.indices[k]!)!;
      }
    }
    return new Interactions(users, items, byUser, transpose(byUser), lastTime);
  }

  /** Builds the matrix from logged events with the configured weights. */
  static fromEvents(events: Iterable<LoggedEvent>, options: WeightingOptions, itemUniverse?: Iterable<string>): Interactions {
    function* records() {
      for (const e of events) {
        if (e.pinId === undefined) continue;
        // Impressions carry weight 0 by default but are kept: they mark what was seen.
        yield { userId: e.userId, pinId: e.pinId, weight: eventWeight(e, options), timestamp: e.timestamp };
      }
    }
    return Interactions.fromRecords(records(), itemUniverse);
  }

  /** A user's interactions as recall history, most recent first. */
  history(userId: string): HistoryItem[] {
    const u = this.users.get(userId);
    if (u === undefined) return [];
    const out: HistoryItem[] = [];
    for (let k = this.byUser.indptr[u]!; k < this.byUser.indptr[u + 1]!; k++) {
      out.push({ pinId: this.items.id(this.byUser.indices[k]!), weight: this.byUser.values[k]!, timestamp: this.lastTime[k]! });
    }
    return out.sort((a, b) => b.timestamp - a.timestamp);
  }
}
