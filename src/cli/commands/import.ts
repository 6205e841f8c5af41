/**
 * `tessera import`: wire-format files (JSONL/CSV) or a public dataset into the
 * configured store. Bad input is reported with file, line and field, and
 * nothing is written.
 */
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { DATASETS, findDataset } from '../../importers/datasets/index.js';
import { MissingFileError } from '../../importers/errors.js';
import { fileSource, type ImportFiles } from '../../importers/files.js';
import { importInto, type ImportSource, type ImportSummary } from '../../importers/source.js';
import { openStore } from '../../store/open.js';
import { InputError } from '../../wire/convert.js';
import { configFrom, withDataDir, type CommonFlags } from '../shared.js';
import { terminalProgress } from '../progress.js';

interface ImportOptions extends ImportFiles, CommonFlags {
  dataset?: string;
  dir?: string;
}

function datasetSource(name: string, dir: string | undefined): ImportSource {
  const dataset = findDataset(name);
  if (!dataset) throw new InputError('--dataset', `"${name}" is not a known dataset: use one of ${DATASETS.map((d) => d.name).join(', ')}`);
  const folder = path.resolve(dir ?? path.join('..', 'shared', 'datasets', dataset.name));
  for (const file of dataset.files) {
    if (!fs.existsSync(path.join(folder, file))) throw new MissingFileError(path.join(folder, file));
  }
  return dataset.source(folder);
}

/** The source the options name; throws an InputError before anything is opened when they are wrong. */
export function sourceFromOptions(options: ImportOptions): ImportSource {
  const files: ImportFiles = { creators: options.creators, users: options.users, pins: options.pins, events: options.events };
  const anyFile = Object.values(files).some((list) => list?.length);
  if (options.dataset !== undefined && anyFile) throw new InputError('--dataset', 'cannot be combined with --users, --pins, --creators or --events');
  if (options.dataset !== undefined) return datasetSource(options.dataset, options.dir);
  if (options.dir !== undefined) throw new InputError('--dir', 'only applies with --dataset');
  if (!anyFile) throw new InputError('import', 'nothing to import: give --users, --pins, --creators, --events or --dataset');
  return fileSource(files);
}

export function formatSummary(name: string, s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `imported ${name}: ${n(s.creators)} creators, ${n(s.users)} users, ${n(s.pins)} pins, ` +
    `${n(s.events.inserted)} events (${n(s.events.duplicates)} already present) in ${s.seconds.toFixed(1)} s`
  );
}

export function register(program: Command): void {
  withDataDir(program.command('import'))
    .description('import users, pins, creators and events from JSONL/CSV files, or a public dataset, into the store')
    .option('--users <files...>', 'users in the wire format (.jsonl, .ndjson or .csv)')
    .option('--pins <files...>', 'pins in the wire format')
    .option('--creators <files...>', 'creators in the wire format')
    .option('--events <files...>', 'events in the wire format')
    .option('--dataset <name>', `a public dataset: ${DATASETS.map((d) => d.name).join(', ')}`)
    .option('--dir <path>', 'the dataset folder (default: ../shared/datasets/<name>)')
    .action(async (options: ImportOptions) => {
      const source = sourceFromOptions(options);
      const store = openStore(configFrom(options));
      try {
        const summary = await importInto(store, source, terminalProgress);
        console.log(formatSummary(source.name, summary));
      } finally {
        await store.close();
      }
    });
}
