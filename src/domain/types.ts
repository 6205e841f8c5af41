/**
 * The domain model. Types only: no module here depends on anything else.
 * Times are Unix epoch milliseconds inside the engine; the HTTP layer speaks ISO 8601.
 */

export const EVENT_TYPES = ['impression', 'closeup', 'click', 'save', 'hide', 'dwell', 'search', 'conversion'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SURFACES = ['home', 'related', 'search'] as const;
export type Surface = (typeof SURFACES)[number];

export const MODERATION_STATES = ['pending', 'approved', 'rejected'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export interface User {
  id: string;
  createdAt: number;
  country?: string;
  language?: string;
  gender?: string;
  ageRange?: string;
  /** Interests the user declared (free-form labels, usually categories or tags). */
  interests: string[];
}

export interface Creator {
  id: string;
  name?: string;
  createdAt: number;
}

export interface Board {
  id: string;
  creatorId?: string;
  title?: string;
  createdAt: number;
}

export interface Pin {
  id: string;
  creatorId: string;
  boardId?: string;
  title: string;
  description: string;
  tags: string[];
  /** An absolute URL, a URL relative to this server, or a local file path. */
  imageUrl?: string;
  createdAt: number;
  moderation: ModerationState;
  promoted: boolean;
  /** Cost-per-engagement bid for promoted pins, in the smallest currency unit. */
  bid?: number;
  /** Remaining budget for promoted pins, in the smallest currency unit. */
  budget?: number;
}

export interface Event {
  /** The client's event id: the idempotency key. */
  id: string;
  userId: string;
  pinId?: string;
  query?: string;
  type: EventType;
  /** Dwell time in ms for `dwell`, amount for `conversion`. */
  value?: number;
  surface?: Surface;
  /** 0-based slot where the pin was shown on its surface (impressions), for position bias. */
  position?: number;
  requestId?: string;
  timestamp: number;
}

/** An event as the durable log returns it: with its position in the log. */
export interface LoggedEvent extends Event {
  seq: number;
}

/** Event types that carry a pin. */
export const PIN_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'impression',
  'closeup',
  'click',
  'save',
  'hide',
  'dwell',
  'conversion',
]);
