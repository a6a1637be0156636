// The command line on a folder of the generated logs with 1, 2 and all worker threads (`--jobs`), in
// the same run: wall time, CPU time, and whether every run wrote the same output (it must).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { GeneratedLog } from './generate';
import type { Run } from './measure';
import { bestOf, runMeasured } from './measure';

export interface WorkersRow {
  jobs: number;
  run: Run;
  /** sha256 of the ndjson output: equal for every number of workers. */
  digest: string;
}

export interface WorkersResult {
  files: number;
  bytes: number;
  rows: WorkersRow[];
  load: number[];
}

/** A folder holding the plain logs (hard links, or copies across file systems). */
function folderOf(logs: readonly GeneratedLog[], work: string): string {
  const dir = path.join(work, 'bundle');
  fs.mkdirSync(dir, { recursive: true });
  for (const l of logs) {
    const to = path.join(dir, `${l.family}-${path.basename(l.path)}`);
    try {
      fs.linkSync(l.path, to);
    } catch {
      fs.copyFileSync(l.path, to);
    }
  }
  return dir;
}

export function runWorkers(cli: string, logs: readonly GeneratedLog[], work: string, runs: number, log: (m: string) => void): WorkersResult {
  const dir = folderOf(logs, work);
  const cores = os.availableParallelism();
  const counts = [...new Set([1, 2, cores])].sort((a, b) => a - b);
  const load = os.loadavg();
  const rows = counts.map((jobs) => {
    log(`folder of ${logs.length} logs: --jobs ${jobs} ...`);
    const out = path.join(work, `jobs-${jobs}.ndjson`);
    const run = bestOf(
      runs,
      () => runMeasured(process.execPath, [cli, 'analyze', '--format', 'ndjson', '--quiet', '--jobs', String(jobs), dir], out),
      (r) => r.status === 0 || r.status === 3,
    );
    const digest = crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex');
    return { jobs, run, digest };
  });
  return { files: logs.length, bytes: logs.reduce((s, l) => s + l.bytes, 0), rows, load };
}

export function workersTable(r: WorkersResult, fmt: (n: number, digits?: number) => string): string[] {
  const one = r.rows[0].run;
  const same = r.rows.every((x) => x.digest === r.rows[0].digest);
  const lines = [
    '',
    `| workers (--jobs) | wall s | CPU s | MB/s | wall vs 1 worker |`,
    `|---:|---:|---:|---:|---:|`,
    ...r.rows.map((x) => `| ${x.jobs} | ${fmt(x.run.ms / 1000, 2)} | ${fmt(x.run.cpuMs / 1000, 2)} | ${fmt(r.bytes / 1e6 / (x.run.ms / 1000))} | ${fmt(x.run.ms / one.ms, 2)} |`),
    '',
    `A folder of ${r.files} generated logs (${fmt(r.bytes / 1048576)} MiB), \`logtriage analyze --format ndjson --quiet --jobs N\`, best run; load average before: ${r.load.map((l) => l.toFixed(2)).join(' ')}. Output ${same ? 'identical for every number of workers' : 'DIFFERS between numbers of workers'}.`,
  ];
  return lines;
}
