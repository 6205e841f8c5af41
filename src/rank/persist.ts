/**
 * Rankers on disk: one JSON file in the model directory (network weights
 * and typed arrays as base64; see network-json.ts and recall/persist.ts),
 * written to a temporary name in the same directory and renamed, so a
 * reader never sees half a file and nothing is written outside the directory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeState, encodeState } from '../recall/persist.js';
import { FtrlRanker } from './ftrl-ranker.js';
import { MultiTaskRanker } from './multitask.js';

export type SavableRanker = MultiTaskRanker | FtrlRanker;

export const RANKER_FILE = 'ranker.json';

export async function saveRanker(dir: string, ranker: SavableRanker, file = RANKER_FILE): Promise<string> {
  if (path.basename(file) !== file) throw new Error(`ranker file name must not contain a directory: "${file}"`);
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, file);
  const temporary = `${target}.${process.pid}.tmp`;
  const state = ranker instanceof MultiTaskRanker ? await ranker.save() : ranker.save();
  await fs.writeFile(temporary, encodeState(state));
  await fs.rename(temporary, target);
  return target;
}

export async function loadRanker(dir: string, file = RANKER_FILE): Promise<SavableRanker> {
  const target = path.join(dir, file);
  const state = decodeState(await fs.readFile(target, 'utf8')) as { kind?: unknown } | null;
  if (state?.kind === 'multitask') return MultiTaskRanker.load(state);
  if (state?.kind === 'ftrl') return FtrlRanker.load(state);
  throw new TypeError(`${target}: not a saved ranker (kind ${JSON.stringify(state?.kind)})`);
}
