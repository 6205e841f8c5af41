#!/usr/bin/env node
/** The `tessera` command. Each subcommand lives in ./commands/ and registers itself here. */
import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';

const program = new Command()
  .name('tessera')
  .description('Tessera: a recommendation engine for visual discovery products.')
  .showHelpAfterError();

for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // People get one clear line; TESSERA_DEBUG=1 shows the stack.
  if (error instanceof Error && !process.env.TESSERA_DEBUG) console.error(`tessera: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
