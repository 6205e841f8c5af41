/** Human-readable reasons, from a candidate's provenance. */
import type { EventType } from '../domain/types.js';
import type { HistoryItem } from '../recall/types.js';
import type { Candidate, FeedContext } from './types.js';

const VERBS: Partial<Record<EventType, string>> = {
  save: 'saved',
  closeup: 'viewed',
  click: 'clicked',
  dwell: 'spent time on',
  conversion: 'bought from',
};

/** Reasons for channels whose candidates have no seed pin. */
const CHANNEL_REASONS: Record<string, string> = {
  'user-cf': 'Liked by people with tastes like yours',
  ials: 'Picked for you from your activity',
  bpr: 'Picked for you from your activity',
  ease: 'Picked for you from your activity',
  vector: 'Picked for you from your activity',
  content: 'Similar to pins you engaged with',
  'random-walk': 'Popular with people who save what you save',
};

const DAY_MS = 86_400_000;
/** Pins younger than this are "new" in explanations. */
const NEW_PIN_MS = 3 * DAY_MS;
const VIEWED: ReadonlySet<EventType> = new Set(['closeup', 'dwell', 'click']);

const indexes = new WeakMap<FeedContext, Map<string, HistoryItem>>();

/** The context's history by pin, built once per request (explain runs for every candidate). */
function historyIndex(context: FeedContext): Map<string, HistoryItem> {
  let index = indexes.get(context);
  if (!index) {
    index = new Map();
    for (const h of context.history) if (!index.has(h.pinId)) index.set(h.pinId, h);
    indexes.set(context, index);
  }
  return index;
}

export function explain(context: FeedContext, candidate: Candidate): string {
  let strongest = candidate.sources[0];
  for (const s of candidate.sources) if (s.rank < strongest!.rank) strongest = s;
  if (strongest?.seedPinId !== undefined) {
    const seed = context.pins.get(strongest.seedPinId);
    const engaged = historyIndex(context).get(strongest.seedPinId);
    const action = engaged?.action;
    if (action && VIEWED.has(action) && context.now - engaged.timestamp < DAY_MS) return 'Similar to pins you viewed today';
    const verb = (action && VERBS[action]) ?? 'engaged with';
    return seed ? `Because you ${verb} "${seed.title}"` : `Similar to pins you ${verb}`;
  }
  const pin = candidate.pin;
  if (pin && context.now - pin.createdAt < NEW_PIN_MS) {
    const creator = context.creatorName?.(pin.creatorId);
    return creator ? `New from ${creator}` : 'New on Tessera';
  }
  if (strongest?.channel === 'popular' || strongest?.channel === 'cold-start') {
    const topic = candidate.pin?.tags[0];
    return topic ? `Popular in ${topic}` : 'Popular right now';
  }
  if (strongest?.channel === 'trending') {
    const topic = candidate.pin?.tags[0];
    return topic ? `Trending in ${topic}` : 'Trending now';
  }
  return (strongest && CHANNEL_REASONS[strongest.channel]) ?? 'Recommended for you';
}
