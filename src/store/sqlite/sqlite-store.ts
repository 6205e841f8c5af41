/**
 * The embedded store: one SQLite file in WAL mode (better-sqlite3).
 *
 * Durability: with `synchronous = full` every acknowledged commit is fsynced
 * and survives power loss; with `normal` it survives a crash of the process
 * (kill -9) but the last commits may be lost on power loss.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES, type Creator, type Event, type EventType, type LoggedEvent, type Pin, type User } from '../../domain/types.js';
import { GroupCommitter, type BatchOutcome } from '../group-commit.js';
import type {
  AppendResult,
  CreatorRepository,
  EventLog,
  EventScanOptions,
  PinRepository,
  Store,
  UserHistoryOptions,
  UserRepository,
} from '../store.js';
import {
  creatorFromRow,
  encodeEventType,
  encodeSurface,
  eventFromRow,
  pinFromRow,
  userFromRow,
  type CreatorRow,
  type EventRow,
  type PinRow,
  type UserRow,
} from './codec.js';
import { MIGRATIONS } from './migrations.js';
import { UserKeys } from './user-keys.js';

export type SqliteSynchronous = 'full' | 'normal';

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  file: string;
  synchronous?: SqliteSynchronous;
}

/** SQLite limits bound parameters per statement; lookups by many ids go in chunks of this size. */
const ID_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(',');
}

export function migrate(db: Database.Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const ran: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}

function* scanTable<Row, T>(
  db: Database.Database,
  table: string,
  fromRow: (row: Row) => T,
  batchSize: number,
): Generator<T[]> {
  const stmt = db.prepare(`SELECT * FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`);
  let after = '';
  for (;;) {
    const rows = stmt.all(after, batchSize) as (Row & { id: string })[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map(fromRow);
  }
}

class SqliteUsers implements UserRepository {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly deleteUser;
  constructor(
    private readonly db: Database.Database,
    private readonly events: SqliteEvents,
  ) {
    this.upsertStmt = db.prepare(`INSERT INTO users (id, created_at, country, language, gender, age_range, interests)
      VALUES (@id, @createdAt, @country, @language, @gender, @ageRange, @interests)
      ON CONFLICT(id) DO UPDATE SET created_at = excluded.created_at, country = excluded.country,
        language = excluded.language, gender = excluded.gender, age_range = excluded.age_range,
        interests = excluded.interests`);
    this.getStmt = db.prepare('SELECT * FROM users WHERE id = ?');
    this.deleteUser = db.prepare('DELETE FROM users WHERE id = ?');
  }
  async upsertMany(users: readonly User[]): Promise<void> {
    this.db.transaction(() => {
      for (const u of users) {
        this.upsertStmt.run({
          id: u.id,
          createdAt: u.createdAt,
          country: u.country ?? null,
          language: u.language ?? null,
          gender: u.gender ?? null,
          ageRange: u.ageRange ?? null,
          interests: JSON.stringify(u.interests),
        });
      }
    })();
  }
  async get(id: string): Promise<User | undefined> {
    const row = this.getStmt.get(id) as UserRow | undefined;
    return row && userFromRow(row);
  }
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.deleteUser.run(id).changes > 0;
      if (removed) this.events.deleteForUser(id);
      return removed;
    })();
  }
  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
  async *scan(batchSize = 1000): AsyncIterable<User[]> {
    yield* scanTable(this.db, 'users', userFromRow, batchSize);
  }
}

class SqliteCreators implements CreatorRepository {
  private readonly upsertStmt;
  constructor(private readonly db: Database.Database) {
    this.upsertStmt = db.prepare(`INSERT INTO creators (id, name, created_at) VALUES (@id, @name, @createdAt)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at`);
  }
  async upsertMany(creators: readonly Creator[]): Promise<void> {
    this.db.transaction(() => {
      for (const c of creators) this.upsertStmt.run({ id: c.id, name: c.name ?? null, createdAt: c.createdAt });
    })();
  }
  async get(id: string): Promise<Creator | undefined> {
    const row = this.db.prepare('SELECT * FROM creators WHERE id = ?').get(id) as CreatorRow | undefined;
    return row && creatorFromRow(row);
  }
  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM creators').get() as { n: number }).n;
  }
  async *scan(batchSize = 1000): AsyncIterable<Creator[]> {
    yield* scanTable(this.db, 'creators', creatorFromRow, batchSize);
  }
}

class SqlitePins implements PinRepository {
  private readonly upsertStmt;
  private readonly ensureCreator;
  private readonly ensureBoard;
  private readonly getStmt;
  constructor(private readonly db: Database.Database) {
    this.upsertStmt = db.prepare(`INSERT INTO pins (id, creator_id, board_id, title, description, tags, image_url,
        created_at, moderation, promoted, bid, budget)
      VALUES (@id, @creatorId, @boardId, @title, @description, @tags, @imageUrl, @createdAt, @moderation, @promoted, @bid, @budget)
      ON CONFLICT(id) DO UPDATE SET creator_id = excluded.creator_id, board_id = excluded.board_id,
        title = excluded.title, description = excluded.description, tags = excluded.tags,
        image_url = excluded.image_url, created_at = excluded.created_at, moderation = excluded.moderation,
        promoted = excluded.promoted, bid = excluded.bid, budget = excluded.budget`);
    this.ensureCreator = db.prepare('INSERT INTO creators (id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING');
    this.ensureBoard = db.prepare(
      'INSERT INTO boards (id, creator_id, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING',
    );
    this.getStmt = db.prepare('SELECT * FROM pins WHERE id = ?');
  }
  async upsertMany(pins: readonly Pin[]): Promise<void> {
    this.db.transaction(() => {
      for (const p of pins) {
        this.ensureCreator.run(p.creatorId, p.createdAt);
        if (p.boardId !== undefined) this.ensureBoard.run(p.boardId, p.creatorId, p.createdAt);
        this.upsertStmt.run({
          id: p.id,
          creatorId: p.creatorId,
          boardId: p.boardId ?? null,
          title: p.title,
          description: p.description,
          tags: JSON.stringify(p.tags),
          imageUrl: p.imageUrl ?? null,
          createdAt: p.createdAt,
          moderation: p.moderation,
          promoted: p.promoted ? 1 : 0,
          bid: p.bid ?? null,
          budget: p.budget ?? null,
        });
      }
    })();
  }
  async get(id: string): Promise<Pin | undefined> {
    const row = this.getStmt.get(id) as PinRow | undefined;
    return row && pinFromRow(row);
  }
  async getMany(ids: readonly string[]): Promise<Map<string, Pin>> {
    const out = new Map<string, Pin>();
    for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
      const rows = this.db.prepare(`SELECT * FROM pins WHERE id IN (${placeholders(part.length)})`).all(...part) as PinRow[];
      for (const row of rows) out.set(row.id, pinFromRow(row));
    }
    return out;
  }
  async existing(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
      const rows = this.db.prepare(`SELECT id FROM pins WHERE id IN (${placeholders(part.length)})`).all(...part) as {
        id: string;
      }[];
      for (const row of rows) out.add(row.id);
    }
    return out;
  }
  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM pins WHERE id = ?').run(id).changes > 0;
  }
  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM pins').get() as { n: number }).n;
  }
  async *scan(batchSize = 1000): AsyncIterable<Pin[]> {
    yield* scanTable(this.db, 'pins', pinFromRow, batchSize);
  }
}

/** Rows per multi-row INSERT: fewer statement executions per batch (measured: about +20% throughput). */
const ROWS_PER_INSERT = 50;
const EVENT_COLUMNS = 10;

class SqliteEvents implements EventLog {
  private readonly insertOne;
  private readonly insertMany;
  private readonly committer: GroupCommitter<readonly Event[], AppendResult>;
  private readonly scanColumns = 'e.*, k.user_id AS user_id';

  constructor(
    private readonly db: Database.Database,
    private readonly userKeys: UserKeys,
  ) {
    const columns = 'INSERT INTO events (id, user_key, pin_id, query, type, value, surface, position, request_id, ts) VALUES ';
    const row = `(${placeholders(EVENT_COLUMNS)})`;
    this.insertOne = db.prepare(`${columns}${row} ON CONFLICT(id) DO NOTHING`);
    this.insertMany = db.prepare(`${columns}${new Array<string>(ROWS_PER_INSERT).fill(row).join(',')} ON CONFLICT(id) DO NOTHING`);
    const insertBatch = db.transaction((events: readonly Event[]): AppendResult => {
      let inserted = 0;
      const values: unknown[] = [];
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        values.push(
          e.id,
          this.userKeys.findOrCreate(e.userId),
          e.pinId ?? null,
          e.query ?? null,
          encodeEventType(e.type),
          e.value ?? null,
          encodeSurface(e.surface),
          e.position ?? null,
          e.requestId ?? null,
          e.timestamp,
        );
        const full = values.length === ROWS_PER_INSERT * EVENT_COLUMNS;
        if (full || i === events.length - 1) {
          if (full) inserted += this.insertMany.run(values).changes;
          else for (let k = 0; k < values.length; k += EVENT_COLUMNS) inserted += this.insertOne.run(values.slice(k, k + EVENT_COLUMNS)).changes;
          values.length = 0;
        }
      }
      return { inserted, duplicates: events.length - inserted };
    });
    // The outer transaction is the shared commit; each batch runs in a savepoint
    // (a nested better-sqlite3 transaction), so a failing batch rolls back alone.
    const commitGroup = db.transaction((batches: (readonly Event[])[]): BatchOutcome<AppendResult>[] =>
      batches.map((batch) => {
        const keysBefore = new Set(this.userKeys.pendingKeys().keys());
        try {
          return { ok: true, value: insertBatch(batch) };
        } catch (error) {
          this.userKeys.discard([...this.userKeys.pendingKeys().keys()].filter((id) => !keysBefore.has(id)));
          return { ok: false, error };
        }
      }),
    );
    this.committer = new GroupCommitter((batches) => {
      try {
        const outcomes = commitGroup(batches);
        this.userKeys.committed();
        return outcomes;
      } catch (error) {
        this.userKeys.rolledBack();
        throw error;
      }
    });
  }

  append(events: readonly Event[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    return this.committer.submit(events);
  }

  private typeFilter(types: readonly EventType[] | undefined): string {
    return types?.length ? ` AND e.type IN (${types.map((t) => encodeEventType(t)).join(',')})` : '';
  }

  async *scan(options: EventScanOptions = {}): AsyncIterable<LoggedEvent[]> {
    const batchSize = options.batchSize ?? 10_000;
    const stmt = this.db.prepare(
      `SELECT ${this.scanColumns} FROM events e JOIN user_keys k ON k.key = e.user_key
       WHERE e.seq > ?${this.typeFilter(options.types)} ORDER BY e.seq LIMIT ?`,
    );
    let after = options.afterSeq ?? 0;
    for (;;) {
      const rows = stmt.all(after, batchSize) as EventRow[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.seq;
      yield rows.map(eventFromRow);
    }
  }

  async forUser(userId: string, options: UserHistoryOptions): Promise<LoggedEvent[]> {
    const key = this.userKeys.find(userId);
    if (key === undefined) return [];
    const rows = this.db
      .prepare(
        `SELECT e.*, ? AS user_id FROM events e WHERE e.user_key = ? AND e.ts >= ?${this.typeFilter(options.types)}
         ORDER BY e.ts DESC, e.seq DESC LIMIT ?`,
      )
      .all(userId, key, options.since ?? Number.MIN_SAFE_INTEGER, options.limit) as EventRow[];
    return rows.map(eventFromRow);
  }

  /** Deletes the user's events and key; call inside a write transaction. */
  deleteForUser(userId: string): void {
    const key = this.userKeys.find(userId);
    if (key === undefined) return;
    this.db.prepare('DELETE FROM events WHERE user_key = ?').run(key);
    this.userKeys.delete(userId);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }
  async countByType(): Promise<Record<EventType, number>> {
    const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
    const rows = this.db.prepare('SELECT type, COUNT(*) AS n FROM events GROUP BY type').all() as { type: number; n: number }[];
    for (const row of rows) counts[EVENT_TYPES[row.type]!] = row.n;
    return counts;
  }
  async lastSeq(): Promise<number> {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s;
  }
}

export class SqliteStore implements Store {
  readonly users: UserRepository;
  readonly creators: CreatorRepository;
  readonly pins: PinRepository;
  readonly events: EventLog;
  private readonly db: Database.Database;

  constructor(options: SqliteStoreOptions) {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'full'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    // A 1,000-event commit dirties thousands of scattered index pages once the
    // log is large; with the default 1,000-page threshold SQLite checkpoints
    // after nearly every commit. 10,000 pages (40 MB of WAL) measured +30%
    // append throughput at 1M events without long checkpoint pauses.
    this.db.pragma('wal_autocheckpoint = 10000');
    migrate(this.db);
    const events = new SqliteEvents(this.db, new UserKeys(this.db));
    this.events = events;
    this.users = new SqliteUsers(this.db, events);
    this.creators = new SqliteCreators(this.db);
    this.pins = new SqlitePins(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Let appends submitted in this turn of the event loop commit first.
    await new Promise((resolve) => setImmediate(resolve));
    this.db.close();
  }
}
