/**
 * The named evaluation protocols of ../shared/datasets/README.md, by name:
 * `tessera evaluate --protocol <name>` and `npm run eval:report` run them.
 */
import path from 'node:path';
import { InputError } from '../../wire/convert.js';
import { citeulikeCold } from './citeulike-cold.js';
import { lastfmRecbole } from './lastfm-recbole.js';
import { ml100kColdstartUsers } from './ml100k-coldstart-users.js';
import { ml1mNcf } from './ml1m-ncf.js';
import type { Protocol, ProtocolOptions, ProtocolRun } from './protocol.js';

export type { Protocol, ProtocolOptions, ProtocolRun, PublishedFigure } from './protocol.js';
export { formatProtocolRun, protocolJson } from './format.js';

export const PROTOCOLS: readonly Protocol[] = [ml1mNcf, lastfmRecbole, citeulikeCold, ml100kColdstartUsers];

export const PROTOCOL_NAMES: readonly string[] = PROTOCOLS.map((p) => p.name);

export function findProtocol(name: string): Protocol {
  const protocol = PROTOCOLS.find((p) => p.name === name);
  if (!protocol) throw new InputError('protocol', `unknown protocol "${name}"; known: ${PROTOCOL_NAMES.join(', ')}`);
  return protocol;
}

/** Where the public datasets are: TESSERA_DATASETS, else ../shared/datasets from the working directory. */
export function defaultDatasetsDir(): string {
  return path.resolve(process.env.TESSERA_DATASETS ?? path.join('..', 'shared', 'datasets'));
}

export function runProtocol(name: string, options: ProtocolOptions): Promise<ProtocolRun> {
  return findProtocol(name).run(options);
}
