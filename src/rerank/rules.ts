/**
 * Business rules: blocked pins, creators and tags never show, and near
 * duplicates (the same image, or the same creator and title) show once, as
 * their best-scored copy.
 */
import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';

export interface RuleOptions {
  blockedPins: readonly string[];
  blockedCreators: readonly string[];
  blockedTags: readonly string[];
  removeNearDuplicates: boolean;
}

const normaliseTitle = (title: string) => title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export class BusinessRules implements Reranker {
  readonly name = 'business-rules';
  private readonly pins: Set<string>;
  private readonly creators: Set<string>;
  private readonly tags: Set<string>;

  constructor(private readonly options: RuleOptions) {
    this.pins = new Set(options.blockedPins);
    this.creators = new Set(options.blockedCreators);
    this.tags = new Set(options.blockedTags.map((t) => t.toLowerCase()));
  }

  rerank(_context: FeedContext, candidates: Candidate[]): Candidate[] {
    const allowed = candidates.filter((c) => {
      if (this.pins.has(c.pinId)) return false;
      if (c.pin && this.creators.has(c.pin.creatorId)) return false;
      return !c.pin?.tags.some((t) => this.tags.has(t.toLowerCase()));
    });
    if (!this.options.removeNearDuplicates) return allowed;
    const best = new Map<string, Candidate>();
    const keysOf = (c: Candidate): string[] => {
      if (!c.pin) return [];
      const keys = [`title:${c.pin.creatorId}:${normaliseTitle(c.pin.title)}`];
      if (c.pin.imageUrl) keys.push(`image:${c.pin.imageUrl}`);
      return keys;
    };
    for (const c of allowed) {
      for (const key of keysOf(c)) {
        const seen = best.get(key);
        if (!seen || c.score > seen.score) best.set(key, c);
      }
    }
    // A pin stays when it is the best copy under every key it has.
    return allowed.filter((c) => keysOf(c).every((key) => best.get(key) === c));
  }
}
