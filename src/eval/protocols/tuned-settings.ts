/**
 * The tuned channel options of each named protocol, as `tessera evaluate
 * --protocol NAME --tune` printed them (see tuned.ts and docs/tuning.md).
 * Each entry says how it was found; rerunning its command gives the same
 * trials. Protocols without an entry run their channels with default
 * options only.
 */
import type { TunedSettings } from './tuned.js';

export const TUNED_SETTINGS: TunedSettings = {};
