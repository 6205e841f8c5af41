/**
 * Grid-aware slotting for a masonry feed of `columns` columns: a pin should
 * not share its category with the pin to its left (same row) or the pin above
 * it (one row up). Each slot takes the first candidate, in the order given,
 * within the next `lookahead` that does not clash and whose score (scaled to
 * [0, 1] over the list) is at most `maxScoreDrop` below the first's; when
 * none qualifies, the first. The bound keeps irrelevant pins from being
 * pulled up just to vary the grid.
 */
import type { Candidate, FeedContext, Reranker } from '../pipeline/types.js';
import { normalisedScores } from './mmr.js';

export interface GridOptions {
  columns: number;
  lookahead: number;
  maxScoreDrop: number;
}

const category = (c: Candidate | undefined) => c?.pin?.tags[0];

export class GridSlotting implements Reranker {
  readonly name = 'grid-slotting';
  constructor(private readonly options: GridOptions) {
    for (const key of ['columns', 'lookahead'] as const) {
      if (!(Number.isInteger(options[key]) && options[key] >= 1)) throw new RangeError(`grid: ${key} must be a whole number >= 1`);
    }
    if (!(options.maxScoreDrop >= 0)) throw new RangeError('grid: maxScoreDrop must be >= 0');
  }

  rerank(_context: FeedContext, candidates: Candidate[]): Candidate[] {
    const { columns, lookahead, maxScoreDrop } = this.options;
    const scaled = normalisedScores(candidates);
    const relevance = new Map(candidates.map((c, i) => [c, scaled[i]!]));
    const remaining = [...candidates];
    const out: Candidate[] = [];
    while (remaining.length > 0) {
      const slot = out.length;
      const left = slot % columns === 0 ? undefined : category(out[slot - 1]);
      const above = slot >= columns ? category(out[slot - columns]) : undefined;
      let pick = 0;
      for (let i = 0; i < Math.min(lookahead, remaining.length); i++) {
        if (relevance.get(remaining[0]!)! - relevance.get(remaining[i]!)! > maxScoreDrop) break;
        const c = category(remaining[i]);
        if (c === undefined || (c !== left && c !== above)) {
          pick = i;
          break;
        }
      }
      out.push(remaining.splice(pick, 1)[0]!);
    }
    return out;
  }
}
