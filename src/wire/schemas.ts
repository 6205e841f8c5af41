/**
 * The JSON contract (camelCase, ISO 8601 times) as TypeBox schemas: one
 * definition gives the HTTP validation, the OpenAPI document, the TypeScript
 * types and the validation of JSONL/CSV imports.
 */
import { Type, type Static } from 'typebox';
import { EVENT_TYPES, MODERATION_STATES, SURFACES } from '../domain/types.js';

export const MAX_BATCH = 10_000;

const Id = Type.String({ minLength: 1, maxLength: 256, description: 'An opaque identifier chosen by the client.' });
/**
 * ISO 8601 date-time syntax. A pattern rather than `format: 'date-time'`: the
 * converter parses every time anyway (and rejects impossible dates), so the
 * full format validator would parse each timestamp twice on the ingest path.
 */
export const ISO_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+-]\\d{2}:?\\d{2})$';
const Timestamp = Type.String({
  pattern: ISO_DATE_TIME,
  maxLength: 40,
  description: 'ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z. Defaults to the time of the request.',
});
const Label = Type.String({ minLength: 1, maxLength: 128 });

export const UserInput = Type.Object(
  {
    id: Id,
    createdAt: Type.Optional(Timestamp),
    country: Type.Optional(Type.String({ maxLength: 64 })),
    language: Type.Optional(Type.String({ maxLength: 64 })),
    gender: Type.Optional(Type.String({ maxLength: 64 })),
    ageRange: Type.Optional(Type.String({ maxLength: 64 })),
    interests: Type.Optional(Type.Array(Label, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const CreatorInput = Type.Object(
  {
    id: Id,
    name: Type.Optional(Type.String({ maxLength: 256 })),
    createdAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type CreatorInput = Static<typeof CreatorInput>;

export const PinInput = Type.Object(
  {
    id: Id,
    creatorId: Id,
    boardId: Type.Optional(Id),
    title: Type.String({ maxLength: 500 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    tags: Type.Optional(Type.Array(Label, { maxItems: 100 })),
    imageUrl: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    createdAt: Type.Optional(Timestamp),
    moderation: Type.Optional(Type.Enum([...MODERATION_STATES])),
    promoted: Type.Optional(Type.Boolean()),
    bid: Type.Optional(Type.Number({ minimum: 0 })),
    budget: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type PinInput = Static<typeof PinInput>;

export const EventInput = Type.Object(
  {
    id: Type.Optional(Id),
    userId: Id,
    pinId: Type.Optional(Id),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    type: Type.Enum([...EVENT_TYPES]),
    value: Type.Optional(Type.Number()),
    surface: Type.Optional(Type.Enum([...SURFACES])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: '0-based slot where the pin was shown (impressions).' })),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    timestamp: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type EventInput = Static<typeof EventInput>;

export const UserBatch = Type.Object(
  { users: Type.Array(UserInput, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);
export const PinBatch = Type.Object(
  { pins: Type.Array(PinInput, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);
export const EventBatch = Type.Object(
  { events: Type.Array(EventInput, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);

/* Responses. */

export const UserOutput = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  country: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  gender: Type.Optional(Type.String()),
  ageRange: Type.Optional(Type.String()),
  interests: Type.Array(Type.String()),
});
export type UserOutput = Static<typeof UserOutput>;

export const CreatorOutput = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export type CreatorOutput = Static<typeof CreatorOutput>;

export const PinOutput = Type.Object({
  id: Type.String(),
  creatorId: Type.String(),
  boardId: Type.Optional(Type.String()),
  title: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  imageUrl: Type.Optional(Type.String()),
  createdAt: Type.String(),
  moderation: Type.String(),
  promoted: Type.Boolean(),
  bid: Type.Optional(Type.Number()),
  budget: Type.Optional(Type.Number()),
});
export type PinOutput = Static<typeof PinOutput>;

export const ErrorOutput = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String({ description: 'JSON path of the offending field, when one is to blame.' })),
});

/* PUT bodies: the id comes from the path, so it is optional in the body (and must match when given). */

export const UserPutInput = Type.Object({ ...UserInput.properties, id: Type.Optional(Id) }, { additionalProperties: false });
export const PinPutInput = Type.Object({ ...PinInput.properties, id: Type.Optional(Id) }, { additionalProperties: false });
export const CreatorPutInput = Type.Object({ ...CreatorInput.properties, id: Type.Optional(Id) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Id });

const Limit = Type.String({ pattern: '^[0-9]{1,4}$', description: 'How many items, 1 to 200.' });

export const FeedQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);
export const RelatedQuery = Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false });

const RecommendedItem = {
  pinId: Type.String(),
  score: Type.Number(),
  reason: Type.String({ description: 'Why this pin is here, for people.' }),
  pin: PinOutput,
};

export const FeedOutput = Type.Object({
  items: Type.Array(
    Type.Object({
      ...RecommendedItem,
      position: Type.Integer({ description: 'Position in the whole feed, across pages.' }),
      sources: Type.Array(Type.String(), { description: 'The recall channels that found the pin.' }),
      predictions: Type.Optional(
        Type.Object(
          {
            closeup: Type.Optional(Type.Number()),
            click: Type.Optional(Type.Number()),
            save: Type.Optional(Type.Number()),
            hide: Type.Optional(Type.Number()),
            dwell: Type.Optional(Type.Number()),
          },
          {
            description:
              "The ranker's predictions: calibrated probabilities of closeup, click, save and hide, and dwell as the expected ln(1 + seconds) " +
              'given a dwell. Absent when the feed was ranked by channel fusion (no ranker trained).',
          },
        ),
      ),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.String({ description: 'Send it back with the impressions and engagements of these pins.' }),
});

export const RelatedOutput = Type.Object({
  items: Type.Array(Type.Object(RecommendedItem)),
  nextCursor: Type.Null(),
});

export const EventsAccepted = Type.Object({
  accepted: Type.Integer(),
  inserted: Type.Integer({ description: 'Events new to the log.' }),
  duplicates: Type.Integer({ description: 'Events whose id was already logged (a retry); not counted again.' }),
});
