/**
 * Progress for long work. On a terminal: a live bar (cli-progress). Elsewhere
 * (CI, logs, pipes): one line per 10% so the output stays readable.
 */
import cliProgress from 'cli-progress';
import type { ProgressFactory } from '../progress.js';

export { silentProgress, type Progress, type ProgressFactory } from '../progress.js';

export const terminalProgress: ProgressFactory = (label, total, unit = 'items') => {
  const stream = process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} | eta {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0);
    let value = 0;
    return {
      tick: (n = 1) => bar.update((value += n)),
      update: (v) => bar.update((value = v)),
      setTotal: (t) => bar.setTotal(Math.max(t, 1)),
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let value = 0;
  let reportedTenth = -1;
  let currentTotal = Math.max(total, 1);
  const report = (force = false) => {
    const tenth = Math.min(10, Math.floor((10 * value) / currentTotal));
    if (tenth === reportedTenth && !force) return;
    reportedTenth = tenth;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`${label}: ${value}/${currentTotal} ${unit} (${tenth * 10}%) ${seconds}s\n`);
  };
  return {
    tick: (n = 1) => {
      value += n;
      report();
    },
    update: (v) => {
      value = v;
      report();
    },
    setTotal: (t) => {
      currentTotal = Math.max(t, 1);
    },
    stop: () => {
      if (reportedTenth !== 10) report(true);
    },
  };
};
