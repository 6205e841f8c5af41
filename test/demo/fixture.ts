/** A reduced demo world shared by the demo tests (generated once per test file). */
import type { Event } from '../../src/domain/types.js';
import { generateDemoWorld, type DemoWorld } from '../../src/demo/world.js';

export const NOW = Date.UTC(2025, 5, 1);
export const SMALL = { now: NOW, seed: 7, users: 300, creators: 100, pins: 2000, events: 30_000 } as const;

let cached: DemoWorld | undefined;
export function smallWorld(): DemoWorld {
  return (cached ??= generateDemoWorld(SMALL));
}

/** Each feed impression's 0-based position within its request (impressions come in position order). */
export function impressionPositions(events: readonly Event[]): Map<string, number> {
  const next = new Map<string, number>();
  const positions = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'impression' || e.requestId === undefined || e.pinId === undefined) continue;
    const p = next.get(e.requestId) ?? 0;
    next.set(e.requestId, p + 1);
    positions.set(`${e.requestId}/${e.pinId}`, p);
  }
  return positions;
}

export function countTypes(events: readonly Event[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}
