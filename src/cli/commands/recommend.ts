import type { Command } from 'commander';
import { configFrom, openEngine, withDataDir, type CommonFlags } from '../shared.js';

interface RecommendFlags extends CommonFlags {
  limit: string;
  json?: boolean;
}

export function register(program: Command): void {
  withDataDir(
    program
      .command('recommend <user>')
      .description("print a user's home feed with scores and reasons")
      .option('-n, --limit <n>', 'how many pins', '10')
      .option('--json', 'print JSON instead of a table'),
  ).action(async (userId: string, flags: RecommendFlags) => {
    const engine = openEngine(configFrom(flags));
    if (!(await engine.loadModels())) throw new Error('no trained models yet: run `tessera train` first');
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new Error('--limit must be a whole number from 1 to 200');
    const page = await engine.feed(userId, { limit });
    if (flags.json) {
      console.log(JSON.stringify(page.items.map(({ pin, ...item }) => ({ ...item, title: pin.title })), null, 2));
    } else {
      for (const item of page.items) {
        console.log(`${String(item.position + 1).padStart(3)}. ${item.pinId.padEnd(12)} ${item.score.toFixed(3)}  ${item.pin.title}  — ${item.reason}`);
      }
      if (page.items.length === 0) console.log('(no pins: is the catalogue empty?)');
    }
    await engine.store.close();
  });
}
