/**
 * Feed sessions: the ranked list behind a paginated feed, kept for a while so
 * that page 2 continues page 1 without repeating a pin. Bounded LRU with a TTL.
 */
import { randomBytes } from 'node:crypto';
import type { Candidate } from './types.js';

export interface FeedSession {
  id: string;
  userId: string;
  createdAt: number;
  items: Candidate[];
  /** The model set generation it was ranked with (a cached list from older models is not reused). */
  generation: number;
}

export class SessionCache {
  private readonly sessions = new Map<string, FeedSession>();
  /** Session ids per user, oldest first: invalidation and the latest list without a scan. */
  private readonly byUser = new Map<string, string[]>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSessions = 10_000,
  ) {}

  create(userId: string, items: Candidate[], now: number, generation = 0): FeedSession {
    const session = { id: randomBytes(9).toString('base64url'), userId, createdAt: now, items, generation };
    this.sessions.set(session.id, session);
    const ids = this.byUser.get(userId);
    if (ids) ids.push(session.id);
    else this.byUser.set(userId, [session.id]);
    while (this.sessions.size > this.maxSessions) this.remove(this.sessions.keys().next().value!);
    return session;
  }

  get(id: string, userId: string, now: number): FeedSession | undefined {
    const s = this.sessions.get(id);
    if (!s || s.userId !== userId) return undefined;
    if (now - s.createdAt > this.ttlMs) {
      this.remove(id);
      return undefined;
    }
    // Refresh its place in the LRU order.
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  /** The user's newest session if it is at most `maxAgeMs` old and of `generation` (the cached feed). */
  latest(userId: string, now: number, maxAgeMs: number, generation = 0): FeedSession | undefined {
    const ids = this.byUser.get(userId);
    const newest = ids?.[ids.length - 1];
    if (newest === undefined) return undefined;
    const s = this.get(newest, userId, now);
    return s && now - s.createdAt <= maxAgeMs && s.generation === generation ? s : undefined;
  }

  /** Forgets a user's sessions (their next feed starts fresh). */
  dropUser(userId: string): void {
    for (const id of this.byUser.get(userId) ?? []) this.sessions.delete(id);
    this.byUser.delete(userId);
  }

  get size(): number {
    return this.sessions.size;
  }

  private remove(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    const ids = this.byUser.get(s.userId)?.filter((other) => other !== id);
    if (ids?.length) this.byUser.set(s.userId, ids);
    else this.byUser.delete(s.userId);
  }
}

export interface Cursor {
  session: string;
  offset: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.session}.${cursor.offset}`).toString('base64url');
}

/** Parses a cursor; undefined when it is not one of ours. */
export function decodeCursor(text: string): Cursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^([A-Za-z0-9_-]{12})\.(\d{1,6})$/.exec(decoded);
  if (!match) return undefined;
  return { session: match[1]!, offset: Number(match[2]) };
}
