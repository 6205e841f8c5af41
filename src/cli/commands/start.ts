/**
 * `tessera start` (what `npm start` runs): on first run seed the demo world,
 * train when the models are missing or older than the event log, then serve.
 */
import type { Command } from 'commander';
import { seedDemoIfEmpty } from '../../demo/seed.js';
import { terminalProgress } from '../progress.js';
import { configFrom, loadUsableModels, openEngine, trainWithProgress, withDataDir } from '../shared.js';
import { serve, serverOverrides } from './serve.js';

interface StartFlags {
  dataDir?: string;
  port?: string;
  host?: string;
  demo: boolean;
}

export async function start(flags: StartFlags): Promise<void> {
  const config = configFrom(flags, serverOverrides(flags));
  const engine = openEngine(config);
  const seeded = flags.demo && (await seedDemoIfEmpty(config, engine.store, terminalProgress));
  const hasModels = await loadUsableModels(engine);
  const lastSeq = await engine.store.events.lastSeq();
  const grown = (engine.modelInfo?.eventSeq ?? 0) < lastSeq;
  // A set from before model sets held a ranker says nothing about one (a set without a ranker says why).
  const predatesRanker = config.feed.rank !== null && engine.modelInfo !== undefined && engine.modelInfo.ranker === undefined;
  if (seeded || !hasModels || grown || predatesRanker) {
    console.error(
      !hasModels ? 'training the recommenders' : grown ? 'the event log has grown since the last training: retraining' : 'the model set predates the feed ranker: retraining',
    );
    await trainWithProgress(engine, { startup: true });
  }
  await engine.store.close();
  await serve(flags);
}

export function register(program: Command): void {
  withDataDir(
    program
      .command('start')
      .description('seed the demo world on first run, train if needed, and serve (what `npm start` runs)')
      .option('-p, --port <port>', 'port to listen on (default 8080, or PORT)')
      .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)')
      .option('--no-demo', 'do not seed the demo world into an empty store'),
  ).action(start);
}
