/**
 * `tessera evaluate --protocol NAME --tune`: each channel's hyperparameter
 * search on the protocol's training data (validation carved from it, never
 * the test), printed as entries for src/eval/protocols/tuned-settings.ts,
 * each with the command that reproduces it.
 */
import os from 'node:os';
import type { ProtocolOptions } from '../../eval/protocols/protocol.js';
import { channelsToEvaluate, isRegistered } from '../../eval/protocols/protocol.js';
import { findProtocol } from '../../eval/protocols/index.js';
import { tunedChannelOf, type TunedChannel } from '../../eval/protocols/tuned.js';
import { VALIDATION_SPLITS, type CustomValidation, type ValidationSplit } from '../../eval/tune.js';
import { oneOf, parseTuning, tuneEach, type ModeFlags } from './evaluate-modes.js';

/** The validation split as a sentence, for the record of how a setting was found. */
function describeValidation(validation: ValidationSplit | CustomValidation, share: number, seed: number, records: string): string {
  if (typeof validation !== 'string') return `${validation.name} of ${records}`;
  if (validation === 'random') return `random ${share * 100}% of each user's pins in ${records} (seed ${seed})`;
  return `each user's latest pin in ${records}`;
}

export async function protocolTuningMode(name: string, options: ProtocolOptions, flags: ModeFlags & { channels?: string }): Promise<void> {
  const protocol = findProtocol(name);
  if (!protocol.tuningData) throw new Error(`${name} has no validation split the tuner can score its channels on; tune them on another protocol or on files`);
  const data = await protocol.tuningData(options);
  const validation = flags.validation === undefined ? data.validation : oneOf<ValidationSplit>(flags.validation, '--validation', VALIDATION_SPLITS);
  const names = channelsToEvaluate(options, name, data.catalog !== undefined).filter(isRegistered);
  const tuning = parseTuning(flags, names);
  const results = await tuneEach(names, data.records, { config: options.config, catalog: data.catalog, flags }, validation);

  const settings: Record<string, TunedChannel> = {};
  for (const result of results) {
    if (result.best.number === 1) {
      process.stderr.write(`${result.channel}: no trial beat the configured options on validation; nothing to keep\n`);
      continue;
    }
    const command = [
      `tessera evaluate --protocol ${name} --tune --channels ${result.channel}`,
      `--trials ${tuning.trials} --patience ${tuning.patience} --metric ${flags.metric} --pruning ${tuning.pruning} --seed ${tuning.seed}`,
      ...(flags.validation === undefined ? [] : [`--validation ${flags.validation}`]),
      ...(tuning.spaces[result.channel] ? [`--space '${JSON.stringify({ [result.channel]: tuning.spaces[result.channel] })}'`] : []),
    ].join(' ');
    const measured = `${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0]!.toFixed(1)}`;
    settings[result.channel] = tunedChannelOf(result, { command, validation: describeValidation(validation, 0.1, tuning.seed, data.describe), measured });
  }
  const entry = { [name]: settings };
  if (flags.json) {
    console.log(JSON.stringify({ settings: entry, tuning: results }));
    return;
  }
  console.log(`${name}: tuned on ${data.describe}; the test was not used. Settings for src/eval/protocols/tuned-settings.ts:`);
  console.log(JSON.stringify(entry, null, 2));
}
