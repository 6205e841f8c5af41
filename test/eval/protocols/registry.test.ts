/** The registry of named protocols: names, lookup, published figures that match the metrics. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findProtocol, PROTOCOL_NAMES } from '../../../src/eval/protocols/index.js';

test('the registry knows the four protocols, and names the unknown one it is asked for', () => {
  assert.deepEqual(PROTOCOL_NAMES, ['ml1m-ncf', 'lastfm-recbole', 'citeulike-cold', 'ml100k-coldstart-users']);
  assert.throws(() => findProtocol('ml1m'), /unknown protocol "ml1m"; known: ml1m-ncf/);
  for (const name of PROTOCOL_NAMES) {
    const { published, metrics } = findProtocol(name);
    for (const p of published) for (const m of Object.keys(p.metrics)) assert.ok(metrics.includes(m), `${name}: published ${m} is not a protocol metric`);
  }
});
