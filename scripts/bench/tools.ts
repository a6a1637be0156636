// The reference tools: ripgrep running the family's rule patterns, lnav indexing the same file.
// Both are Debian packages, installed when missing and the benchmark runs as root.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RuleDefinition } from '../../server/src/engine';
import type { Run } from './measure';
import { runMeasured } from './measure';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the Debian packages that provide missing commands; returns the commands still missing. */
export function ensureTools(commands: Record<string, string>, log: (m: string) => void): string[] {
  const missing = Object.keys(commands).filter((c) => !has(c));
  if (!missing.length) return [];
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  if (!canInstall) {
    log(`missing ${missing.join(', ')} (install the Debian packages ${missing.map((c) => commands[c]).join(' ')}); their columns are left empty`);
    return missing;
  }
  log(`installing ${missing.map((c) => commands[c]).join(' ')} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing.map((c) => commands[c])], { stdio: 'ignore', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing.map((c) => commands[c])], { stdio: 'ignore', env });
  }
  return missing.filter((c) => !has(c));
}

/** The rule's patterns with their group names dropped (one alternation cannot repeat a name). */
function unnamed(source: string): string {
  return source.replace(/(?<!\\)(\\*)\(\?<([A-Za-z_$][\w$]*)>/g, (all, slashes: string) => (slashes.length % 2 === 1 ? all : `${slashes}(?:`));
}

/** JavaScript's `\uXXXX` as PCRE2 spells it (`\x{XXXX}`): PCRE2 refuses `\u`. */
function pcre2Escapes(source: string): string {
  return source.replace(/(\\+)u([0-9A-Fa-f]{4})/g, (all, slashes: string, hex: string) => (slashes.length % 2 === 1 ? `${slashes.slice(1)}\\x{${hex}}` : all));
}

export interface RgPattern {
  pattern: string;
  /** PCRE2 is needed for look-around, which ripgrep's default engine lacks. */
  pcre2: boolean;
  /** Patterns ripgrep cannot compile (PCRE2 has no variable-length look-behind, which JavaScript has), left out. */
  leftOut: number;
}

/** Whether ripgrep compiles the pattern (it exits 2 on one it cannot; 1 is "no match" in an empty input). */
const compiles = new Map<string, boolean>();
function rgCompiles(pattern: string, pcre2: boolean): boolean {
  const key = `${pcre2}\0${pattern}`;
  let ok = compiles.get(key);
  if (ok === undefined) compiles.set(key, (ok = spawnSync('rg', ['--no-config', ...(pcre2 ? ['-P'] : []), '-e', pattern, '/dev/null'], { stdio: 'ignore' }).status === 1));
  return ok;
}

/** Every pattern of the rules ripgrep compiles as one alternation, as the analyzer's combined matcher builds it. */
export function rgPattern(rules: readonly RuleDefinition[]): RgPattern | undefined {
  const sources = rules.flatMap((r) => (Array.isArray(r.pattern) ? r.pattern : [r.pattern])).map(unnamed);
  const pcre2 = sources.some((s) => /\(\?<?[=!]|\\[1-9]|\\k</.test(s));
  const usable = sources.map((s) => (pcre2 ? pcre2Escapes(s) : s)).filter((s) => rgCompiles(s, pcre2));
  if (!usable.length) return undefined;
  return { pattern: usable.map((s) => `(?:${s})`).join('|'), pcre2, leftOut: sources.length - usable.length };
}

export function runRg(file: string, pattern: RgPattern, outFile: string): Run & { lines: number } {
  const args = ['--no-config', '--no-ignore', '-n', ...(pattern.pcre2 ? ['-P'] : []), '-e', pattern.pattern, file];
  const run = runMeasured('rg', args, outFile);
  // ripgrep exits 1 when nothing matched: that is a successful search here
  const ok = run.status === 0 || run.status === 1;
  const lines = ok ? countLines(outFile) : 0;
  return { ...run, status: ok ? 0 : run.status, lines };
}

/** lnav detects the format and indexes every line of the file, headless (`-n`), then counts them. */
export function runLnav(file: string, outFile: string): Run & { lines: number } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bench-lnav-'));
  try {
    const run = runMeasured('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs', file], outFile, { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') });
    const m = /(\d+)\s*$/.exec(fs.readFileSync(outFile, 'utf8').trim());
    return { ...run, lines: m ? +m[1] : 0 };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  try {
    for (let read; (read = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      for (let i = buf.indexOf(10); i >= 0 && i < read; i = buf.indexOf(10, i + 1)) n++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}
