// Archive throughput: the generated logs as one vm-support-like `.tgz` (plain and `.gz` members),
// analyzed directly, beside the decompression alone (`gzip -dc`, `tar -xzOf`) on the same file in the same run.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { GeneratedLog } from './generate';
import { checkFindings } from './generate';
import type { Run } from './measure';
import { bestOf, runMeasured } from './measure';

export interface BundleBench {
  file: string;
  compressedBytes: number;
  contentBytes: number;
  members: number;
  /** The command line with all cores' workers (the default). */
  analyzer: Run;
  /** The same with one thread (`--jobs 1`), in the same run. */
  serial: Run;
  /** Whether both wrote the same output, byte for byte (they must). */
  same: boolean;
  gzip: Run;
  tar: Run;
  /**
   * Every member decompressed, the `.gz` ones inside the `.tgz` too (`tar -xzOf … '*.gz' | gzip -dc`):
   * all the text the analyzer reads, which `tar -xzOf` alone leaves compressed.
   */
  full: Run;
  /** Injected signatures found in the members, of all injected. */
  found: number;
  injected: number;
  error?: string;
}

/** The bundle beside the logs: `esx-bench-…/var/log/<family>.log` for each, and every other one as `.gz` too. */
function buildBundle(logs: GeneratedLog[], file: string): void {
  if (fs.existsSync(file) && fs.statSync(file).mtimeMs > Math.max(...logs.map((l) => fs.statSync(l.path).mtimeMs))) return;
  const staging = `${file}.d`;
  const top = path.join(staging, 'esx-bench-2024-03-05--10.22-1');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(top, 'var', 'log'), { recursive: true });
  logs.forEach((l, i) => {
    const source = i % 2 ? l.gzPath : l.path;
    fs.symlinkSync(source, path.join(top, 'var', 'log', path.basename(source)));
  });
  // -h: the members are the logs, not the links
  const r = spawnSync('tar', ['-czhf', file, '-C', staging, path.basename(top)]);
  fs.rmSync(staging, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`tar failed: ${String(r.stderr)}`);
}

export function runBundleBench(cli: string, logs: GeneratedLog[], cacheDir: string, work: string, runs: number): BundleBench {
  const file = path.join(
    cacheDir,
    `bundle-${logs
      .map((l) => l.family)
      .join('-')
      .slice(0, 80)}-${logs[0]?.bytes ?? 0}.tgz`,
  );
  buildBundle(logs, file);
  const out = path.join(work, 'bundle.out');
  const gzip = bestOf(runs, () => runMeasured('gzip', ['-dc', file], out));
  const contentBytes = fs.statSync(out).size;
  const tar = bestOf(runs, () => runMeasured('tar', ['-xzOf', file], out));
  const full = bestOf(runs, () => runMeasured('sh', ['-c', `tar -xzOf '${file}' --wildcards '*.gz' | gzip -dc`], out));
  const analyze = (jobs: string[], to: string) =>
    bestOf(
      runs,
      () => runMeasured(process.execPath, [cli, 'analyze', '--json', ...jobs, file], to),
      (r) => r.status === 0 || r.status === 1,
    );
  const serialOut = path.join(work, 'bundle-serial.out');
  const serial = analyze(['--jobs', '1'], serialOut);
  const analyzer = analyze([], out);
  const digest = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
  const same = digest(serialOut) === digest(out);
  const injected = logs.reduce((n, l) => n + l.injections.length, 0);
  let found = 0;
  let members = 0;
  let error: string | undefined;
  try {
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { files: { path: string; error?: string; findings: { rule: string; line: number }[] }[] };
    members = doc.files.filter((f) => !f.error).length;
    for (const l of logs) {
      const member = doc.files.find((f) => f.path.endsWith('/' + path.basename(l.path)) || f.path.endsWith('/' + path.basename(l.gzPath)));
      found +=
        l.injections.length -
        checkFindings(
          l,
          (member?.findings ?? []).map((f) => ({ rule: f.rule, line: f.line - 1 })),
        ).missing.length;
    }
  } catch (e) {
    error = `analyzer output: ${(e as Error).message}; ${analyzer.stderr.split('\n')[0]}`;
  }
  return { file, compressedBytes: fs.statSync(file).size, contentBytes, members, analyzer, serial, same, gzip, tar, full, found, injected, error };
}
