/**
 * Cold start at serving time, on the default demo world (2,000 users,
 * 20,000 pins, 300,000 events): the time per request of the cold-start
 * channel (a bandit page of 100 slots for a new user) and of the exploration
 * channel (Thompson sampling over the new pins, 50 candidates), against the
 * popular channel's recall of 200 (a ranked list: the baseline), and the
 * fitting time of each. Run alone: `npm run bench -- cold-start`.
 */
import { coldStartUserOptions, exploreOptions } from '../src/coldstart/config.js';
import { ColdStartChannel } from '../src/coldstart/cold-start-channel.js';
import { ExploreChannel } from '../src/coldstart/exploration/explore-channel.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { generateDemoWorld } from '../src/demo/world.js';
import { Interactions } from '../src/recall/interactions.js';
import { POPULAR_DEFAULTS, PopularChannel } from '../src/recall/popular.js';
import type { RecallChannel, RecallContext } from '../src/recall/types.js';
import { fmt, loadAverage, median, printTable, progress, type Row } from './lib.js';

const REQUESTS = Number(process.env.BENCH_COLD_START_REQUESTS ?? 2000);

export async function benchColdStart(): Promise<Row[]> {
  progress('generating the demo world');
  const world = generateDemoWorld({ now: Date.UTC(2025, 5, 1), seed: 42 });
  const now = world.truth.windowEnd;
  const weighting = { weights: DEFAULT_CONFIG.training.eventWeights, dwellThresholdMs: DEFAULT_CONFIG.training.dwellThresholdMs };
  const data = Interactions.fromEvents(world.events.map((e, i) => ({ ...e, seq: i + 1 })), weighting, world.pins.map((p) => p.id));
  const channels: [RecallChannel, number][] = [
    [new PopularChannel(POPULAR_DEFAULTS), 200],
    [new ColdStartChannel(coldStartUserOptions(DEFAULT_CONFIG)), DEFAULT_CONFIG.coldStart.users.quota],
    [new ExploreChannel(exploreOptions(DEFAULT_CONFIG)), DEFAULT_CONFIG.coldStart.exploration.quota],
  ];
  const load = loadAverage();
  const rows: Row[] = [];
  let baseline = 0;
  for (const [channel, n] of channels) {
    const started = performance.now();
    await channel.fit(data, { now, catalog: world.pins, users: world.users });
    const fitSeconds = (performance.now() - started) / 1000;
    const times: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      const user = world.users[r % world.users.length]!;
      const context: RecallContext = { userId: `new-${r}`, now: now + r, history: [], exclude: new Set(), user: { ...user, id: `new-${r}` } };
      const t = performance.now();
      channel.recall(context, n);
      times.push(performance.now() - t);
    }
    const ms = median(times);
    baseline ||= ms;
    rows.push({ name: `${channel.name}: recall of ${n} for a new user`, 'fit s': fmt(fitSeconds, 2), 'median ms': fmt(ms, 3), 'vs popular': `${fmt(ms / baseline, 1)}x`, load });
  }
  printTable('Cold start per request (demo world, 20,000 pins)', rows);
  return rows;
}
