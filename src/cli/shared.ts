/** What several commands share: configuration from flags, opening the engine, training with progress. */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import { Engine } from '../pipeline/engine.js';
import { describeRanker } from '../rank/feed-ranker.js';
import { StaleModelSetError, type TrainProgress } from '../recall/model-set.js';
import { openStore } from '../store/open.js';
import { terminalProgress, type Progress } from './progress.js';

export interface CommonFlags {
  dataDir?: string;
}

export function withDataDir(command: Command): Command {
  return command.option('-d, --data-dir <dir>', 'data directory (default ./data, or TESSERA_DATA_DIR)');
}

export function configFrom(flags: CommonFlags, overrides: ConfigOverrides = {}): Config {
  return loadConfig({ overrides: { ...overrides, ...(flags.dataDir ? { dataDir: flags.dataDir } : {}) } });
}

export function openEngine(config: Config): Engine {
  return new Engine(openStore(config), config, { log: (message) => console.error(message) });
}

/** Loads the live model set; false when there is none, or when it lacks what the configuration needs (said on stderr). */
export async function loadUsableModels(engine: Engine): Promise<boolean> {
  try {
    return await engine.loadModels();
  } catch (error) {
    if (!(error instanceof StaleModelSetError)) throw error;
    console.error(error.message);
    return false;
  }
}

/** Training progress on stderr: one bar per stage. */
export function trainingProgress(): TrainProgress & { done(): void } {
  let bar: Progress | undefined;
  let label = '';
  return {
    stage(name) {
      bar?.stop();
      bar = undefined;
      label = name;
      process.stderr.write(`${name}…\n`);
    },
    progress(done, total) {
      bar ??= terminalProgress(label, total, 'items');
      bar.update(done);
    },
    done() {
      bar?.stop();
    },
  };
}

/**
 * Trains and reports the engine's new model set. `startup`: the training
 * before a first feed is served, with the ranker's capped (feed.rank.startup).
 */
export async function trainWithProgress(engine: Engine, options: { startup?: boolean } = {}): Promise<void> {
  const progress = trainingProgress();
  const started = performance.now();
  const set = await engine.train(progress, options);
  progress.done();
  const { info } = set;
  const fits = Object.entries(info.fitSeconds)
    .map(([name, s]) => `${name} ${s.toFixed(2)}s`)
    .join(', ');
  console.error(
    `trained on ${info.interactions} interactions (${info.users} users, ${info.pins} pins) in ${((performance.now() - started) / 1000).toFixed(1)}s: ${fits}`,
  );
  if (engine.config.feed.rank) console.error(describeRanker(info.ranker));
}
