/**
 * The feed's learned stages, in process, on the default demo world (2,000
 * users, 20,000 pins, about 300,000 events; `BENCH_RANK_EVENTS` to change):
 *
 * - training: seconds per epoch of each ranker architecture on the latest
 *   100,000 impressions (`feed.rank.startup`'s cap), `BENCH_RANK_EPOCHS`
 *   epochs (default 2) each, wall and CPU;
 * - serving: per request, for `REQUESTS` users with 500 candidates each,
 *   the rank stage with each trained ranker (features, one predict batch,
 *   utility) against channel-score fusion, the baseline measured in the same
 *   run; and the pre-rank stage cutting 1,000 candidates to 500 with iALS.
 *
 * Run alone: `npm run bench -- rank`.
 */
import { buildExamples, EXAMPLE_DEFAULTS } from '../src/features/examples.js';
import { generateDemoWorld } from '../src/demo/world.js';
import { Random } from '../src/math/random.js';
import { userStateFromEvents } from '../src/pipeline/history.js';
import { EmbeddingPreRanker } from '../src/pipeline/prerank.js';
import { RankerScorer } from '../src/pipeline/ranker-scorer.js';
import { ChannelFusionScorer } from '../src/pipeline/scorers.js';
import type { Candidate, FeedContext, Scorer } from '../src/pipeline/types.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { exampleCount, subsetExamples } from '../src/rank/data.js';
import { ARCHITECTURES, MultiTaskRanker } from '../src/rank/multitask.js';
import { UTILITY_DEFAULTS } from '../src/rank/utility.js';
import { Interactions } from '../src/recall/interactions.js';
import { createChannel } from '../src/recall/registry.js';
import type { IalsChannel } from '../src/recall/ials.js';
import { cpuSecondsSince, fmt, loadAverage, median, percentile, printTable, progress, type Row } from './lib.js';

const NOW = Date.UTC(2026, 0, 1);
const EVENTS = Number(process.env.BENCH_RANK_EVENTS ?? 300_000);
const EPOCHS = Number(process.env.BENCH_RANK_EPOCHS ?? 2);
const TRAIN_EXAMPLES = DEFAULT_CONFIG.feed.rank!.startup.maxExamples;
const REQUESTS = 200;
const CANDIDATES = 500;

/**
 * Wall milliseconds per call of `work` over `contexts` (median, p90), after
 * one warm-up pass, and the mean CPU milliseconds per call, which other
 * processes on a shared machine inflate much less.
 */
function timePerRequest(contexts: readonly FeedContext[], work: (context: FeedContext, i: number) => void) {
  contexts.forEach((c, i) => work(c, i));
  const cpu = process.cpuUsage();
  const wall = contexts.map((c, i) => {
    const started = performance.now();
    work(c, i);
    return performance.now() - started;
  });
  const sorted = wall.sort((a, b) => a - b);
  return { median: median(sorted), p90: percentile(sorted, 90), cpu: (1000 * cpuSecondsSince(cpu)) / contexts.length };
}

const timeColumns = (t: ReturnType<typeof timePerRequest>) => ({
  'median ms': t.median.toFixed(3),
  'p90 ms': t.p90.toFixed(3),
  'CPU ms': t.cpu.toFixed(3),
});

export async function benchRank(): Promise<Row[]> {
  progress(`generating the demo world (${fmt(EVENTS)} events)…`);
  const world = generateDemoWorld({ now: NOW, events: EVENTS });
  const pins = new Map(world.pins.map((p) => [p.id, p]));
  const users = new Map(world.users.map((u) => [u.id, u]));
  const logged = world.events.map((e, i) => ({ ...e, seq: i + 1 }));
  const examples = await buildExamples([logged], pins, users, EXAMPLE_DEFAULTS);
  const n = exampleCount(examples);
  const latest = subsetExamples(examples, Array.from({ length: Math.min(n, TRAIN_EXAMPLES) }, (_, i) => Math.max(0, n - TRAIN_EXAMPLES) + i));

  const rows: Row[] = [];
  const rankers = new Map<string, MultiTaskRanker>();
  for (const architecture of ARCHITECTURES) {
    progress(`training ${architecture} for ${EPOCHS} epochs on ${fmt(exampleCount(latest))} impressions…`);
    const cpu = process.cpuUsage();
    const ranker = await MultiTaskRanker.fit(latest, { architecture, epochs: EPOCHS, patience: EPOCHS });
    const epochs = ranker.fitInfo!.training.epochs;
    const perEpoch = median(epochs.map((e) => e.seconds));
    rows.push({
      name: `train ${architecture}`,
      'seconds per epoch (wall)': perEpoch.toFixed(1),
      'CPU s per epoch': (cpuSecondsSince(cpu) / epochs.length).toFixed(1),
      'examples/s': fmt(exampleCount(latest) / perEpoch),
      parameters: fmt(ranker.parameterCount),
      load: loadAverage(),
    });
    rankers.set(architecture, ranker);
  }

  // Requests: sampled users with their history at NOW and 500 random candidates, each found by one of five channels.
  const random = new Random(7);
  const byUser = new Map<string, typeof logged>();
  for (const e of logged) (byUser.get(e.userId) ?? byUser.set(e.userId, []).get(e.userId)!).push(e);
  const sampled = random.shuffle([...byUser.keys()].sort()).slice(0, REQUESTS);
  const channels = ['random-walk', 'user-cf', 'item-cf', 'content', 'popular'];
  const candidateLists: Candidate[][] = [];
  const contexts: FeedContext[] = sampled.map((userId) => {
    const state = userStateFromEvents(byUser.get(userId)!.slice(-200).reverse(), DEFAULT_CONFIG, NOW);
    const picked = random.shuffle([...world.pins]).slice(0, 2 * CANDIDATES);
    candidateLists.push(
      picked.map((pin, rank) => ({ pinId: pin.id, pin, score: 0, sources: [{ channel: channels[rank % channels.length]!, score: 1 / (1 + rank), rank }] })),
    );
    return { userId, user: users.get(userId), now: NOW, history: state.history, exclude: state.exclude, pins: new Map() };
  });
  const scoreWith = (scorer: Scorer) => (context: FeedContext, i: number) => scorer.score(context, candidateLists[i]!.slice(0, CANDIDATES));

  const fusion = timePerRequest(contexts, scoreWith(new ChannelFusionScorer(new Map(channels.map((c) => [c, 1])))));
  rows.push({ name: `rank ${CANDIDATES} candidates: channel fusion (baseline)`, ...timeColumns(fusion), 'CPU vs fusion': '1', load: loadAverage() });
  for (const [architecture, ranker] of rankers) {
    const t = timePerRequest(contexts, scoreWith(new RankerScorer(ranker, examples.aggregates, UTILITY_DEFAULTS)));
    rows.push({
      name: `rank ${CANDIDATES} candidates: ${architecture} (features + predict + utility)`,
      ...timeColumns(t),
      'CPU vs fusion': fmt(t.cpu / fusion.cpu),
      load: loadAverage(),
    });
    ranker.dispose();
  }

  progress('fitting iALS for the pre-rank stage…');
  const ials = createChannel('ials', DEFAULT_CONFIG) as IalsChannel;
  await ials.fit(
    Interactions.fromEvents(logged, { weights: DEFAULT_CONFIG.training.eventWeights, dwellThresholdMs: DEFAULT_CONFIG.training.dwellThresholdMs }, pins.keys()),
    { now: NOW },
  );
  const preRanker = new EmbeddingPreRanker('ials', ials, CANDIDATES);
  const pre = timePerRequest(contexts, (context, i) => preRanker.select(context, candidateLists[i]!));
  rows.push({ name: `pre-rank ${2 * CANDIDATES} → ${CANDIDATES} candidates: iALS dot product`, ...timeColumns(pre), load: loadAverage() });

  printTable(`The feed's learned stages (demo world, ${fmt(n)} impressions; ${REQUESTS} requests)`, rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRank();
