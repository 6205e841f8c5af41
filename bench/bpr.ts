/**
 * BPR and EASE training speed on all of MovieLens 1M (1,000,209 pairs,
 * 6,040 users, 3,706 movies), read with the importer's reader.
 * BPR: seconds per epoch at 64 factors, against the C++ library implicit
 * 0.7.3 on this machine (0.13 to 0.15 s per epoch, 2 threads; see
 * ../shared/bench/README.md). EASE: one fit (Gram matrix and dense inversion).
 * Wall and CPU seconds are both given: on a shared machine wall time also
 * counts other processes, and the load average says how busy it was.
 */
import { BPR_DEFAULTS, BprChannel } from '../src/recall/bpr.js';
import { EASE_DEFAULTS, EaseChannel } from '../src/recall/ease.js';
import type { Interactions } from '../src/recall/interactions.js';
import type { RecallChannel } from '../src/recall/types.js';
import { readMl1m } from './datasets.js';
import { cpuSecondsSince, fmt, loadAverage, median, printTable, type Row } from './lib.js';

const EPOCHS = Number(process.env.BENCH_BPR_EPOCHS ?? 10);
/** Midpoint of implicit's 0.13 to 0.15 s per epoch. */
const IMPLICIT_BPR_EPOCH_S = 0.14;

async function timed(channel: RecallChannel, data: Interactions, onEpoch?: (seconds: number) => void): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await channel.fit(data, { now: 0, onEpoch: (_epoch, metrics) => onEpoch?.(metrics.seconds!) });
  return { wall: (performance.now() - started) / 1000, cpu: cpuSecondsSince(cpu) };
}

export async function benchBpr(): Promise<Row[]> {
  const data = await readMl1m();
  const rows: Row[] = [];

  for (const optimizer of ['sgd', 'adam'] as const) {
    const epochs: number[] = [];
    const loadBefore = loadAverage();
    const fit = await timed(new BprChannel({ ...BPR_DEFAULTS, factors: 64, epochs: EPOCHS, optimizer }), data, (s) => epochs.push(s));
    const perEpoch = median(epochs);
    rows.push({
      name: `BPR ${optimizer}, 64 factors, ML-1M (${fmt(data.nnz)} pairs), 1 thread`,
      's/epoch (median)': fmt(perEpoch, 3),
      'first epoch s': fmt(epochs[0]!, 3),
      'CPU s/epoch': fmt(fit.cpu / EPOCHS, 3),
      'vs implicit (0.13-0.15 s, 2 threads)': `${fmt(perEpoch / IMPLICIT_BPR_EPOCH_S, 1)}x slower`,
      'load avg': loadBefore,
    });
  }

  const loadBefore = loadAverage();
  const ease = new EaseChannel(EASE_DEFAULTS);
  const fit = await timed(ease, data);
  rows.push({
    name: `EASE fit, ML-1M (${fmt(ease.coverage.pins)} pins, λ = ${EASE_DEFAULTS.lambda})`,
    'fit s': fmt(fit.wall, 1),
    'CPU s': fmt(fit.cpu, 1),
    'load avg': loadBefore,
  });
  printTable('BPR and EASE training on MovieLens 1M', rows);
  return rows;
}
