/**
 * Conversions between the JSON contract and the domain model, including the
 * checks a schema cannot express (cross-field rules, parseable times).
 */
import { PIN_EVENT_TYPES, type Creator, type Event, type Pin, type User } from '../domain/types.js';
import type { CreatorInput, CreatorOutput, EventInput, PinInput, PinOutput, UserInput, UserOutput } from './schemas.js';

/** Bad input, blamed on one field (a JSON path like `/events/3/pinId`). */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
  }
}

/** How far in the future an event time may be, to tolerate client clock skew. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

function parseTime(value: string | undefined, field: string, now: number): number {
  if (value === undefined) return now;
  const t = Date.parse(value);
  // The schema checked the syntax; this catches impossible dates (month 13, hour 25).
  if (Number.isNaN(t)) throw new InputError(field, `"${value}" is not a valid date-time`);
  return t;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export function userFromWire(input: UserInput, now: number, field = ''): User {
  return defined<User>({
    id: input.id,
    createdAt: parseTime(input.createdAt, `${field}/createdAt`, now),
    country: input.country,
    language: input.language,
    gender: input.gender,
    ageRange: input.ageRange,
    interests: input.interests ?? [],
  });
}

export function userToWire(user: User): UserOutput {
  return defined<UserOutput>({
    id: user.id,
    createdAt: iso(user.createdAt),
    country: user.country,
    language: user.language,
    gender: user.gender,
    ageRange: user.ageRange,
    interests: user.interests,
  });
}

export function creatorFromWire(input: CreatorInput, now: number, field = ''): Creator {
  return defined<Creator>({ id: input.id, name: input.name, createdAt: parseTime(input.createdAt, `${field}/createdAt`, now) });
}

export function creatorToWire(creator: Creator): CreatorOutput {
  return defined<CreatorOutput>({ id: creator.id, name: creator.name, createdAt: iso(creator.createdAt) });
}

export function pinFromWire(input: PinInput, now: number, field = ''): Pin {
  return defined<Pin>({
    id: input.id,
    creatorId: input.creatorId,
    boardId: input.boardId,
    title: input.title,
    description: input.description ?? '',
    tags: input.tags ?? [],
    imageUrl: input.imageUrl,
    createdAt: parseTime(input.createdAt, `${field}/createdAt`, now),
    moderation: input.moderation ?? 'approved',
    promoted: input.promoted ?? false,
    bid: input.bid,
    budget: input.budget,
  });
}

export function pinToWire(pin: Pin): PinOutput {
  return defined<PinOutput>({
    id: pin.id,
    creatorId: pin.creatorId,
    boardId: pin.boardId,
    title: pin.title,
    description: pin.description,
    tags: pin.tags,
    imageUrl: pin.imageUrl,
    createdAt: iso(pin.createdAt),
    moderation: pin.moderation,
    promoted: pin.promoted,
    bid: pin.bid,
    budget: pin.budget,
  });
}

/**
 * Converts a client event. `newId` supplies an id when the client sent none
 * (such an event cannot be deduplicated on retry).
 */
export function eventFromWire(input: EventInput, now: number, newId: () => string, field = ''): Event {
  if (PIN_EVENT_TYPES.has(input.type) && input.pinId === undefined) {
    throw new InputError(`${field}/pinId`, `is required for ${input.type} events`);
  }
  if (input.type === 'search' && input.query === undefined) {
    throw new InputError(`${field}/query`, 'is required for search events');
  }
  if (input.type === 'dwell' && (input.value === undefined || input.value < 0)) {
    throw new InputError(`${field}/value`, 'dwell events need the dwell time in milliseconds (a number >= 0)');
  }
  if (input.value !== undefined && !Number.isFinite(input.value)) {
    throw new InputError(`${field}/value`, 'must be a finite number');
  }
  const timestamp = parseTime(input.timestamp, `${field}/timestamp`, now);
  if (timestamp > now + MAX_CLOCK_SKEW_MS) {
    throw new InputError(`${field}/timestamp`, 'is more than a day in the future');
  }
  // Built field by field (not with `defined`): events are the hot path, and
  // deleting keys would turn every event into a slow dictionary-mode object.
  const event: Event = { id: input.id ?? newId(), userId: input.userId, type: input.type, timestamp };
  if (input.pinId !== undefined) event.pinId = input.pinId;
  if (input.query !== undefined) event.query = input.query;
  if (input.value !== undefined) event.value = input.value;
  if (input.surface !== undefined) event.surface = input.surface;
  if (input.position !== undefined) event.position = input.position;
  if (input.requestId !== undefined) event.requestId = input.requestId;
  return event;
}

export function eventToWire(event: Event): EventInput & { timestamp: string } {
  return defined({
    id: event.id,
    userId: event.userId,
    pinId: event.pinId,
    query: event.query,
    type: event.type,
    value: event.value,
    surface: event.surface,
    position: event.position,
    requestId: event.requestId,
    timestamp: iso(event.timestamp),
  });
}
