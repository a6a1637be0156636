import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from './paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built command line (dist/cli.js) in a child process, from the repository root. */
export function runCli(args: readonly string[], options: { input?: string | Buffer; cwd?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 512 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
