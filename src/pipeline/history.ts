/** A user's recent events, turned into recall history and the set of pins not to show again. */
import type { Config } from '../config.js';
import type { EventType, LoggedEvent } from '../domain/types.js';
import { eventWeight } from '../recall/interactions.js';
import type { HistoryItem } from '../recall/types.js';

export interface UserState {
  history: HistoryItem[];
  exclude: Set<string>;
}

export function userStateFromEvents(events: readonly LoggedEvent[], config: Config, now: number): UserState {
  const weighting = { weights: config.training.eventWeights, dwellThresholdMs: config.training.dwellThresholdMs };
  const seenSince = now - config.feed.seenFilterHours * 3600_000;
  const byPin = new Map<string, HistoryItem & { strongest: number }>();
  const exclude = new Set<string>();
  for (const e of events) {
    if (e.pinId === undefined) continue;
    if (e.type === 'save' || e.type === 'hide') exclude.add(e.pinId);
    if (e.type === 'impression' && config.feed.seenFilterHours > 0 && e.timestamp >= seenSince) exclude.add(e.pinId);
    const w = eventWeight(e, weighting);
    const item = byPin.get(e.pinId);
    if (!item) {
      byPin.set(e.pinId, {
        pinId: e.pinId,
        weight: w,
        timestamp: e.timestamp,
        strongest: w,
        ...(w > 0 ? { action: e.type as EventType } : {}),
      });
    } else {
      item.weight += w;
      item.timestamp = Math.max(item.timestamp, e.timestamp);
      if (w > item.strongest) {
        item.strongest = w;
        item.action = e.type;
      }
    }
  }
  const history = [...byPin.values()]
    .map(({ strongest: _s, ...h }) => h)
    .sort((a, b) => b.timestamp - a.timestamp);
  return { history, exclude };
}
