/**
 * A read-through cache in front of any pin repository: the feed hydrates
 * hundreds of pins per request, and most are the same few thousand. Writes
 * through this repository update the cache at once; writes by another
 * process (e.g. `tessera import`) show after `ttlMs`. Bounded LRU.
 */
import type { Pin } from '../domain/types.js';
import type { PinRepository } from './store.js';

interface Entry {
  pin: Pin | undefined;
  at: number;
}

export class CachedPinRepository implements PinRepository {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: PinRepository,
    private readonly options: { maxEntries: number; ttlMs: number; clock?: () => number },
  ) {}

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Pin>> {
    const now = this.now();
    const out = new Map<string, Pin>();
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e && now - e.at <= this.options.ttlMs) {
        this.entries.delete(id); // most recently used last
        this.entries.set(id, e);
        if (e.pin) out.set(id, e.pin);
      } else missing.push(id);
    }
    if (missing.length > 0) {
      const found = await this.inner.getMany(missing);
      for (const id of missing) {
        const pin = found.get(id);
        this.remember(id, pin, now);
        if (pin) out.set(id, pin);
      }
    }
    return out;
  }

  async get(id: string): Promise<Pin | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async upsertMany(pins: readonly Pin[]): Promise<void> {
    await this.inner.upsertMany(pins);
    const now = this.now();
    for (const pin of pins) this.remember(pin.id, pin, now);
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.inner.delete(id);
    this.remember(id, undefined, this.now());
    return deleted;
  }

  existing(ids: readonly string[]): Promise<Set<string>> {
    return this.inner.existing(ids);
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  scan(batchSize?: number): AsyncIterable<Pin[]> {
    return this.inner.scan(batchSize);
  }

  private remember(id: string, pin: Pin | undefined, at: number): void {
    this.entries.delete(id);
    this.entries.set(id, { pin, at });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
