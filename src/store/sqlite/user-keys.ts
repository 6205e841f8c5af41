/**
 * User id <-> integer key, for the event log. Keys are cached in memory; a
 * key created inside a transaction enters the cache only once that
 * transaction has committed, so a rolled-back batch cannot leave behind a key
 * the database does not have.
 */
import type Database from 'better-sqlite3';

export class UserKeys {
  private readonly cache = new Map<string, number>();
  private pending = new Map<string, number>();
  private readonly select;
  private readonly insert;
  private readonly remove;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT key FROM user_keys WHERE user_id = ?').pluck();
    this.insert = db.prepare('INSERT INTO user_keys (user_id) VALUES (?)');
    this.remove = db.prepare('DELETE FROM user_keys WHERE user_id = ?');
  }

  /** The user's key, or undefined when the user has no events. */
  find(userId: string): number | undefined {
    const cached = this.cache.get(userId) ?? this.pending.get(userId);
    if (cached !== undefined) return cached;
    const key = this.select.get(userId) as number | undefined;
    if (key !== undefined) this.cache.set(userId, key);
    return key;
  }

  /** The user's key, creating it; call inside a write transaction. */
  findOrCreate(userId: string): number {
    const key = this.find(userId);
    if (key !== undefined) return key;
    const created = Number(this.insert.run(userId).lastInsertRowid);
    this.pending.set(userId, created);
    return created;
  }

  /** Keys created since the last commit or rollback. */
  pendingKeys(): ReadonlyMap<string, number> {
    return this.pending;
  }

  /** Forgets some pending keys (their savepoint rolled back). */
  discard(userIds: Iterable<string>): void {
    for (const id of userIds) this.pending.delete(id);
  }

  committed(): void {
    for (const [id, key] of this.pending) this.cache.set(id, key);
    this.pending = new Map();
  }

  rolledBack(): void {
    this.pending = new Map();
  }

  /** Removes the user's key (their events are gone); call inside a write transaction. */
  delete(userId: string): void {
    this.remove.run(userId);
    this.cache.delete(userId);
    this.pending.delete(userId);
  }
}
