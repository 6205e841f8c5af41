/** Row <-> domain mapping for the SQLite store. */
import {
  EVENT_TYPES,
  SURFACES,
  type Creator,
  type EventType,
  type LoggedEvent,
  type ModerationState,
  type Pin,
  type Surface,
  type User,
} from '../../domain/types.js';

export interface UserRow {
  id: string;
  created_at: number;
  country: string | null;
  language: string | null;
  gender: string | null;
  age_range: string | null;
  interests: string;
}

export interface CreatorRow {
  id: string;
  name: string | null;
  created_at: number;
}

export interface PinRow {
  id: string;
  creator_id: string;
  board_id: string | null;
  title: string;
  description: string;
  tags: string;
  image_url: string | null;
  created_at: number;
  moderation: string;
  promoted: number;
  bid: number | null;
  budget: number | null;
}

export interface EventRow {
  seq: number;
  id: string;
  user_id: string;
  pin_id: string | null;
  query: string | null;
  type: number;
  value: number | null;
  surface: number | null;
  position: number | null;
  request_id: string | null;
  ts: number;
}

const eventTypeCode = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]));
const surfaceCode = new Map<Surface, number>(SURFACES.map((s, i) => [s, i]));

export const encodeEventType = (type: EventType): number => eventTypeCode.get(type)!;
export const encodeSurface = (surface: Surface | undefined): number | null =>
  surface === undefined ? null : surfaceCode.get(surface)!;

/** Copies only the optional fields that are set, so absent stays absent. */
function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) (base as Record<string, unknown>)[key] = value;
  }
  return base;
}

export function userFromRow(row: UserRow): User {
  return withOptional<User>(
    { id: row.id, createdAt: row.created_at, interests: JSON.parse(row.interests) as string[] },
    { country: row.country, language: row.language, gender: row.gender, ageRange: row.age_range },
  );
}

export function creatorFromRow(row: CreatorRow): Creator {
  return withOptional<Creator>({ id: row.id, createdAt: row.created_at }, { name: row.name });
}

export function pinFromRow(row: PinRow): Pin {
  return withOptional<Pin>(
    {
      id: row.id,
      creatorId: row.creator_id,
      title: row.title,
      description: row.description,
      tags: JSON.parse(row.tags) as string[],
      createdAt: row.created_at,
      moderation: row.moderation as ModerationState,
      promoted: row.promoted === 1,
    },
    { boardId: row.board_id, imageUrl: row.image_url, bid: row.bid, budget: row.budget },
  );
}

export function eventFromRow(row: EventRow): LoggedEvent {
  return withOptional<LoggedEvent>(
    { seq: row.seq, id: row.id, userId: row.user_id, type: EVENT_TYPES[row.type]!, timestamp: row.ts },
    {
      pinId: row.pin_id,
      query: row.query,
      value: row.value,
      surface: row.surface === null ? null : SURFACES[row.surface],
      position: row.position,
      requestId: row.request_id,
    },
  );
}
