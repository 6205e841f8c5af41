/** What the two MovieLens importers share: demographic labels and genre creators. */
import type { Creator } from '../../domain/types.js';

/** MovieLens 1M's age groups, used for both datasets so that their users carry the same labels. */
export const ML_AGE_RANGES: readonly { min: number; label: string }[] = [
  { min: 56, label: '56+' },
  { min: 50, label: '50-55' },
  { min: 45, label: '45-49' },
  { min: 35, label: '35-44' },
  { min: 25, label: '25-34' },
  { min: 18, label: '18-24' },
  { min: 0, label: 'under-18' },
];

/** The age group of an age in years (or of an ML-1M age code, which is its group's lower bound). */
export function ageRange(age: number): string {
  return ML_AGE_RANGES.find((r) => age >= r.min)!.label;
}

export function genderLabel(code: string): string | undefined {
  if (code === 'M') return 'male';
  if (code === 'F') return 'female';
  return undefined;
}

/** Occupation as a declared attribute: User has no field for it, so it travels as a prefixed interest. */
export const occupationInterest = (occupation: string): string => `occupation:${occupation}`;

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** A movie's creator is its primary (first-listed) genre: see the file comments of the two importers. */
export function genreCreatorId(prefix: string, genre: string): string {
  return `${prefix}-genre-${slug(genre)}`;
}

/** One creator per primary genre, created with its earliest movie. */
export function genreCreators(prefix: string, movies: Iterable<{ primaryGenre: string; createdAt: number }>): Creator[] {
  const byGenre = new Map<string, number>();
  for (const m of movies) byGenre.set(m.primaryGenre, Math.min(byGenre.get(m.primaryGenre) ?? Infinity, m.createdAt));
  return [...byGenre].map(([genre, createdAt]) => ({ id: genreCreatorId(prefix, genre), name: `MovieLens: ${genre}`, createdAt }));
}
