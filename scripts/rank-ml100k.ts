/**
 * The ranking evaluation on real data: MovieLens 100K as graded feedback.
 * No public dataset here logs impressions with several feedback types, so
 * this is a proxy: every rating counts as an impression of the movie at the
 * rating's time, followed by the importer's event for the rating (>= 4 save,
 * 3 closeup, <= 2 hide; there are no clicks, so click metrics are n/a). The
 * heads then predict how a user will rate a movie they chose to rate, from
 * point-in-time features (the movie's rates so far, the user's genre
 * affinity, ...), which is a rating-prediction problem, not feed engagement.
 *
 *   npx tsx scripts/rank-ml100k.ts [--dir ../shared/datasets/ml-100k] [--epochs n] [--json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Event, LoggedEvent, Pin, User } from '../src/domain/types.js';
import { buildExamples, EXAMPLE_DEFAULTS } from '../src/features/examples.js';
import { ml100kSource } from '../src/importers/datasets/movielens-100k.js';
import { evaluateRanking, formatRankingReport, RANKING_EVALUATION_DEFAULTS } from '../src/eval/ranking.js';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, epochs: { type: 'string' }, json: { type: 'boolean' } },
});
const dir = path.resolve(values.dir ?? path.join('..', 'shared', 'datasets', 'ml-100k'));
const log = (message: string) => process.stderr.write(`${message}\n`);

const pins = new Map<string, Pin>();
const users = new Map<string, User>();
const ratings: Event[] = [];
for await (const batch of ml100kSource(dir).batches()) {
  for (const p of batch.pins ?? []) pins.set(p.id, p);
  for (const u of batch.users ?? []) users.set(u.id, u);
  ratings.push(...(batch.events ?? []));
}
ratings.sort((a, b) => a.timestamp - b.timestamp); // stable: ties keep file order
const events: LoggedEvent[] = [];
for (const r of ratings) {
  events.push({ ...r, id: `${r.id}-impression`, type: 'impression', seq: events.length + 1 });
  events.push({ ...r, seq: events.length + 1 });
}
log(`ml-100k: ${ratings.length} ratings from ${dir} become impressions with one label each`);
const examples = await buildExamples([events], pins, users, EXAMPLE_DEFAULTS);
const report = await evaluateRanking(examples, pins, {
  ...RANKING_EVALUATION_DEFAULTS,
  network: values.epochs === undefined ? undefined : { epochs: Number(values.epochs) },
  onProgress: log,
});
console.log(values.json ? JSON.stringify(report) : formatRankingReport(report));
