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
}

export class SessionCache {
  private readonly sessions = new Map<string, FeedSession>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSessions = 10_000,
  ) {}

  create(userId: string, items: Candidate[], now: number): FeedSession {
    const session = { id: randomBytes(9).toString('base64url'), userId, createdAt: now, items };
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    return session;
  }

  get(id: string, userId: string, now: number): FeedSession | undefined {
    const s = this.sessions.get(id);
    if (!s || s.userId !== userId) return undefined;
    if (now - s.createdAt > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    // Refresh its place in the LRU order.
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  /** Forgets a user's sessions (their next feed starts fresh). */
  dropUser(userId: string): void {
    for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
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
