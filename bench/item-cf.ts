/**
 * Item-CF fit speed on all of MovieLens 1M (1,000,209 pairs): every movie's
 * K = 100 nearest movies by cosine over binary user vectors, as implicit's
 * CosineRecommender(K=100) computes them (0.42 s on this machine; see
 * ../shared/bench/README.md). Shrinkage is off (implicit has none; it costs
 * one multiply per pair either way). The fit is repeated FITS times: the
 * median is reported with the spread. BPR's fit speed on the same data is
 * the `bpr` benchmark.
 */
import { ITEM_CF_DEFAULTS, ItemCfChannel } from '../src/recall/item-cf.js';
import { readMl1m } from './datasets.js';
import { collectGarbage, cpuSecondsSince, fmt, loadAverage, median, mib, PeakMemory, printTable, progress, type Row } from './lib.js';

const FITS = Number(process.env.BENCH_ITEM_CF_FITS ?? 3);
const IMPLICIT_SECONDS = 0.42;

export async function benchItemCf(): Promise<Row[]> {
  progress('reading MovieLens 1M');
  const data = await readMl1m();
  const seconds: number[] = [];
  const cpu: number[] = [];
  collectGarbage();
  const load = loadAverage();
  const rssBefore = process.memoryUsage.rss();
  const peak = new PeakMemory();
  for (let fit = 1; fit <= FITS; fit++) {
    const channel = new ItemCfChannel({ ...ITEM_CF_DEFAULTS, similarity: 'cosine', neighbours: 100, shrinkage: 0, weighting: 'none', value: 'binary' });
    const started = performance.now();
    const cpuMark = process.cpuUsage();
    await channel.fit(data, { now: 0 });
    seconds.push((performance.now() - started) / 1000);
    cpu.push(cpuSecondsSince(cpuMark));
    progress(`item-CF fit ${fit}/${FITS}: ${fmt(seconds.at(-1)!, 2)} s`);
  }
  const perFit = median(seconds);
  const rows: Row[] = [
    {
      name: `item-CF fit, cosine, K = 100, ML-1M (${fmt(data.nnz)} pairs, ${fmt(data.itemCount)} movies)`,
      threads: 1,
      's/fit': fmt(perFit, 3),
      spread: `${fmt(Math.min(...seconds), 3)}–${fmt(Math.max(...seconds), 3)}`,
      'CPU s/fit': fmt(median(cpu), 3),
      'vs implicit': `${fmt(perFit / IMPLICIT_SECONDS, 2)}x (${IMPLICIT_SECONDS} s)`,
      'peak RSS MiB': mib(peak.stop()),
      'RSS before MiB': mib(rssBefore),
      'load avg': load,
    },
  ];
  printTable('Item-CF training on MovieLens 1M', rows);
  return rows;
}
