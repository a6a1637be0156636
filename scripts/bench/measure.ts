// Runs a command under GNU time for its peak RSS, with its output sent to a file (grep-like tools
// stop at the first match when their output is /dev/null), and times it from here.
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export interface Run {
  /** Wall-clock milliseconds, spawn to exit. */
  ms: number;
  /** Peak resident set size in bytes (GNU time's "Maximum resident set size"). */
  rss: number;
  /** User plus system CPU time, ms: on a shared machine, closer to what the work costs than wall time. */
  cpuMs: number;
  status: number | null;
  stderr: string;
}

const TIME = '/usr/bin/time';

export function hasGnuTime(): boolean {
  return fs.existsSync(TIME);
}

export function runMeasured(command: string, args: string[], stdoutFile: string, env?: NodeJS.ProcessEnv, timeoutMs = 600_000): Run {
  const statsFile = `${stdoutFile}.time`;
  const out = fs.openSync(stdoutFile, 'w');
  try {
    const useTime = hasGnuTime();
    const argv = useTime ? ['-v', '-o', statsFile, command, ...args] : args;
    const started = process.hrtime.bigint();
    const r = spawnSync(useTime ? TIME : command, argv, { stdio: ['ignore', out, 'pipe'], env: env ?? process.env, timeout: timeoutMs, maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let rss = NaN;
    let cpuMs = NaN;
    if (useTime && fs.existsSync(statsFile)) {
      const stats = fs.readFileSync(statsFile, 'utf8');
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stats);
      if (m) rss = +m[1] * 1024;
      const user = /User time \(seconds\): ([\d.]+)/.exec(stats);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stats);
      if (user && sys) cpuMs = (+user[1] + +sys[1]) * 1000;
      fs.rmSync(statsFile, { force: true });
    }
    return { ms, rss, cpuMs, status: r.status, stderr: String(r.stderr ?? '') };
  } finally {
    fs.closeSync(out);
  }
}

/** The fastest of `n` runs (the one least disturbed by the rest of a shared machine); RSS is the largest seen. */
export function bestOf(n: number, once: () => Run, ok: (r: Run) => boolean = (r) => r.status === 0): Run {
  let best: Run | undefined;
  let rss = 0;
  let cpuMs = Infinity;
  for (let i = 0; i < n; i++) {
    const r = once();
    if (!ok(r)) return r;
    rss = Math.max(rss, r.rss);
    cpuMs = Math.min(cpuMs, r.cpuMs);
    if (!best || r.ms < best.ms) best = r;
  }
  return { ...best!, rss, cpuMs };
}
