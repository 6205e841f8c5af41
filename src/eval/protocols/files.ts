/**
 * The generic protocol: any dataset given as files. Train and test hold one
 * `user<TAB>item[<TAB>time]` per line; an optional negatives file holds, per
 * line, a test case and its sampled negatives, either as
 * `user<TAB>positive<TAB>neg1<TAB>neg2...` or in the NCF form
 * `(user,positive)<TAB>neg1<TAB>neg2...`.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { InputError } from '../../wire/convert.js';
import type { SampledCase } from '../evaluate-sampled.js';
import type { InteractionRecord, TestSet } from '../splits.js';

async function* lines(file: string): AsyncGenerator<{ line: string; n: number }> {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such file');
  const reader = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of reader) {
    n++;
    if (line.trim() !== '' && !line.startsWith('#')) yield { line, n };
  }
}

/** Reads `user<TAB>item[<TAB>time]` lines; lines without a time keep file order as their time. */
export async function readPairs(file: string): Promise<InteractionRecord[]> {
  const out: InteractionRecord[] = [];
  for await (const { line, n } of lines(file)) {
    const [user, item, time] = line.split('\t');
    if (!user || !item) throw new InputError(`${file}:${n}`, 'expected user<TAB>item[<TAB>time]');
    const timestamp = time === undefined || time === '' ? n : Number(time);
    if (!Number.isFinite(timestamp)) throw new InputError(`${file}:${n}`, `time "${time}" is not a number`);
    out.push({ userId: user, pinId: item, weight: 1, timestamp });
  }
  return out;
}

export function testSetOf(records: readonly InteractionRecord[]): TestSet {
  const test: TestSet = new Map();
  for (const r of records) {
    let set = test.get(r.userId);
    if (!set) test.set(r.userId, (set = new Set()));
    set.add(r.pinId);
  }
  return test;
}

export async function readNegatives(file: string): Promise<SampledCase[]> {
  const out: SampledCase[] = [];
  for await (const { line, n } of lines(file)) {
    const fields = line.split('\t');
    const ncf = /^\((.+),(.+)\)$/.exec(fields[0]!);
    const [userId, positive, negatives] = ncf ? [ncf[1]!, ncf[2]!, fields.slice(1)] : [fields[0]!, fields[1], fields.slice(2)];
    if (!userId || !positive || negatives.length === 0) {
      throw new InputError(`${file}:${n}`, 'expected user<TAB>positive<TAB>negatives... or (user,positive)<TAB>negatives...');
    }
    out.push({ userId, positive, negatives: negatives.filter(Boolean) });
  }
  return out;
}
