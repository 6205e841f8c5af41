import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { channelOptions, CHANNEL_NAMES, createChannel, validateChannelConfig } from '../../src/recall/registry.js';

const config = (channels: Record<string, Record<string, unknown>> = {}) =>
  loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels } } });

test('every channel is created from its defaults', () => {
  for (const name of CHANNEL_NAMES) assert.equal(createChannel(name, config()).name, name);
});

test('configuration and overrides change options, in that order', () => {
  const c = config({ popular: { halfLifeHours: 24 } });
  assert.deepEqual(channelOptions('popular', c), { halfLifeHours: 24 });
  assert.deepEqual(channelOptions('popular', c, { halfLifeHours: 6 }), { halfLifeHours: 6 });
  assert.equal((channelOptions('co-engagement', c) as { neighbours: number }).neighbours, 100);
});

test('bad channel options and unknown channels are named', () => {
  assert.throws(() => validateChannelConfig(config({ popular: { halfLifeHours: -1 } })), /training\.channels\.popular\/halfLifeHours/);
  assert.throws(() => validateChannelConfig(config({ popular: { halfLife: 3 } })), /training\.channels\.popular\/halfLife: is not a known field/);
  assert.throws(() => validateChannelConfig(config({ nope: {} })), /unknown recall channel "nope"/);
});
