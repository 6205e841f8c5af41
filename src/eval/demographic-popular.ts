/**
 * The cold-start baseline for users with no history: what is popular among
 * users like them. A user's profile is a list of attributes, coarse to fine
 * (e.g. gender, age group, occupation); each prefix of it is a group. An
 * item's share of a group's users is smoothed toward its share in the next
 * coarser group, down to the whole population:
 *
 *   p(i | g_0) = users(i) / users
 *   p(i | g_k) = (users_k(i) + prior · p(i | g_k-1)) / (users_k + prior)
 *
 * so a large group speaks for itself and a group of a few users stays close
 * to its parent. Users without a profile, or an empty one (the plain
 * most-popular baseline), get p(i | g_0): the share of users who took the item.
 */
import type { Interactions } from '../recall/interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from '../recall/types.js';
import { InputError } from '../wire/convert.js';

export interface DemographicPopularOptions {
  /** Attributes per user id, coarse to fine; may hold users train does not know (cold-start users). */
  profiles: ReadonlyMap<string, readonly string[]>;
  /**
   * How many users' worth of weight the parent group's shares get. Default 50:
   * on the validation users of ml100k-coldstart-users (never its test users)
   * 20 to 200 do about equally well and 5 or less clearly worse, as
   * gender × age × occupation groups hold a few users each.
   */
  prior?: number;
  name?: string;
}

interface Group {
  users: number;
  /** Users of the group per item (dense over the training items). */
  counts: Uint32Array;
}

const groupKey = (attributes: readonly string[], depth: number): string => JSON.stringify(attributes.slice(0, depth));

export class DemographicPopularChannel implements RecallChannel {
  readonly name: string;
  private readonly profiles: ReadonlyMap<string, readonly string[]>;
  private readonly prior: number;
  private pins: readonly string[] = [];
  private groups = new Map<string, Group>();
  /** Ranked lists per group key, computed on first use. */
  private readonly ranked = new Map<string, { order: Int32Array; scores: Float64Array }>();

  constructor(options: DemographicPopularOptions) {
    this.profiles = options.profiles;
    this.prior = options.prior ?? 50;
    if (!(this.prior >= 0 && Number.isFinite(this.prior))) throw new InputError('prior', `must be a non-negative number, got ${options.prior}`);
    this.name = options.name ?? 'demographic-popular';
  }

  fit(data: Interactions, _options: FitOptions): void {
    this.pins = data.items.toArray();
    this.groups = new Map();
    this.ranked.clear();
    const { indptr, indices, values } = data.byUser;
    for (let u = 0; u < data.userCount; u++) {
      const attributes = this.profiles.get(data.users.id(u)) ?? [];
      for (let depth = 0; depth <= attributes.length; depth++) {
        const key = groupKey(attributes, depth);
        let group = this.groups.get(key);
        if (!group) this.groups.set(key, (group = { users: 0, counts: new Uint32Array(data.itemCount) }));
        group.users++;
        for (let k = indptr[u]!; k < indptr[u + 1]!; k++) if (values[k]! > 0) group.counts[indices[k]!]!++;
      }
    }
  }

  /** Smoothed item shares for the user's profile, as the module comment describes. */
  private shares(attributes: readonly string[]): Float64Array {
    const n = this.pins.length;
    const p = new Float64Array(n);
    const all = this.groups.get(groupKey([], 0));
    if (!all) return p;
    for (let i = 0; i < n; i++) p[i] = all.counts[i]! / all.users;
    for (let depth = 1; depth <= attributes.length; depth++) {
      const group = this.groups.get(groupKey(attributes, depth));
      const users = group?.users ?? 0;
      for (let i = 0; i < n; i++) p[i] = ((group?.counts[i] ?? 0) + this.prior * p[i]!) / (users + this.prior);
    }
    return p;
  }

  /**
   * The pins of the group with these attributes, best first: indices into
   * the fitted data's items (`order`), and every item's smoothed share
   * (`scores`, indexed like the items).
   */
  ranking(attributes: readonly string[]): { order: Int32Array; scores: Float64Array } {
    const key = groupKey(attributes, attributes.length);
    let ranked = this.ranked.get(key);
    if (!ranked) {
      const scores = this.shares(attributes);
      const order = Int32Array.from(scores.keys()).filter((i) => scores[i]! > 0);
      order.sort((a, b) => scores[b]! - scores[a]! || a - b);
      this.ranked.set(key, (ranked = { order, scores }));
    }
    return ranked;
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const { order, scores } = this.ranking(this.profiles.get(context.userId) ?? []);
    const out: ChannelCandidate[] = [];
    for (let r = 0; r < order.length && out.length < n; r++) {
      const pinId = this.pins[order[r]!]!;
      if (!context.exclude.has(pinId)) out.push({ pinId, score: scores[order[r]!]! });
    }
    return out;
  }

  save(): { pins: readonly string[]; groups: [string, Group][] } {
    return { pins: this.pins, groups: [...this.groups] };
  }

  load(state: unknown): void {
    const s = state as ReturnType<DemographicPopularChannel['save']>;
    this.pins = s.pins;
    this.groups = new Map(s.groups);
    this.ranked.clear();
  }
}
