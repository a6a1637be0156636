// The command line on a folder of the generated logs with 1, 2 and all worker threads (`--jobs`), in
// the same run: wall time, CPU time, and whether every run wrote the same output (it must). Beside
// them, what this machine allows any split of the work: two separate `--jobs 1` processes, each on
// half the folder, at once (no pool, nothing shared; each pays its own start-up and compiles).
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
  /** Two `--jobs 1` processes at once, each on one half of the folder (by bytes). */
  halves?: Run;
  load: number[];
}

/** A folder holding the plain logs (hard links, or copies across file systems). */
function folderOf(logs: readonly GeneratedLog[], work: string, name = 'bundle'): string {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
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

/** The logs in two halves of about equal bytes (largest first, each to the lighter half). */
function halvesOf(logs: readonly GeneratedLog[]): [GeneratedLog[], GeneratedLog[]] {
  const halves: [GeneratedLog[], GeneratedLog[]] = [[], []];
  const bytes = [0, 0];
  for (const l of [...logs].sort((a, b) => b.bytes - a.bytes)) {
    const lighter = bytes[0] <= bytes[1] ? 0 : 1;
    halves[lighter].push(l);
    bytes[lighter] += l.bytes;
  }
  return halves;
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
  log(`folder of ${logs.length} logs: two --jobs 1 processes at once, one half each ...`);
  const [a, b] = halvesOf(logs).map((half, i) => folderOf(half, work, `half-${i}`));
  const one = (dir: string, i: number) => `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} analyze --format ndjson --quiet --jobs 1 ${JSON.stringify(dir)} > ${JSON.stringify(path.join(work, `half-${i}.ndjson`))}`;
  const halves = bestOf(runs, () => runMeasured('sh', ['-c', `${one(a, 0)} & ${one(b, 1)}; wait`], path.join(work, 'halves.out')));
  return { files: logs.length, bytes: logs.reduce((s, l) => s + l.bytes, 0), rows, halves, load };
}

export function workersTable(r: WorkersResult, fmt: (n: number, digits?: number) => string): string[] {
  const one = r.rows[0].run;
  const same = r.rows.every((x) => x.digest === r.rows[0].digest);
  const lines = [
    '',
    `| workers (--jobs) | wall s | CPU s | MB/s | wall vs 1 worker |`,
    `|---:|---:|---:|---:|---:|`,
    ...r.rows.map((x) => `| ${x.jobs} | ${fmt(x.run.ms / 1000, 2)} | ${fmt(x.run.cpuMs / 1000, 2)} | ${fmt(r.bytes / 1e6 / (x.run.ms / 1000))} | ${fmt(x.run.ms / one.ms, 2)} |`),
    ...(r.halves ? [`| two processes, --jobs 1 each on half the folder, at once | ${fmt(r.halves.ms / 1000, 2)} | ${fmt(r.halves.cpuMs / 1000, 2)} | ${fmt(r.bytes / 1e6 / (r.halves.ms / 1000))} | ${fmt(r.halves.ms / one.ms, 2)} |`] : []),
    '',
    `A folder of ${r.files} generated logs (${fmt(r.bytes / 1048576)} MiB), \`logtriage analyze --format ndjson --quiet --jobs N\`, best run; load average before: ${r.load.map((l) => l.toFixed(2)).join(' ')}. Output ${same ? 'identical for every number of workers' : 'DIFFERS between numbers of workers'}. With one worker the process already keeps ${fmt(one.cpuMs / one.ms, 2)} cores busy (V8 compiles and collects garbage on threads of its own), so two cores cannot halve its time; the last row is what any split of the work gets here.`,
  ];
  return lines;
}
