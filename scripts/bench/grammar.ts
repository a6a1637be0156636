// TextMate grammar speed, as VS Code colours a log: vscode-textmate with the Oniguruma WebAssembly
// build. Lines per second over the first lines of a generated log, and the slowest single line,
// including a 1 MB and a 10 MB line. Runs in a child process that the parent kills after a time
// limit, so that a grammar with catastrophic backtracking cannot hang the benchmark.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { INITIAL } from 'vscode-textmate';
import { loadGrammar } from '../../test/helpers/textmate';
import { repoRoot } from '../../test/helpers/paths';

export interface GrammarResult {
  family: string;
  scope: string;
  lines: number;
  linesPerSecond: number;
  /** Slowest line of the sample, ms. */
  worstLineMs: number;
  /** A 1 MB and a 10 MB line: ms, and whether vscode-textmate's time limit stopped it early. */
  long: { bytes: number; ms: number; stoppedEarly: boolean }[];
  error?: string;
}

const SAMPLE_LINES = 20_000;
/** vscode-textmate's own per-line time limit for the long lines: past it, a line is not finished. */
const LONG_LINE_LIMIT_MS = 5_000;

function scopeOf(family: string): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return (manifest.contributes.grammars as { language?: string; scopeName: string }[]).find((g) => g.language === family)?.scopeName;
}

function firstLines(file: string, n: number): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    const read = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, read).split('\n').slice(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** A line of `bytes` characters: the record prefix of the family's first line, then realistic message tokens. */
function longLine(prefixLine: string, bytes: number): string {
  const cut = prefixLine.search(/\S+:\s|\]\s/);
  const prefix = prefixLine.slice(0, cut > 0 ? Math.min(cut + 2, 80) : 40);
  const tokens = 'Cmd 0x2a to dev "naa.600601601234abcd" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x29 0x0. path=/vmfs/volumes/5a1b-2c3d/vm/vm.vmx ip 192.168.10.24 status=25 \'quoted text\' uuid 7b10ea29-ab0c-af14-a116-ae293560f404 ';
  return prefix + tokens.repeat(Math.ceil((bytes - prefix.length) / tokens.length)).slice(0, bytes - prefix.length);
}

/** In the child: tokenise and time. */
export async function grammarChild(family: string, file: string): Promise<GrammarResult> {
  const scope = scopeOf(family);
  if (!scope) return { family, scope: '', lines: 0, linesPerSecond: 0, worstLineMs: 0, long: [], error: 'no grammar' };
  const grammar = await loadGrammar(scope);
  const lines = firstLines(file, SAMPLE_LINES);
  // warm up (Oniguruma compiles its scanners on first use), then time the sample
  let stack = INITIAL;
  for (const line of lines.slice(0, 500)) stack = grammar.tokenizeLine(line, stack).ruleStack;
  stack = INITIAL;
  let worst = 0;
  const started = process.hrtime.bigint();
  for (const line of lines) {
    const t = process.hrtime.bigint();
    stack = grammar.tokenizeLine(line, stack).ruleStack;
    worst = Math.max(worst, Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const long = [1 << 20, 10 << 20].map((bytes) => {
    const line = longLine(lines[0] ?? '', bytes);
    const t = process.hrtime.bigint();
    const r = grammar.tokenizeLine(line, INITIAL, LONG_LINE_LIMIT_MS);
    return { bytes, ms: Number(process.hrtime.bigint() - t) / 1e6, stoppedEarly: r.stoppedEarly };
  });
  return { family, scope, lines: lines.length, linesPerSecond: lines.length / seconds, worstLineMs: worst, long };
}

/** In the parent: one child per family, killed after `timeoutMs`. */
export function runGrammar(bundle: string, family: string, file: string, timeoutMs = 120_000): GrammarResult {
  const r = spawnSync(process.execPath, [bundle, '--grammar-child', family, file], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.status === 0) {
    try {
      return JSON.parse(r.stdout) as GrammarResult;
    } catch {
      // fall through
    }
  }
  const why = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `killed after ${timeoutMs / 1000} s` : (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
  return { family, scope: '', lines: 0, linesPerSecond: 0, worstLineMs: NaN, long: [], error: why };
}
