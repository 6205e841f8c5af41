/** Human-readable reasons, from a candidate's provenance. */
import type { EventType } from '../domain/types.js';
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

export function explain(context: FeedContext, candidate: Candidate): string {
  const strongest = [...candidate.sources].sort((a, b) => a.rank - b.rank)[0];
  if (strongest?.seedPinId !== undefined) {
    const seed = context.pins.get(strongest.seedPinId);
    const action = context.history.find((h) => h.pinId === strongest.seedPinId)?.action;
    const verb = (action && VERBS[action]) ?? 'engaged with';
    return seed ? `Because you ${verb} "${seed.title}"` : `Similar to pins you ${verb}`;
  }
  if (strongest?.channel === 'popular') {
    const topic = candidate.pin?.tags[0];
    return topic ? `Popular in ${topic}` : 'Popular right now';
  }
  if (strongest?.channel === 'trending') {
    const topic = candidate.pin?.tags[0];
    return topic ? `Trending in ${topic}` : 'Trending now';
  }
  return (strongest && CHANNEL_REASONS[strongest.channel]) ?? 'Recommended for you';
}
