/** `tessera seed-demo`: fills the store with the generated demo world and writes its ground truth. */
import { InvalidArgumentError, type Command } from 'commander';
import { EVENT_TYPES } from '../../domain/types.js';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZES, resolveDemoOptions, type DemoWorldOptions } from '../../demo/options.js';
import { seedDemoWorld, writeDemoTruth } from '../../demo/seed.js';
import { generateDemoWorld } from '../../demo/world.js';
import { databaseFile, openStore } from '../../store/open.js';
import { InputError } from '../../wire/convert.js';
import { terminalProgress, type ProgressFactory } from '../progress.js';
import { configFrom, withDataDir, type CommonFlags } from '../shared.js';

export interface SeedDemoFlags extends CommonFlags {
  seed: number;
  users: number;
  creators: number;
  pins: number;
  events: number;
  days: number;
  force?: boolean;
}

const wholeNumber = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} takes a whole number, got "${value}".`);
  return n;
};

const positiveNumber = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a positive number, got "${value}".`);
  return n;
};

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Where the command writes: the terminal, or a test's buffers. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  progress: ProgressFactory;
}

const terminalIo: CommandIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  progress: terminalProgress,
};

/** Runs the command; returns the exit code. */
export async function seedDemo(flags: SeedDemoFlags, io: CommandIo = terminalIo): Promise<number> {
  const options: DemoWorldOptions = {
    now: Date.now(),
    seed: flags.seed,
    users: flags.users,
    creators: flags.creators,
    pins: flags.pins,
    events: flags.events,
    days: flags.days,
  };
  try {
    resolveDemoOptions(options);
  } catch (error) {
    throw new InputError('seed-demo', (error as Error).message);
  }
  const config = configFrom(flags);
  const store = openStore(config);
  try {
    const existing = await store.pins.count();
    if (existing > 0 && !flags.force) {
      io.err(
        `tessera seed-demo: the store at ${databaseFile(config)} already has ${formatCount(existing)} pins; nothing was written.\n` +
          'Pass --force to seed anyway (records with the same ids are replaced; events already in the log are kept),\n' +
          'or point TESSERA_DATA_DIR at an empty directory.',
      );
      return 1;
    }
    let started = performance.now();
    const world = generateDemoWorld(options);
    const generated = (performance.now() - started) / 1000;
    io.out(
      `Generated the demo world (seed ${flags.seed}) in ${generated.toFixed(1)} s: ${formatCount(world.creators.length)} creators, ` +
        `${formatCount(world.pins.length)} pins, ${formatCount(world.users.length)} users, ${formatCount(world.events.length)} events.`,
    );
    started = performance.now();
    const summary = await seedDemoWorld(store, world, io.progress);
    const truthFile = await writeDemoTruth(config.dataDir, world.truth);
    io.out(`Seeded ${databaseFile(config)} in ${summary.seconds.toFixed(1)} s.`);
    io.out(`  creators    ${formatCount(summary.creators)}`);
    io.out(`  users       ${formatCount(summary.users)}`);
    io.out(`  pins        ${formatCount(summary.pins)}`);
    io.out(`  events      ${formatCount(summary.events)} written${summary.duplicateEvents ? `, ${formatCount(summary.duplicateEvents)} already in the log` : ''}`);
    for (const type of EVENT_TYPES) io.out(`    ${type.padEnd(12)}${formatCount(summary.eventsByType[type]).padStart(9)}`);
    io.out(`Wrote the ground truth to ${truthFile}.`);
    io.out(`Done in ${((performance.now() - started) / 1000 + generated).toFixed(1)} s.`);
    return 0;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  withDataDir(program.command('seed-demo'))
    .description('fill the store with a generated demo world (creators, pins, users, a month of events) and write demo-truth.json')
    .option('--seed <n>', 'random seed: the same seed gives the same world', wholeNumber('--seed'), DEFAULT_DEMO_SEED)
    .option('--users <n>', 'number of users', wholeNumber('--users'), DEFAULT_DEMO_SIZES.users)
    .option('--creators <n>', 'number of creators', wholeNumber('--creators'), DEFAULT_DEMO_SIZES.creators)
    .option('--pins <n>', 'number of pins', wholeNumber('--pins'), DEFAULT_DEMO_SIZES.pins)
    .option('--events <n>', 'target number of events, impressions included', wholeNumber('--events'), DEFAULT_DEMO_SIZES.events)
    .option('--days <n>', 'days of events before now', positiveNumber('--days'), DEFAULT_DEMO_SIZES.days)
    .option('--force', 'seed even when the store already has pins')
    .action(async (flags: SeedDemoFlags) => {
      process.exitCode = await seedDemo(flags);
    });
}
