/** `npm run docs:channels`: regenerates docs/recall-options.md from the channel registry. */
import fs from 'node:fs';
import { channelOptionsMarkdown } from '../src/recall/describe.js';

fs.writeFileSync('docs/recall-options.md', channelOptionsMarkdown());
console.log('wrote docs/recall-options.md');
