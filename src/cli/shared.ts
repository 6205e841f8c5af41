/** What several commands share: configuration from flags, opening the engine, training with progress. */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import { Engine } from '../pipeline/engine.js';
import type { TrainProgress } from '../recall/model-set.js';
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
  return new Engine(openStore(config), config);
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

/** Trains, reports and returns the engine's new model set. */
export async function trainWithProgress(engine: Engine): Promise<void> {
  const progress = trainingProgress();
  const started = performance.now();
  const set = await engine.train(progress);
  progress.done();
  const { info } = set;
  const fits = Object.entries(info.fitSeconds)
    .map(([name, s]) => `${name} ${s.toFixed(2)}s`)
    .join(', ');
  console.error(
    `trained on ${info.interactions} interactions (${info.users} users, ${info.pins} pins) in ${((performance.now() - started) / 1000).toFixed(1)}s: ${fits}`,
  );
}
