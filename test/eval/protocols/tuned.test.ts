/**
 * Tuned channel settings of the named protocols: the project's settings are
 * valid, bad ones are named in a clear error, and the overrides reach the
 * fitted channels, the "(tuned)" rows and the blend.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { PROTOCOL_NAMES, formatProtocolRun, protocolJson, runProtocol } from '../../../src/eval/protocols/index.js';
import type { ProtocolOptions } from '../../../src/eval/protocols/protocol.js';
import { fitRows } from '../../../src/eval/protocols/run-steps.js';
import { TUNED_SETTINGS } from '../../../src/eval/protocols/tuned-settings.js';
import { checkTunedSettings, tunedChannelOf, tunedOverrides, type TunedSettings, type TuningRecord } from '../../../src/eval/protocols/tuned.js';
import type { TuneResult } from '../../../src/eval/tune.js';
import { IalsChannel } from '../../../src/recall/ials.js';
import { Interactions } from '../../../src/recall/interactions.js';
import { datasetsDir, requireDataset } from '../../helpers/env.js';

const config = loadConfig({ env: {}, cwd: os.tmpdir(), overrides: { training: { channels: { ials: { threads: 1 } } } } });

const found: TuningRecord = {
  command: 'tessera evaluate --protocol lastfm-recbole --tune --channels ials --trials 2',
  metric: 'NDCG@10',
  validation: 'random 10% of each user’s pins',
  configured: 0.1,
  best: 0.2,
  trials: '2 (2 complete)',
  measured: '2026-12-01, load average 1.0',
};

const settingsWith = (protocol: string, channel: string, options: Record<string, unknown>, record: unknown = found): TunedSettings =>
  ({ [protocol]: { [channel]: { options, found: record } } }) as unknown as TunedSettings;

test("the project's tuned settings name known protocols, channels and options, each with how it was found", () => {
  assert.equal(checkTunedSettings(TUNED_SETTINGS, PROTOCOL_NAMES), TUNED_SETTINGS);
  for (const [protocol, channels] of Object.entries(TUNED_SETTINGS)) {
    for (const [channel, { found: record }] of Object.entries(channels)) {
      assert.match(record.command, new RegExp(`^tessera evaluate --protocol ${protocol} --tune --channels ${channel} `), `${protocol}.${channel}`);
      assert.ok(record.best > record.configured, `${protocol}.${channel}: a setting is kept only when it beat the defaults on validation`);
    }
  }
});

test('bad tuned settings are rejected with an error naming the setting and what is allowed', () => {
  const check = (settings: TunedSettings) => () => checkTunedSettings(settings, PROTOCOL_NAMES);
  assert.throws(check(settingsWith('lastfm', 'ials', { factors: 8 })), /tuned\.lastfm: no protocol is called "lastfm"; known: ml1m-ncf, lastfm-recbole/);
  assert.throws(check(settingsWith('lastfm-recbole', 'als', { factors: 8 })), /tuned\.lastfm-recbole\.als: no recall channel is called "als"; known: popular/);
  assert.throws(
    check(settingsWith('lastfm-recbole', 'ials', { factors: 8, regularisation: 0.1 })),
    /tuned\.lastfm-recbole\.ials\.options\.regularisation: "ials" has no such option; its options: factors, iterations, alpha, regularization,/,
  );
  assert.throws(check(settingsWith('lastfm-recbole', 'ials', { factors: 0 })), /tuned\.lastfm-recbole\.ials\.options\/factors: /);
  assert.throws(check(settingsWith('lastfm-recbole', 'ials', { factors: 'many' })), /tuned\.lastfm-recbole\.ials\.options\/factors: /);
  assert.throws(check(settingsWith('lastfm-recbole', 'ials', { factors: 8 }, null)), /tuned\.lastfm-recbole\.ials\.found: must say how the setting was found/);
  assert.throws(check(settingsWith('lastfm-recbole', 'ials', { factors: 8 }, { ...found, command: '' })), /ials\.found\.command: must be a non-empty string/);
  assert.throws(check(settingsWith('lastfm-recbole', 'ials', { factors: 8 }, { ...found, best: 'high' })), /ials\.found\.best: must be a number/);
  // A run checks its protocol's settings before fitting anything.
  assert.throws(() => tunedOverrides(settingsWith('lastfm-recbole', 'ials', { regularisation: 1 }), 'lastfm-recbole'), /has no such option/);
});

test('tunedOverrides gives the options of one protocol, none for a protocol without settings', () => {
  const settings = settingsWith('lastfm-recbole', 'ials', { factors: 8, regularizationExponent: 1 });
  assert.deepEqual(tunedOverrides(settings, 'lastfm-recbole'), { ials: { factors: 8, regularizationExponent: 1 } });
  assert.deepEqual(tunedOverrides(settings, 'ml1m-ncf'), {});
});

test('tunedChannelOf keeps the best options and how they were found', () => {
  const trial = (number: number, value: number | undefined, status: 'complete' | 'pruned', factors: number) =>
    ({ number, params: { factors }, status, ...(value === undefined ? {} : { value }), curve: [], seconds: 1 }) as TuneResult['trials'][number];
  const trials = [trial(1, 0.123456, 'complete', 64), trial(2, 0.2, 'complete', 32), trial(3, undefined, 'pruned', 8)];
  const result = { channel: 'ials', metric: 'NDCG@10', trials, best: trials[1]!, stoppedEarly: 'no improvement in 1 trials' } as unknown as TuneResult;
  const setting = tunedChannelOf(result, { command: 'cmd', validation: 'v', measured: 'm' });
  assert.deepEqual(setting, {
    options: { factors: 32 },
    found: {
      command: 'cmd',
      metric: 'NDCG@10',
      validation: 'v',
      configured: 0.1235,
      best: 0.2,
      trials: '3 (2 complete, 1 pruned; stopped early: no improvement in 1 trials)',
      measured: 'm',
    },
  });
});

/** 30 users in two taste groups of 20 pins. */
function groups(): Interactions {
  const records = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 8; i++) records.push({ userId: `u${u}`, pinId: `p${(u % 2) * 20 + ((u + i * 3) % 20)}`, weight: 1, timestamp: i });
  return Interactions.fromRecords(records);
}

test('fitRows: tuned options reach the tuned channel and what is built on it; the blend members are the tuned ones', async () => {
  const options: ProtocolOptions = { config, datasetsDir };
  const tuned = settingsWith('any', 'ials', { factors: 6, iterations: 2 })['any']!;
  const fitted = await fitRows(['item-cf', 'ials', 'vector'], groups(), options, { now: 10, label: 'test', tuned });
  assert.deepEqual(
    fitted.rows.map((r) => r.label),
    ['item-cf', 'ials', 'ials (tuned)', 'vector', 'vector (tuned)'],
  );
  const byLabel = new Map(fitted.rows.map((r) => [r.label, r.channel]));
  assert.equal((byLabel.get('ials') as IalsChannel).dimensions, 64, 'default options');
  assert.equal((byLabel.get('ials (tuned)') as IalsChannel).dimensions, 6, 'tuned options');
  assert.deepEqual(fitted.tunedMembers, ['ials', 'vector']);
  assert.deepEqual(
    fitted.members.map((c) => c.name),
    ['item-cf', 'ials', 'vector'],
  );
  assert.equal(fitted.members[1], byLabel.get('ials (tuned)'));
  assert.equal(fitted.members[2], byLabel.get('vector (tuned)'));
  assert.equal(fitted.members[0], byLabel.get('item-cf'));
  // The tuned vector indexes the tuned ials's 6-dimensional pin factors.
  const dimensions = (label: string) => (byLabel.get(label)!.save() as { index: { config: { dimensions: number } } }).index.config.dimensions;
  assert.equal(dimensions('vector'), 64);
  assert.equal(dimensions('vector (tuned)'), 6);
});

test('a protocol run reports default and tuned rows, the blend on the tuned channels, and how each setting was found', async (t) => {
  if (!requireDataset(t, 'ml-100k')) return;
  const protocol = 'ml100k-coldstart-users';
  const tuned = settingsWith(protocol, 'item-cf', { neighbours: 5, similarity: 'jaccard' });
  const run = await runProtocol(protocol, { config, datasetsDir, channels: ['item-cf', 'most-popular'], tuned });
  assert.deepEqual(Object.keys(run.tuned), ['item-cf']);
  for (const table of run.tables) {
    assert.deepEqual(
      table.results.map((r) => r.channel),
      ['item-cf', 'item-cf (tuned)', 'most-popular', 'blend'],
    );
    assert.deepEqual(table.tunedMembers, ['item-cf']);
  }
  const k10 = run.tables.find((table) => table.key === 'k=10')!.results;
  assert.notEqual(k10[0]!.metrics['NDCG@10'], k10[1]!.metrics['NDCG@10'], 'five Jaccard neighbours recommend differently from the default');
  const json = protocolJson(run);
  assert.ok(json['k=10/item-cf (tuned)'], 'tuned rows are keyed by their label');
  assert.deepEqual((json.report as { tuned: unknown }).tuned, tuned[protocol]);
  const text = formatProtocolRun(run, 'markdown');
  assert.match(text, /\| item-cf \(tuned\) \|/);
  assert.match(text, /tuned options for item-cf, default for the rest; weights/);
  assert.match(text, /- `item-cf` `\{"neighbours":5,"similarity":"jaccard"\}`: found by `tessera evaluate --protocol lastfm-recbole --tune/);

  const plain = await runProtocol(protocol, { config, datasetsDir, channels: ['item-cf'], tuned: false, blend: false });
  assert.deepEqual(plain.tables[0]!.results.map((r) => r.channel), ['item-cf']);
  assert.deepEqual(plain.tuned, {});
  assert.doesNotMatch(formatProtocolRun(plain), /tuned/);
});
