/** Demo ids (p00001, c0001, u0001, e0000001) and the seeds of the generator's random streams. */
import { fnv1a } from '../math/random.js';

export const ID_WIDTHS = { pin: 5, creator: 4, user: 4, event: 7 } as const;

/** Makes ids for `count` records: the prefix and a zero-padded 1-based number, wider when the count needs it. */
export function idMaker(prefix: string, minWidth: number, count: number): (index: number) => string {
  const width = Math.max(minWidth, String(count).length);
  return (index) => prefix + String(index + 1).padStart(width, '0');
}

/**
 * Each generation stage draws from its own stream, so changing one size (say,
 * the event count) leaves the other stages' draws unchanged.
 */
export const streamSeed = (seed: number, stream: string): number => fnv1a(`${seed}/${stream}`);
