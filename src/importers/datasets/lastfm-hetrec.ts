/**
 * Last.fm HetRec 2011 (lastfm-hetrec/) onto the domain model.
 *
 * - Artists (artists.dat, UTF-8) → pins `lastfm-a<id>`: title = name,
 *   imageUrl = pictureURL when present, tags = the artist's 5 most-assigned
 *   tag names (user_taggedartists.dat counted per artist; ties by tag id),
 *   description = its 10 most-assigned tags, createdAt = LASTFM_EPOCH.
 * - Creator = the artist itself (`lastfm-artist-<id>`, named): the artist is
 *   who made what the pin shows.
 * - Users (every user in user_artists.dat) → `lastfm-u<id>`, no
 *   demographics, createdAt = LASTFM_EPOCH.
 * - User-artist pairs (user_artists.dat) → one save each, id
 *   `lastfm-<user>-<artist>`. Play counts are dropped (the reader keeps them
 *   as `weight`): an event's value means dwell ms or a conversion amount, and
 *   the RecBole protocol counts every pair as one positive anyway. There are
 *   no times, so they are synthetic: pair i (0-based, file order, grouped by
 *   user) happens at LASTFM_EPOCH + (i + 1) s.
 * - Friend links (user_friends.dat) and tag dates are not imported.
 *
 * Encodings: artists.dat is UTF-8, tags.dat latin-1; lines are read as UTF-8
 * and fall back to latin-1 when they are not valid UTF-8.
 */
import path from 'node:path';
import type { Creator, Event, Pin, User } from '../../domain/types.js';
import { flatten, parseLineBatches, parseLines, type Line } from '../lines.js';
import { checkedFirst, type ImportSource } from '../source.js';
import { asTag, batched, intField, mapBatches, splitFields, syntheticTime } from './common.js';

export interface LastfmPlays {
  user: number;
  artist: number;
  /** How many times the user played the artist. */
  weight: number;
}

export interface LastfmArtist {
  id: number;
  name: string;
  url?: string;
  pictureUrl?: string;
}

export interface LastfmTag {
  id: number;
  value: string;
}

export interface LastfmTagAssignment {
  user: number;
  artist: number;
  tag: number;
  day: number;
  month: number;
  year: number;
}

export const LASTFM_EPOCH = Date.UTC(2011, 4, 1);
export const LASTFM_FILES = ['user_artists.dat', 'artists.dat', 'tags.dat', 'user_taggedartists.dat'] as const;
const TAGS_PER_PIN = 5;
const TAGS_IN_DESCRIPTION = 10;

/** Skips the header line and blank lines. */
const body = (line: Line): boolean => line.number > 1 && line.text !== '';

/** The user-artist pairs a chunk at a time (cheaper per record than one by one). */
export function readLastfmPlayBatches(dir: string): AsyncGenerator<LastfmPlays[]> {
  const file = path.join(dir, 'user_artists.dat');
  return parseLineBatches(file, (line) => {
    if (!body(line)) return undefined;
    const [u, a, w] = splitFields(line, '\t', 3, file);
    return { user: intField(u!, line, file, 'userID'), artist: intField(a!, line, file, 'artistID'), weight: intField(w!, line, file, 'weight') };
  });
}

export const readLastfmPlays = (dir: string): AsyncGenerator<LastfmPlays> => flatten(readLastfmPlayBatches(dir));

export function readLastfmArtists(dir: string): AsyncGenerator<LastfmArtist> {
  const file = path.join(dir, 'artists.dat');
  return parseLines(
    file,
    (line) => {
      if (!body(line)) return undefined;
      const [id, name, url, picture] = splitFields(line, '\t', 4, file);
      return {
        id: intField(id!, line, file, 'id'),
        name: name!,
        ...(url ? { url } : {}),
        ...(picture ? { pictureUrl: picture } : {}),
      };
    },
    'utf8-or-latin1',
  );
}

export function readLastfmTags(dir: string): AsyncGenerator<LastfmTag> {
  const file = path.join(dir, 'tags.dat');
  return parseLines(
    file,
    (line) => {
      if (!body(line)) return undefined;
      const [id, value] = splitFields(line, '\t', 2, file);
      return { id: intField(id!, line, file, 'tagID'), value: value! };
    },
    'utf8-or-latin1',
  );
}

export function readLastfmTagAssignmentBatches(dir: string): AsyncGenerator<LastfmTagAssignment[]> {
  const file = path.join(dir, 'user_taggedartists.dat');
  return parseLineBatches(file, (line) => {
    if (!body(line)) return undefined;
    const [u, a, t, d, m, y] = splitFields(line, '\t', 6, file);
    return {
      user: intField(u!, line, file, 'userID'),
      artist: intField(a!, line, file, 'artistID'),
      tag: intField(t!, line, file, 'tagID'),
      day: intField(d!, line, file, 'day'),
      month: intField(m!, line, file, 'month'),
      year: intField(y!, line, file, 'year'),
    };
  });
}

export const readLastfmTagAssignments = (dir: string): AsyncGenerator<LastfmTagAssignment> => flatten(readLastfmTagAssignmentBatches(dir));

export const lastfmUserId = (user: number): string => `lastfm-u${user}`;
export const lastfmPinId = (artist: number): string => `lastfm-a${artist}`;
export const lastfmCreatorId = (artist: number): string => `lastfm-artist-${artist}`;

/** Each artist's tag names, most assigned first (ties by tag id), at most `limit`. */
export async function lastfmTopTags(dir: string, limit: number): Promise<Map<number, string[]>> {
  const names = new Map<number, string>();
  for await (const t of readLastfmTags(dir)) names.set(t.id, t.value);
  const counts = new Map<number, Map<number, number>>();
  for await (const batch of readLastfmTagAssignmentBatches(dir)) {
    for (const a of batch) {
      let perTag = counts.get(a.artist);
      if (!perTag) counts.set(a.artist, (perTag = new Map()));
      perTag.set(a.tag, (perTag.get(a.tag) ?? 0) + 1);
    }
  }
  const top = new Map<number, string[]>();
  for (const [artist, perTag] of counts) {
    const ranked = [...perTag].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const labels = new Set<string>();
    for (const [tag] of ranked) {
      const label = asTag(names.get(tag) ?? '');
      if (label !== undefined) labels.add(label);
      if (labels.size >= limit) break;
    }
    top.set(artist, [...labels]);
  }
  return top;
}

function artistPin(artist: LastfmArtist, tags: readonly string[]): Pin {
  return {
    id: lastfmPinId(artist.id),
    creatorId: lastfmCreatorId(artist.id),
    title: artist.name,
    description: tags.length ? `Top tags: ${tags.join(', ')}.` : '',
    tags: tags.slice(0, TAGS_PER_PIN),
    ...(artist.pictureUrl ? { imageUrl: artist.pictureUrl } : {}),
    createdAt: LASTFM_EPOCH,
    moderation: 'approved',
    promoted: false,
  };
}

function saves(dir: string): AsyncGenerator<Event[]> {
  let index = 0;
  return mapBatches(readLastfmPlayBatches(dir), ({ user, artist }) => ({
    id: `lastfm-${user}-${artist}`,
    userId: lastfmUserId(user),
    pinId: lastfmPinId(artist),
    type: 'save',
    timestamp: syntheticTime(LASTFM_EPOCH, index++),
  }));
}

export function lastfmSource(dir: string): ImportSource {
  return checkedFirst({
    name: 'lastfm-hetrec',
    estimatedRecords: 92_834 + 1892 + 2 * 17_632,
    async *batches() {
      const topTags = await lastfmTopTags(dir, TAGS_IN_DESCRIPTION);
      const creators: Creator[] = [];
      const pins: Pin[] = [];
      for await (const a of readLastfmArtists(dir)) {
        creators.push({ id: lastfmCreatorId(a.id), name: a.name, createdAt: LASTFM_EPOCH });
        pins.push(artistPin(a, topTags.get(a.id) ?? []));
      }
      const userIds = new Set<number>();
      for await (const batch of readLastfmPlayBatches(dir)) for (const p of batch) userIds.add(p.user);
      const users: User[] = [...userIds].map((u) => ({ id: lastfmUserId(u), createdAt: LASTFM_EPOCH, interests: [] }));
      yield* batched([creators], (batch) => ({ creators: batch }));
      yield* batched([users], (batch) => ({ users: batch }));
      yield* batched([pins], (batch) => ({ pins: batch }));
      yield* batched(saves(dir), (events) => ({ events }));
    },
  });
}
