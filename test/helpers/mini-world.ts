/**
 * A tiny hand-made world with obvious structure: two taste groups (kitchen
 * and travel), each with its own pins from several creators; users of a group
 * save that group's pins together.
 */
import type { Event, Pin } from '../../src/domain/types.js';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 5, 1);

export function miniPins(): Pin[] {
  const pins: Pin[] = [];
  for (const [group, tag] of [['a', 'kitchen'], ['b', 'travel']] as const) {
    for (let i = 0; i < 30; i++) {
      pins.push({
        id: `${group}${i}`,
        creatorId: `${group}-creator-${i % 10}`,
        title: `${tag} idea ${i}`,
        description: '',
        tags: [tag],
        createdAt: NOW - 30 * DAY,
        moderation: 'approved',
        promoted: false,
      });
    }
  }
  return pins;
}

/** 20 users per group; each saves 8 consecutive pins of their group (overlapping windows). */
export function miniEvents(): Event[] {
  const events: Event[] = [];
  let n = 0;
  for (const group of ['a', 'b']) {
    for (let u = 0; u < 20; u++) {
      for (let k = 0; k < 8; k++) {
        const pin = `${group}${(u + k) % 30}`;
        const timestamp = NOW - (20 - u) * DAY / 2 + k * 60_000;
        events.push({ id: `ev${n++}`, userId: `${group}-user-${u}`, pinId: pin, type: 'impression', timestamp: timestamp - 1000 });
        events.push({ id: `ev${n++}`, userId: `${group}-user-${u}`, pinId: pin, type: 'save', timestamp });
      }
    }
  }
  return events;
}
