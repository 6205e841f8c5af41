/** The public datasets the benchmarks read (../shared/datasets, or TESSERA_DATASETS). */
import path from 'node:path';
import { readMl1mInteractionBatches } from '../src/importers/datasets/movielens-1m.js';
import { Interactions } from '../src/recall/interactions.js';

export const DATASETS = path.resolve(process.env.TESSERA_DATASETS ?? path.join(process.cwd(), '..', 'shared', 'datasets'));

/** All of MovieLens 1M (1,000,209 pairs) as interactions of weight 1, read with the importer's reader. */
export async function readMl1m(): Promise<Interactions> {
  const records: { userId: string; pinId: string; weight: number; timestamp: number }[] = [];
  for await (const batch of readMl1mInteractionBatches(path.join(DATASETS, 'ml-1m'))) {
    for (const r of batch) records.push({ userId: String(r.user), pinId: String(r.movie), weight: 1, timestamp: records.length });
  }
  return Interactions.fromRecords(records);
}
