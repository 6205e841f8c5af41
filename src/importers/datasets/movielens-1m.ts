/**
 * MovieLens 1M as implicit feedback (ml-1m/) onto the domain model.
 *
 * - Movies (movies.dat, latin-1) → pins `ml1m-m<id>`: title as published,
 *   tags = genres lowercased, description = release year and genres,
 *   createdAt = 1 January of the year in the title. No image.
 * - Creator = the primary (first-listed) genre, `ml1m-genre-<slug>`, for the
 *   reasons given in movielens-100k.ts.
 * - Users (users.dat) → `ml1m-u<id>`: gender male/female, ageRange from the
 *   age group code (under-18, 18-24, ... 56+), interests =
 *   [`occupation:<name>`] from the occupation code. Zip codes are dropped.
 *   createdAt = ML1M_EPOCH.
 * - Interactions (interactions.tsv: no ratings, no times) → one save each,
 *   id `ml1m-<user>-<movie>`. The file has no times, so they are synthetic:
 *   row i (0-based, file order) happens at ML1M_EPOCH + (i + 1) s. The file
 *   is grouped by user, so user 1's saves all come before user 2's: fine for
 *   per-user order, meaningless across users (do not split by global time).
 */
import path from 'node:path';
import type { Event, Pin, User } from '../../domain/types.js';
import { flatten, parseLineBatches, parseLines } from '../lines.js';
import { checkedFirst, type ImportSource } from '../source.js';
import { batched, intField, mapBatches, splitFields, syntheticTime } from './common.js';
import { ageRange, genderLabel, genreCreatorId, genreCreators, occupationInterest } from './movielens.js';

export interface Ml1mInteraction {
  user: number;
  movie: number;
}

export interface Ml1mUser {
  id: number;
  gender: string;
  /** The age group code: 1, 18, 25, 35, 45, 50 or 56 (the group's lower bound). */
  age: number;
  /** An index into ML1M_OCCUPATIONS. */
  occupation: number;
  zip: string;
}

export interface Ml1mMovie {
  id: number;
  /** With the year, e.g. "Toy Story (1995)". */
  title: string;
  genres: string[];
}

/** Occupation codes of users.dat (from the dataset's README). */
export const ML1M_OCCUPATIONS = [
  'other',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'k-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
] as const;

/** The start of the synthetic timeline: the day of ML-1M's first real rating. */
export const ML1M_EPOCH = Date.UTC(2000, 3, 25);

export const ML1M_FILES = ['interactions.tsv', 'users.dat', 'movies.dat'] as const;

/** The interactions a chunk at a time: much cheaper per record than one by one on 1M rows. */
export function readMl1mInteractionBatches(dir: string): AsyncGenerator<Ml1mInteraction[]> {
  const file = path.join(dir, 'interactions.tsv');
  return parseLineBatches(file, (line) => {
    if (line.text === '' || line.number === 1) return undefined;
    const [u, m] = splitFields(line, '\t', 2, file);
    return { user: intField(u!, line, file, 'user_id'), movie: intField(m!, line, file, 'movie_id') };
  });
}

/** The interactions in file order (the header line skipped). */
export const readMl1mInteractions = (dir: string): AsyncGenerator<Ml1mInteraction> => flatten(readMl1mInteractionBatches(dir));

export function readMl1mUsers(dir: string): AsyncGenerator<Ml1mUser> {
  const file = path.join(dir, 'users.dat');
  return parseLines(file, (line) => {
    if (line.text === '') return undefined;
    const [id, gender, age, occupation, zip] = splitFields(line, '::', 5, file);
    return {
      id: intField(id!, line, file, 'UserID'),
      gender: gender!,
      age: intField(age!, line, file, 'Age'),
      occupation: intField(occupation!, line, file, 'Occupation'),
      zip: zip!,
    };
  });
}

export function readMl1mMovies(dir: string): AsyncGenerator<Ml1mMovie> {
  const file = path.join(dir, 'movies.dat');
  return parseLines(
    file,
    (line) => {
      if (line.text === '') return undefined;
      const [id, title, genres] = splitFields(line, '::', 3, file);
      return { id: intField(id!, line, file, 'MovieID'), title: title!, genres: genres ? genres.split('|') : [] };
    },
    'utf8-or-latin1',
  );
}

export const ml1mUserId = (user: number): string => `ml1m-u${user}`;
export const ml1mPinId = (movie: number): string => `ml1m-m${movie}`;

/** The year in a title like "Toy Story (1995)". */
export function titleYear(title: string): number | undefined {
  const m = /\((\d{4})\)\s*$/.exec(title);
  return m ? Number(m[1]) : undefined;
}

const primaryGenre = (movie: Ml1mMovie): string => movie.genres[0] ?? 'unknown';

function moviePin(movie: Ml1mMovie): Pin {
  const year = titleYear(movie.title);
  const description = [year ? `Released ${year}.` : '', movie.genres.length ? `Genres: ${movie.genres.join(', ')}.` : '']
    .filter(Boolean)
    .join(' ');
  return {
    id: ml1mPinId(movie.id),
    creatorId: genreCreatorId('ml1m', primaryGenre(movie)),
    title: movie.title,
    description,
    tags: movie.genres.map((g) => g.toLowerCase()),
    createdAt: year ? Date.UTC(year, 0, 1) : ML1M_EPOCH,
    moderation: 'approved',
    promoted: false,
  };
}

function demographicUser(u: Ml1mUser): User {
  const gender = genderLabel(u.gender);
  const occupation = ML1M_OCCUPATIONS[u.occupation];
  return {
    id: ml1mUserId(u.id),
    createdAt: ML1M_EPOCH,
    ...(gender ? { gender } : {}),
    ageRange: ageRange(u.age),
    interests: occupation ? [occupationInterest(occupation)] : [],
  };
}

function saves(dir: string): AsyncGenerator<Event[]> {
  let index = 0;
  return mapBatches(readMl1mInteractionBatches(dir), ({ user, movie }) => ({
    id: `ml1m-${user}-${movie}`,
    userId: ml1mUserId(user),
    pinId: ml1mPinId(movie),
    type: 'save',
    timestamp: syntheticTime(ML1M_EPOCH, index++),
  }));
}

export function ml1mSource(dir: string): ImportSource {
  return checkedFirst({
    name: 'ml-1m',
    estimatedRecords: 1_000_209 + 6040 + 3883 + 18,
    async *batches() {
      const movies: { primaryGenre: string; pin: Pin; createdAt: number }[] = [];
      for await (const m of readMl1mMovies(dir)) {
        const pin = moviePin(m);
        movies.push({ primaryGenre: primaryGenre(m), pin, createdAt: pin.createdAt });
      }
      yield { creators: genreCreators('ml1m', movies) };
      const users: User[] = [];
      for await (const u of readMl1mUsers(dir)) users.push(demographicUser(u));
      yield* batched([users], (batch) => ({ users: batch }));
      yield* batched([movies.map((m) => m.pin)], (pins) => ({ pins }));
      yield* batched(saves(dir), (events) => ({ events }));
    },
  });
}
