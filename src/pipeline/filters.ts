import type { Filter } from './types.js';

/** Drops pins the user must not see again (saved, hidden, seen recently). */
export const excludedFilter: Filter = {
  name: 'excluded',
  keep: (context, c) => !context.exclude.has(c.pinId),
};

/** Only approved pins reach a feed. */
export const moderationFilter: Filter = {
  name: 'moderation',
  keep: (_context, c) => c.pin?.moderation === 'approved',
};
