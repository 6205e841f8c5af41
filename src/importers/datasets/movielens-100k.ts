/**
 * MovieLens 100K (ml-100k/) onto the domain model.
 *
 * - Movies (u.item) → pins `ml100k-m<id>`: title as published, tags = its
 *   genre names lowercased ("unknown" left out), description = release date
 *   and genres, createdAt = the release date (or, when unknown, the first
 *   rating in the dataset). No image.
 * - Creator = the movie's primary (first-listed) genre, `ml100k-genre-<slug>`,
 *   19 creators. One "movielens" creator would let the per-creator cap of a
 *   feed page (2) starve every page; one creator per movie would make creator
 *   caps and fairness meaningless. Genres are real groupings of the catalogue.
 * - Users (u.user) → `ml100k-u<id>`: gender male/female, ageRange from the
 *   age in ML-1M's groups (under-18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+),
 *   interests = [`occupation:<name>`] (User has no occupation field). Zip
 *   codes are dropped. createdAt = the user's first rating.
 * - Ratings (u.data) → one event each, id `ml100k-<user>-<item>`, at the real
 *   rating time: rating >= 4 → save, 3 → closeup, <= 2 → hide.
 */
import path from 'node:path';
import type { Event, EventType, Pin, User } from '../../domain/types.js';
import { flatten, parseLineBatches, parseLines, readLines } from '../lines.js';
import { checkedFirst, type ImportSource } from '../source.js';
import { batched, intField, splitFields } from './common.js';
import { ageRange, genderLabel, genreCreatorId, genreCreators, occupationInterest } from './movielens.js';

export interface Ml100kRating {
  user: number;
  item: number;
  /** 1 to 5 stars. */
  rating: number;
  /** Unix time in seconds, as in the file. */
  timestamp: number;
}

export interface Ml100kUser {
  id: number;
  age: number;
  gender: string;
  occupation: string;
  zip: string;
}

export interface Ml100kMovie {
  id: number;
  title: string;
  /** As published, e.g. "01-Jan-1995"; absent for a few movies. */
  releaseDate?: string;
  imdbUrl?: string;
  /** Genre names as in u.genre, e.g. "Children's". */
  genres: string[];
}

export const ML100K_FILES = ['u.data', 'u.user', 'u.item', 'u.genre'] as const;

/** The ratings a chunk at a time (cheaper per record than one by one). */
export function readMl100kRatingBatches(dir: string): AsyncGenerator<Ml100kRating[]> {
  const file = path.join(dir, 'u.data');
  return parseLineBatches(file, (line) => {
    if (line.text === '') return undefined;
    const [u, i, r, t] = splitFields(line, '\t', 4, file);
    return {
      user: intField(u!, line, file, 'user'),
      item: intField(i!, line, file, 'item'),
      rating: intField(r!, line, file, 'rating'),
      timestamp: intField(t!, line, file, 'timestamp'),
    };
  });
}

export const readMl100kRatings = (dir: string): AsyncGenerator<Ml100kRating> => flatten(readMl100kRatingBatches(dir));

export function readMl100kUsers(dir: string): AsyncGenerator<Ml100kUser> {
  const file = path.join(dir, 'u.user');
  return parseLines(file, (line) => {
    if (line.text === '') return undefined;
    const [id, age, gender, occupation, zip] = splitFields(line, '|', 5, file);
    return { id: intField(id!, line, file, 'id'), age: intField(age!, line, file, 'age'), gender: gender!, occupation: occupation!, zip: zip! };
  });
}

/** Genre names by their flag position in u.item. */
export async function readMl100kGenres(dir: string): Promise<string[]> {
  const file = path.join(dir, 'u.genre');
  const genres: string[] = [];
  for await (const line of readLines(file)) {
    if (line.text === '') continue;
    const [name, index] = splitFields(line, '|', 2, file);
    genres[intField(index!, line, file, 'index')] = name!;
  }
  return genres;
}

export async function* readMl100kMovies(dir: string): AsyncGenerator<Ml100kMovie> {
  const genres = await readMl100kGenres(dir);
  const file = path.join(dir, 'u.item');
  for await (const line of readLines(file, 'utf8-or-latin1')) {
    if (line.text === '') continue;
    const fields = splitFields(line, '|', 5 + genres.length, file);
    const [id, title, release, , url] = fields;
    yield {
      id: intField(id!, line, file, 'id'),
      title: title!,
      ...(release ? { releaseDate: release } : {}),
      ...(url ? { imdbUrl: url } : {}),
      genres: genres.filter((_, g) => fields[5 + g] === '1'),
    };
  }
}

export const ml100kUserId = (user: number): string => `ml100k-u${user}`;
export const ml100kPinId = (item: number): string => `ml100k-m${item}`;

export function ml100kEventType(rating: number): EventType {
  if (rating >= 4) return 'save';
  if (rating === 3) return 'closeup';
  return 'hide';
}

export function ml100kEvent(r: Ml100kRating): Event {
  return {
    id: `ml100k-${r.user}-${r.item}`,
    userId: ml100kUserId(r.user),
    pinId: ml100kPinId(r.item),
    type: ml100kEventType(r.rating),
    timestamp: r.timestamp * 1000,
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "01-Jan-1995" → epoch ms (UTC midnight), or undefined when it is not such a date. */
export function parseReleaseDate(text: string): number | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  return m && month >= 0 ? Date.UTC(Number(m[3]), month, Number(m[1])) : undefined;
}

const UNKNOWN_GENRE = 'unknown';

const primaryGenre = (movie: Ml100kMovie): string => movie.genres[0] ?? UNKNOWN_GENRE;

function moviePin(movie: Ml100kMovie, fallbackTime: number): Pin {
  const released = movie.releaseDate === undefined ? undefined : parseReleaseDate(movie.releaseDate);
  const genres = movie.genres.filter((g) => g !== UNKNOWN_GENRE);
  const description = [
    movie.releaseDate ? `Released ${movie.releaseDate}.` : '',
    genres.length ? `Genres: ${genres.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: ml100kPinId(movie.id),
    creatorId: genreCreatorId('ml100k', primaryGenre(movie)),
    title: movie.title,
    description,
    tags: genres.map((g) => g.toLowerCase()),
    createdAt: released ?? fallbackTime,
    moderation: 'approved',
    promoted: false,
  };
}

function demographicUser(u: Ml100kUser, createdAt: number): User {
  const gender = genderLabel(u.gender);
  return {
    id: ml100kUserId(u.id),
    createdAt,
    ...(gender ? { gender } : {}),
    ageRange: ageRange(u.age),
    interests: [occupationInterest(u.occupation)],
  };
}

export function ml100kSource(dir: string): ImportSource {
  return checkedFirst({
    name: 'ml-100k',
    estimatedRecords: 100_000 + 943 + 1682 + 19,
    async *batches() {
      // 100,000 ratings fit in memory; reading them first gives each user's first rating time.
      const ratings: Ml100kRating[] = [];
      for await (const batch of readMl100kRatingBatches(dir)) for (const r of batch) ratings.push(r);
      const firstRating = new Map<number, number>();
      let earliest = Infinity;
      for (const r of ratings) {
        const t = r.timestamp * 1000;
        if (t < (firstRating.get(r.user) ?? Infinity)) firstRating.set(r.user, t);
        earliest = Math.min(earliest, t);
      }
      if (!Number.isFinite(earliest)) earliest = 0;

      const movies: { primaryGenre: string; pin: Pin; createdAt: number }[] = [];
      for await (const m of readMl100kMovies(dir)) {
        const pin = moviePin(m, earliest);
        movies.push({ primaryGenre: primaryGenre(m), pin, createdAt: pin.createdAt });
      }
      yield { creators: genreCreators('ml100k', movies) };
      const users: User[] = [];
      for await (const u of readMl100kUsers(dir)) users.push(demographicUser(u, firstRating.get(u.id) ?? earliest));
      yield* batched([users], (batch) => ({ users: batch }));
      yield* batched([movies.map((m) => m.pin)], (pins) => ({ pins }));
      yield* batched([ratings.map(ml100kEvent)], (events) => ({ events }));
    },
  });
}
