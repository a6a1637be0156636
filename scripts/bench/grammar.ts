// TextMate grammar speed, as VS Code colours a log: vscode-textmate with the Oniguruma WebAssembly
// build, through tokenizeLine2 (binary tokens, what VS Code's tokenizer calls) and tokenizeLine.
// Lines per second over the first lines of a generated log, and the slowest single line, including a
// 1 MB and a 10 MB line. The floors are measured in the same child on the same lines: an EMPTY
// grammar (what vscode-textmate and vscode-oniguruma cost before any rule runs: the line copied into
// an OnigString, one search) and VS Code's own Log grammar (extensions/log, read from the code-server
// that the end-to-end tests cache, if present). Runs in a child process that the parent kills after a
// time limit, so that a grammar with catastrophic backtracking cannot hang the benchmark.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { IGrammar, StateStack } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { grammarFromText, loadGrammar, onigLibrary } from '../../test/helpers/textmate';
import { repoRoot } from '../../test/helpers/paths';

export interface Rate {
  /** tokenizeLine2, as VS Code's tokenizer calls it. */
  tokenizeLine2: number;
  tokenizeLine: number;
}

export interface LongLine {
  bytes: number;
  /** tokenizeLine2 through the family grammar, ms; whether vscode-textmate's time limit stopped it. */
  ms: number;
  stoppedEarly: boolean;
  /** The same line through an empty grammar, ms: vscode-textmate's and vscode-oniguruma's own cost. */
  emptyMs: number;
  /** `new OnigString(line)` alone, ms: the copy of the line into Oniguruma's memory. */
  onigStringMs: number;
}

export interface GrammarResult {
  family: string;
  scope: string;
  lines: number;
  /** tokenizeLine2, lines per second (the target's figure). */
  linesPerSecond: number;
  rate: Rate;
  /** The floors on the same lines: an empty grammar, and VS Code's Log grammar (undefined if not found). */
  empty: Rate;
  vscodeLog?: Rate & { lines: number };
  /** Slowest line of the sample (tokenizeLine2), ms. */
  worstLineMs: number;
  long: LongLine[];
  error?: string;
}

const SAMPLE_LINES = 20_000;
/** VS Code's Log grammar runs some 4,000 lines/s: fewer lines keep the benchmark short. */
const VSCODE_LOG_LINES = 5_000;
/** vscode-textmate's own per-line time limit for the long lines: past it, a line is not finished. */
const LONG_LINE_LIMIT_MS = 5_000;
const EMPTY_GRAMMAR = JSON.stringify({ scopeName: 'text.log.empty-floor', patterns: [] });

function scopeOf(family: string): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return (manifest.contributes.grammars as { language?: string; scopeName: string }[]).find((g) => g.language === family)?.scopeName;
}

/** VS Code's built-in Log grammar from a cached code-server (test/e2e downloads one), if there is one. */
export function findVscodeLogGrammar(): string | undefined {
  const cache = path.join(repoRoot, '.e2e-cache');
  if (!fs.existsSync(cache)) return undefined;
  for (const entry of fs.readdirSync(cache)) {
    for (const sub of ['node_modules/code-server/lib/vscode', 'lib/vscode', '']) {
      const file = path.join(cache, entry, sub, 'extensions', 'log', 'syntaxes', 'log.tmLanguage.json');
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

function firstLines(file: string, n: number): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
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

type Api = 'tokenizeLine2' | 'tokenizeLine';

/** Lines per second through `api`, the rule stack carried from line to line as the editor does; and the slowest line. */
function timeLines(grammar: IGrammar, lines: string[], api: Api): { perSecond: number; worstMs: number } {
  let stack: StateStack = INITIAL;
  let worst = 0;
  const started = process.hrtime.bigint();
  for (const line of lines) {
    const t = process.hrtime.bigint();
    stack = grammar[api](line, stack).ruleStack;
    worst = Math.max(worst, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { perSecond: lines.length / (Number(process.hrtime.bigint() - started) / 1e9), worstMs: worst };
}

/** Warm up (Oniguruma compiles its scanners on first use), then time both APIs, best of two runs each. */
function rate(grammar: IGrammar, lines: string[]): Rate & { worstMs: number } {
  let stack: StateStack = INITIAL;
  for (const line of lines.slice(0, 1000)) stack = grammar.tokenizeLine2(line, stack).ruleStack;
  const best = (api: Api) => {
    const [a, b] = [timeLines(grammar, lines, api), timeLines(grammar, lines, api)];
    return { perSecond: Math.max(a.perSecond, b.perSecond), worstMs: Math.min(a.worstMs, b.worstMs) };
  };
  const two = best('tokenizeLine2');
  const one = best('tokenizeLine');
  return { tokenizeLine2: two.perSecond, tokenizeLine: one.perSecond, worstMs: two.worstMs };
}

function ms(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** In the child: tokenise and time. */
export async function grammarChild(family: string, file: string): Promise<GrammarResult> {
  const scope = scopeOf(family);
  const none: Rate = { tokenizeLine2: 0, tokenizeLine: 0 };
  if (!scope) return { family, scope: '', lines: 0, linesPerSecond: 0, rate: none, empty: none, worstLineMs: 0, long: [], error: 'no grammar' };
  const grammar = await loadGrammar(scope);
  const empty = await grammarFromText(EMPTY_GRAMMAR, 'empty.json');
  const vscodeFile = findVscodeLogGrammar();
  const vscodeLog = vscodeFile ? await grammarFromText(fs.readFileSync(vscodeFile, 'utf8'), vscodeFile) : undefined;
  const onig = await onigLibrary();
  const lines = firstLines(file, SAMPLE_LINES);

  const own = rate(grammar, lines);
  const e = rate(empty, lines);
  let vscode: GrammarResult['vscodeLog'];
  if (vscodeLog) {
    const v = rate(vscodeLog, lines.slice(0, VSCODE_LOG_LINES));
    vscode = { tokenizeLine2: v.tokenizeLine2, tokenizeLine: v.tokenizeLine, lines: Math.min(lines.length, VSCODE_LOG_LINES) };
  }
  const long = [1 << 20, 10 << 20].map((bytes): LongLine => {
    const line = longLine(lines[0] ?? '', bytes);
    // each measure gets a string of its own, as the editor hands over a fresh one
    const fresh = (i: number) => (i % 2 ? ' ' : '-') + line.slice(1);
    let stoppedEarly = false;
    const own = ms(() => {
      stoppedEarly = grammar.tokenizeLine2(fresh(0), INITIAL, LONG_LINE_LIMIT_MS).stoppedEarly;
    });
    const emptyMs = ms(() => empty.tokenizeLine2(fresh(1), INITIAL));
    const onigStringMs = ms(() => onig.createOnigString(fresh(2)).dispose?.());
    return { bytes, ms: own, stoppedEarly, emptyMs, onigStringMs };
  });
  return {
    family,
    scope,
    lines: lines.length,
    linesPerSecond: own.tokenizeLine2,
    rate: { tokenizeLine2: own.tokenizeLine2, tokenizeLine: own.tokenizeLine },
    empty: { tokenizeLine2: e.tokenizeLine2, tokenizeLine: e.tokenizeLine },
    vscodeLog: vscode,
    worstLineMs: own.worstMs,
    long,
  };
}

/** In the parent: one child per family, killed after `timeoutMs`. */
export function runGrammar(bundle: string, family: string, file: string, timeoutMs = 180_000): GrammarResult {
  const r = spawnSync(process.execPath, [bundle, '--grammar-child', family, file], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.status === 0) {
    try {
      return JSON.parse(r.stdout) as GrammarResult;
    } catch {
      // fall through
    }
  }
  const why = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `killed after ${timeoutMs / 1000} s` : (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
  const none: Rate = { tokenizeLine2: 0, tokenizeLine: 0 };
  return { family, scope: '', lines: 0, linesPerSecond: 0, rate: none, empty: none, worstLineMs: NaN, long: [], error: why };
}
