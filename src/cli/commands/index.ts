import type { Command } from 'commander';
import { register as evaluate } from './evaluate.js';
import { register as importData } from './import.js';
import { register as recommend } from './recommend.js';
import { register as seedDemo } from './seed-demo.js';
import { register as serve } from './serve.js';
import { register as start } from './start.js';
import { register as train } from './train.js';

/** Every subcommand: a function that adds itself to the program. */
export const COMMANDS: ((program: Command) => void)[] = [start, serve, seedDemo, importData, train, recommend, evaluate];
