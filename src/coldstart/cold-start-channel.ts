/**
 * The cold-start channel: a feed for users with few interactions. The user
 * joins a cluster of similar profiles (k-means over demographics and declared
 * interests; none when nothing is known); the cluster's engagement with each
 * interest category is the prior of a bandit over categories (ε-greedy, UCB1
 * or Thompson sampling), updated with the user's own feedback (engagement a
 * success, an impression without engagement a failure, a hide a penalty). The
 * bandit shares the slots among the categories; each slot takes the next of
 * the category's pins most popular in the user's cluster, or, for a share of
 * slots, its newest pins.
 *
 * Users with more than `maxInteractions` engaged pins get nothing: the
 * history-based channels know them by then.
 */
import type { Pin, User } from '../domain/types.js';
import { DemographicPopularChannel } from '../eval/demographic-popular.js';
import { pinCategory } from '../features/aggregates.js';
import { fnv1a, Random } from '../math/random.js';
import type { Interactions } from '../recall/interactions.js';
import type { ChannelCandidate, FitOptions, RecallChannel, RecallContext } from '../recall/types.js';
import { ArmStats } from './bandits/arms.js';
import { createPolicy, type BanditPolicy } from './bandits/policies.js';
import { categoryPriors, countCategoryTrials, userMeans, type CategoryPriors } from './category-priors.js';
import { chooseClusterCount, type ClusterCountChoice } from './cluster-count.js';
import { UserClusters, type UserClustersState } from './clusters.js';
import { COLD_START_CHANNEL, type ColdStartUserOptions } from './config.js';
import { applyFeedback } from './feedback.js';
import { Shelves, type ShelvesState } from './shelves.js';

/** Items of the data missing from the catalogue count in no category. */
const NO_CATEGORY = -1;

/** Pins without tags share the category "" (so a catalogue without tags still has one arm). */
const categoryName = (pin: Pin): string => pinCategory(pin) ?? '';

interface ColdStartState {
  categories: string[];
  /** Every catalogue pin, and its category. */
  pins: string[];
  pinCategories: Int32Array;
  clusters: UserClustersState;
  /** How k was chosen, when it was (option `clusters` 0). */
  clusterChoice?: ClusterCountChoice;
  /** Clusters of the users known at fitting time (for callers that pass no profile). */
  assigned: [string, number][];
  priors: CategoryPriors;
  popular: ShelvesState;
  fresh: ShelvesState;
}

const clusterKey = (cluster: number): string => `cluster:${cluster}`;

/** The categories among the user's declared interests (interests name categories by their slug). */
function declaredCategories(user: User, categoryOf: ReadonlyMap<string, number>): number[] {
  return user.interests.flatMap((interest) => categoryOf.get(interest) ?? []);
}

export class ColdStartChannel implements RecallChannel {
  readonly name: string;
  private readonly policy: BanditPolicy;
  private state: Omit<ColdStartState, 'clusters' | 'popular' | 'fresh'> | undefined;
  private clusters: UserClusters | undefined;
  private popular: Shelves | undefined;
  private fresh: Shelves | undefined;
  private categoryIndex = new Map<string, number>();
  private categoryNames = new Map<string, number>();
  private assigned = new Map<string, number>();

  constructor(
    readonly options: ColdStartUserOptions,
    name = COLD_START_CHANNEL,
  ) {
    this.name = name;
    this.policy = createPolicy(options);
  }

  fit(data: Interactions, { catalog, users }: FitOptions): void {
    const o = this.options;
    const pins = catalog ?? data.items.toArray().map((id): Pin => ({ id, creatorId: '', title: '', description: '', tags: [], createdAt: 0, moderation: 'approved', promoted: false }));
    const categories = [...new Set(pins.map(categoryName))].sort();
    const categoryOf = new Map(categories.map((c, i) => [c, i]));
    const C = categories.length;

    // Items of the data by category; pins of the catalogue the data does not know have no trials.
    const pinCategoryById = new Map<string, number>();
    for (const p of pins) pinCategoryById.set(p.id, categoryOf.get(categoryName(p))!);
    const itemCategory = Int32Array.from({ length: data.itemCount }, (_, i) => pinCategoryById.get(data.items.id(i)) ?? NO_CATEGORY);
    const declaredOf = (user: User) => declaredCategories(user, categoryOf);

    const profiled = users ?? [];
    const choice =
      o.clusters === 0
        ? chooseClusterCount({ data, users: profiled, itemCategory, categories: C, declared: declaredOf, seed: o.seed, interestWeight: o.interestWeight, smoothing: o.smoothing })
        : undefined;
    const clusters = UserClusters.fit(profiled, { k: choice?.k ?? o.clusters, seed: o.seed, interestWeight: o.interestWeight });
    const G = clusters.k;
    const assigned: [string, number][] = [];
    const profiles = new Map<string, string[]>();
    for (const user of profiled) {
      const g = clusters.assign(user);
      if (g === undefined) continue;
      assigned.push([user.id, g]);
      profiles.set(user.id, [clusterKey(g)]);
    }
    const groupOf = new Map(assigned);
    const userGroup = Int32Array.from({ length: data.userCount }, (_, u) => groupOf.get(data.users.id(u)) ?? -1);
    const declaredBy = new Map(profiled.map((u) => [u.id, declaredOf(u)]));
    const declared = (u: number) => declaredBy.get(data.users.id(u)) ?? [];
    const priors = categoryPriors(countCategoryTrials(data, itemCategory, userGroup, G, C, declared), o.smoothing);

    // Popular per cluster (the last row: everyone), smoothed toward the population as demographic-popular does.
    const catalogIds = [...pinCategoryById.keys()];
    const catalogIndex = new Map(catalogIds.map((id, i) => [id, i]));
    const approved = new Set(pins.filter((p) => p.moderation === 'approved').map((p) => p.id));
    const popularity = new DemographicPopularChannel({ profiles, name: `${this.name}-popularity` });
    popularity.fit(data, { now: 0 });
    const popularLists = Array.from({ length: G + 1 }, (_, g) => {
      const lists: number[][] = Array.from({ length: C }, () => []);
      for (const i of popularity.ranking(g < G ? [clusterKey(g)] : []).order) {
        const id = data.items.id(i);
        const list = lists[itemCategory[i]!];
        if (list && list.length < o.pinsPerCategory && approved.has(id)) list.push(catalogIndex.get(id)!);
      }
      return lists;
    });
    const popular = Shelves.build(G + 1, C, (g, c) => popularLists[g]![c]!);
    const newest = pins.filter((p) => approved.has(p.id)).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const freshLists: number[][] = Array.from({ length: C }, () => []);
    for (const p of newest) {
      const list = freshLists[pinCategoryById.get(p.id)!]!;
      if (list.length < o.pinsPerCategory) list.push(catalogIndex.get(p.id)!);
    }
    const fresh = Shelves.build(1, C, (_, c) => freshLists[c]!);

    this.use({
      categories,
      pins: catalogIds,
      pinCategories: Int32Array.from(catalogIds, (id) => pinCategoryById.get(id)!),
      clusters: clusters.save(),
      ...(choice ? { clusterChoice: choice } : {}),
      assigned,
      priors,
      popular: popular.save(),
      fresh: fresh.save(),
    });
  }

  private use(state: ColdStartState): void {
    const { clusters, popular, fresh, ...rest } = state;
    this.state = rest;
    this.clusters = UserClusters.load(clusters);
    this.popular = Shelves.load(popular);
    this.fresh = Shelves.load(fresh);
    this.categoryIndex = new Map(state.pins.map((id, i) => [id, state.pinCategories[i]!]));
    this.categoryNames = new Map(state.categories.map((c, i) => [c, i]));
    this.assigned = new Map(state.assigned);
  }

  /** The user's cluster: from their profile, else as assigned at fitting time; undefined when nothing is known. */
  clusterOf(userId: string, user?: User): number | undefined {
    return this.clusters?.assign(user) ?? this.assigned.get(userId);
  }

  /** How many clusters the users were grouped into (0 before fitting or without profiles). */
  get clusterCount(): number {
    return this.clusters?.k ?? 0;
  }

  /** The held-out log-likelihood of each candidate k, when k was chosen at fitting time. */
  get clusterChoice(): ClusterCountChoice | undefined {
    return this.state?.clusterChoice;
  }

  /** The interest categories, the bandit's arms (empty before fitting). */
  get categories(): readonly string[] {
    return this.state?.categories ?? [];
  }

  /**
   * The bandit's prior for the user: their cluster's expected engagement per
   * category (their declared categories' from the users who declared them),
   * worth `strength` impressions.
   */
  priorFor(userId: string, user?: User, strength = this.options.priorStrength): ArmStats | undefined {
    const state = this.state;
    if (!state || state.categories.length === 0) return undefined;
    const declared = user ? declaredCategories(user, this.categoryNames) : [];
    return ArmStats.withPrior(userMeans(state.priors, this.clusterOf(userId, user), declared), strength);
  }

  /** The bandit's view of the user: the prior plus their own feedback. */
  armsFor(context: RecallContext): { arms: ArmStats; engaged: number } | undefined {
    const arms = this.priorFor(context.userId, context.user);
    if (!arms) return undefined;
    const { engaged } = applyFeedback(arms, context.history, (pinId) => this.categoryIndex.get(pinId), this.options.hidePenalty);
    return { arms, engaged };
  }

  /** The category's most popular pins in the cluster (the population's for undefined), best first. */
  popularPins(cluster: number | undefined, category: number): string[] {
    if (!this.state || !this.popular) return [];
    const row = cluster ?? this.state.priors.groups;
    return Array.from(this.popular.list(row, category), (i) => this.state!.pins[i]!);
  }

  recall(context: RecallContext, n: number): ChannelCandidate[] {
    const bandit = this.armsFor(context);
    if (!bandit || bandit.engaged > this.options.maxInteractions || n <= 0) return [];
    const { arms } = bandit;
    const group = this.clusterOf(context.userId, context.user) ?? this.state!.priors.groups;
    const rng = new Random(fnv1a(`${this.options.seed}:${context.userId}:${context.history.length}:${context.history[0]?.timestamp ?? 0}`));
    const { pageSize, maxCategoryShare } = this.options;
    const slots = this.policy.allocate(arms, n, rng, { pageSize, maxPerArm: Math.max(1, Math.floor(maxCategoryShare * pageSize)) });
    const filler = new CategoryFiller(this.state!.pins, this.popular!, this.fresh!, group, this.options.freshShare, context.exclude);
    // A category that runs out hands its slot to the next best one by current mean.
    const fallback = Array.from({ length: arms.arms }, (_, c) => c).sort((a, b) => (arms.mean(b) ?? 0) - (arms.mean(a) ?? 0) || a - b);
    const out: ChannelCandidate[] = [];
    for (const slot of slots) {
      const pinId = filler.next(slot) ?? fallback.reduce<string | undefined>((found, c) => found ?? filler.next(c), undefined);
      if (pinId === undefined) break;
      out.push({ pinId, score: (n - out.length) / n });
    }
    return out;
  }

  save(): ColdStartState {
    if (!this.state) throw new Error(`${this.name}: nothing to save before fitting`);
    return { ...this.state, clusters: this.clusters!.save(), popular: this.popular!.save(), fresh: this.fresh!.save() };
  }

  load(state: unknown): void {
    const s = state as Partial<ColdStartState>;
    if (!Array.isArray(s?.categories) || !Array.isArray(s.pins) || !(s.pinCategories instanceof Int32Array) || !s.priors || !s.clusters || !s.popular || !s.fresh) {
      throw new TypeError(`${this.name}: saved state is malformed`);
    }
    this.use(s as ColdStartState);
  }
}

/**
 * Hands out each category's pins for one request: the cluster's popular pins
 * and, every 1/freshShare-th slot of the category, its newest; never a pin
 * twice or an excluded one.
 */
class CategoryFiller {
  private readonly taken: Int32Array;
  private readonly popularAt: Int32Array;
  private readonly freshAt: Int32Array;
  private readonly used = new Set<string>();

  constructor(
    private readonly pins: readonly string[],
    private readonly popular: Shelves,
    private readonly fresh: Shelves,
    private readonly group: number,
    private readonly freshShare: number,
    private readonly exclude: ReadonlySet<string>,
  ) {
    this.taken = new Int32Array(popular.categories);
    this.popularAt = new Int32Array(popular.categories);
    this.freshAt = new Int32Array(popular.categories);
  }

  next(category: number): string | undefined {
    const j = this.taken[category]!;
    const freshTurn = Math.floor((j + 1) * this.freshShare) > Math.floor(j * this.freshShare);
    const first = freshTurn ? this.fromFresh(category) : this.fromPopular(category);
    const pinId = first ?? (freshTurn ? this.fromPopular(category) : this.fromFresh(category));
    if (pinId !== undefined) {
      this.taken[category]!++;
      this.used.add(pinId);
    }
    return pinId;
  }

  private fromPopular(category: number): string | undefined {
    return this.take(this.popular.list(this.group, category), this.popularAt, category);
  }

  private fromFresh(category: number): string | undefined {
    return this.take(this.fresh.list(0, category), this.freshAt, category);
  }

  private take(list: Int32Array, cursor: Int32Array, category: number): string | undefined {
    while (cursor[category]! < list.length) {
      const pinId = this.pins[list[cursor[category]!++]!]!;
      if (!this.used.has(pinId) && !this.exclude.has(pinId)) return pinId;
    }
    return undefined;
  }
}
