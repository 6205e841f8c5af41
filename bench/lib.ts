/** Shared pieces of the benchmarks: timing, percentiles, a server process, a results table. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface Row {
  name: string;
  [metric: string]: string | number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tessera-bench-${prefix}-`));
}

/** `tessera serve` in its own process, so the load generator does not share its event loop. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, TESSERA_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, child };
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function printTable(title: string, rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  console.log(`\n## ${title}\n`);
  console.log(`| ${columns.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const row of cells) console.log(`| ${row.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`);
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The 1-minute load average: how busy the shared machine was. */
export const loadAverage = (): string => os.loadavg()[0]!.toFixed(1);

/** Progress of long preparation, on stderr so that stdout stays a clean report. */
export const progress = (message: string): void => void process.stderr.write(`${message}\n`);

/** Seconds of CPU used by the whole process (every thread) since `since`. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * A full garbage collection, so that memory left by an earlier run (a
 * dropped kernel memory, say) does not count in the next run's figures.
 */
export function collectGarbage(): void {
  // The second collection returns the pages the first one emptied.
  gc();
  gc();
}

const STATUS = '/proc/self/status';

function residentHighWater(): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(STATUS, 'utf8'));
    return kib ? Number(kib[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process's peak resident memory (all threads) over a stretch of work.
 * On Linux the kernel's high-water mark (VmHWM), reset at the start by
 * writing 5 to /proc/self/clear_refs; elsewhere, or when that is refused,
 * RSS sampled every 20 ms (which misses peaks while the event loop is busy).
 */
export class PeakMemory {
  private sampled = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;
  private readonly kernelMark: boolean;

  constructor() {
    let reset = false;
    try {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      reset = residentHighWater() !== undefined;
    } catch {
      reset = false;
    }
    this.kernelMark = reset;
    this.timer = setInterval(() => {
      this.sampled = Math.max(this.sampled, process.memoryUsage.rss());
    }, 20);
  }

  /** Stops watching; the peak in bytes. */
  stop(): number {
    clearInterval(this.timer);
    const sampled = Math.max(this.sampled, process.memoryUsage.rss());
    return this.kernelMark ? Math.max(sampled, residentHighWater() ?? 0) : sampled;
  }
}

export const mib = (bytes: number): string => fmt(bytes / 2 ** 20);
