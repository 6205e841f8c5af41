import type { Command } from 'commander';
import { configFrom, openEngine, trainWithProgress, withDataDir, type CommonFlags } from '../shared.js';

export function register(program: Command): void {
  withDataDir(program.command('train').description('train every recall model and the feed ranker from the event log and make them live')).action(
    async (flags: CommonFlags) => {
      const engine = openEngine(configFrom(flags));
      await trainWithProgress(engine);
      await engine.store.close();
    },
  );
}
