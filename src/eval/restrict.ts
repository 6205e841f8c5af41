/**
 * Restricting what a channel may recommend, for protocols that rank only
 * part of the catalogue (e.g. cold items only): the pins to keep out join
 * every context's exclusions, so the channel skips them inside its own
 * search instead of filling its list with them.
 */
import type { RecallChannel, RecallContext } from '../recall/types.js';

/** The union of two sets, read-only, without copying either. */
export class UnionSet<T> implements ReadonlySet<T> {
  constructor(
    private readonly a: ReadonlySet<T>,
    private readonly b: ReadonlySet<T>,
  ) {}

  has(value: T): boolean {
    return this.a.has(value) || this.b.has(value);
  }

  get size(): number {
    let n = this.a.size;
    for (const v of this.b) if (!this.a.has(v)) n++;
    return n;
  }

  *values(): SetIterator<T> {
    yield* this.a;
    for (const v of this.b) if (!this.a.has(v)) yield v;
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  forEach(callback: (value: T, key: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const v of this.values()) callback.call(thisArg, v, v, this);
  }
}

/** `channel`, never recommending `pins` (besides what each context excludes). Fitting and saving go to `channel`. */
export function excludingAlso(channel: RecallChannel, pins: ReadonlySet<string>): RecallChannel {
  const restrict = (context: RecallContext): RecallContext => {
    // Usually the context's exclusions (the user's history) are among `pins`: then `pins` alone is the union, and a native set is much faster to scan.
    for (const pinId of context.exclude) if (!pins.has(pinId)) return { ...context, exclude: new UnionSet(context.exclude, pins) };
    return { ...context, exclude: pins };
  };
  return {
    name: channel.name,
    dependsOn: channel.dependsOn,
    fit: (data, options) => channel.fit(data, options),
    recall: (context, n) => channel.recall(restrict(context), n),
    save: () => channel.save(),
    load: (state) => channel.load(state),
  };
}
