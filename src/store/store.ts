/**
 * Storage interfaces. Everything outside src/store/ talks to these; the
 * embedded SQLite implementation and (later) PostgreSQL sit behind them.
 * Every method is async so that a networked store fits the same shape.
 */
import type { Creator, Event, EventType, LoggedEvent, Pin, User } from '../domain/types.js';

export interface UserRepository {
  /** Inserts or replaces every user in one transaction: all or nothing. */
  upsertMany(users: readonly User[]): Promise<void>;
  get(id: string): Promise<User | undefined>;
  /** Deletes the user and every event they made. Returns false when there was no such user. */
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  scan(batchSize?: number): AsyncIterable<User[]>;
}

export interface CreatorRepository {
  upsertMany(creators: readonly Creator[]): Promise<void>;
  get(id: string): Promise<Creator | undefined>;
  count(): Promise<number>;
  scan(batchSize?: number): AsyncIterable<Creator[]>;
}

export interface PinRepository {
  /**
   * Inserts or replaces every pin in one transaction: all or nothing.
   * A pin's creator and board are created when they do not exist yet.
   */
  upsertMany(pins: readonly Pin[]): Promise<void>;
  get(id: string): Promise<Pin | undefined>;
  getMany(ids: readonly string[]): Promise<Map<string, Pin>>;
  /** The subset of `ids` that name existing pins. */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** Removes the pin from the catalogue; its past events stay in the log. */
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  scan(batchSize?: number): AsyncIterable<Pin[]>;
}

export interface AppendResult {
  /** Events written for the first time. */
  inserted: number;
  /** Events whose id was already in the log (a retried batch); not written again. */
  duplicates: number;
}

export interface EventScanOptions {
  /** Only events after this log position. */
  afterSeq?: number;
  types?: readonly EventType[];
  batchSize?: number;
}

export interface UserHistoryOptions {
  limit: number;
  types?: readonly EventType[];
  /** Only events at or after this time (epoch ms). */
  since?: number;
}

export interface EventLog {
  /**
   * Appends the events durably in one transaction (all or nothing), skipping
   * ids already in the log. When the promise resolves, the events survive a crash.
   */
  append(events: readonly Event[]): Promise<AppendResult>;
  /** Events in log order, in batches. */
  scan(options?: EventScanOptions): AsyncIterable<LoggedEvent[]>;
  /** The user's most recent events, newest first. */
  forUser(userId: string, options: UserHistoryOptions): Promise<LoggedEvent[]>;
  count(): Promise<number>;
  countByType(): Promise<Record<EventType, number>>;
  /** The position of the newest event, 0 when the log is empty. */
  lastSeq(): Promise<number>;
}

export interface Store {
  readonly users: UserRepository;
  readonly creators: CreatorRepository;
  readonly pins: PinRepository;
  readonly events: EventLog;
  /** A cheap liveness query: resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
