// `npm run bench [-- --size-mb N]`: generated logs of every family, analyzed end to end by the
// command line (plain and .gz), next to ripgrep running the same rule patterns and lnav indexing the
// same files, all in one run; then the grammars and the language server. Prints one table and the
// targets of issue 8, pass or fail. `--smoke` checks correctness only, on tiny logs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtInRules } from '../../server/src/engine';
import { repoRoot } from '../../test/helpers/paths';
import type { AnalyzerRun } from './analyzer';
import { runAnalyzer } from './analyzer';
import { FAMILY_GENERATORS } from './families';
import type { GeneratedLog } from './generate';
import { checkFindings, generateAll, rulesFor, sampleFor } from './generate';
import type { GrammarResult } from './grammar';
import { grammarChild, runGrammar } from './grammar';
import type { LspResult } from './lsp';
import { percentile, runLsp, SERVER_DEBOUNCE_MS } from './lsp';
import type { Run } from './measure';
import { bestOf, hasGnuTime } from './measure';
import type { BundleBench } from './bundle';
import { runBundleBench } from './bundle';
import { ensureTools, rgPattern, runLnav, runRg } from './tools';
import type { WorkersResult } from './workers';
import { runWorkers, workersTable } from './workers';
import { runAdversarialCli, runAdversarialLsp } from './adversarialRun';

interface Options {
  sizeMb: number;
  runs: number;
  families?: string[];
  smoke: boolean;
  tools: boolean;
  grammar: boolean;
  lsp: boolean;
  workers: boolean;
  lspFamily: string;
  bundle: boolean;
  cacheDir: string;
  /** The hostile inputs of issue 15 (adversarialRun.ts): also, not at all, or only them. */
  adversarial: 'also' | 'no' | 'only';
  /** Their size relative to the issue's. */
  adversarialScale: number;
}

const USAGE = `npm run bench -- [--size-mb N] [--runs N] [--families a,b] [--no-tools] [--no-grammar] [--no-lsp] [--no-workers] [--no-bundle] [--lsp-family F] [--cache DIR] [--smoke] [--adversarial | --no-adversarial] [--adversarial-scale S]`;

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizeMb: 64,
    runs: 3,
    smoke: false,
    tools: true,
    grammar: true,
    lsp: true,
    workers: true,
    bundle: true,
    lspFamily: 'esx-vmkernel-log',
    cacheDir: path.join(os.tmpdir(), 'logtriage-bench'),
    adversarial: 'also',
    adversarialScale: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--size-mb') o.sizeMb = +value();
    else if (a === '--runs') o.runs = Math.max(1, +value());
    else if (a === '--families') o.families = value().split(',');
    else if (a === '--no-tools') o.tools = false;
    else if (a === '--no-grammar') o.grammar = false;
    else if (a === '--no-lsp') o.lsp = false;
    else if (a === '--no-workers') o.workers = false;
    else if (a === '--no-bundle') o.bundle = false;
    else if (a === '--lsp-family') o.lspFamily = value();
    else if (a === '--cache') o.cacheDir = path.resolve(value());
    else if (a === '--smoke') Object.assign(o, { smoke: true, sizeMb: 0.5, runs: 1, tools: false, grammar: false, lsp: false, adversarial: 'no' });
    else if (a === '--adversarial') o.adversarial = 'only';
    else if (a === '--no-adversarial') o.adversarial = 'no';
    else if (a === '--adversarial-scale') o.adversarialScale = +value();
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!(o.sizeMb > 0)) throw new Error(`--size-mb must be a positive number\n${USAGE}`);
  return o;
}

const log = (m: string) => process.stderr.write(m + '\n');
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const mb = (bytes: number) => fmt(bytes / 1048576, 0);

interface FamilyRow {
  log: GeneratedLog;
  plain: AnalyzerRun;
  gz: AnalyzerRun;
  /** The same command on the log's first 16 KiB: what it costs before any real reading. */
  startup: AnalyzerRun;
  /** Injected signatures not found (plain or .gz), as rule@line. */
  missing: string[];
  /** Errors, or a family detected wrongly. */
  problems: string[];
  unexpected: number;
  rg?: Run & { lines: number; pcre2: boolean; leftOut: number };
  lnav?: Run & { lines: number };
}

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, buf.lastIndexOf(10, n - 1) + 1);
  } finally {
    fs.closeSync(fd);
  }
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 1) + '-' : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  if (process.argv[2] === '--grammar-child') {
    process.stdout.write(JSON.stringify(await grammarChild(process.argv[3], process.argv[4])));
    return 0;
  }
  const o = parseArgs(process.argv.slice(2));
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (o.adversarial === 'only') return adversarial(cli, o);
  if (!hasGnuTime()) log('GNU time (/usr/bin/time, Debian package "time") is missing: peak RSS is not measured');
  const missingTools = o.tools ? ensureTools({ rg: 'ripgrep', lnav: 'lnav' }, log) : ['rg', 'lnav'];
  const gens = FAMILY_GENERATORS.filter((g) => !o.families || o.families.includes(g.family));
  const sizeBytes = Math.round(o.sizeMb * 1e6);
  log(`generating ${gens.length} logs of ${o.sizeMb} MB (cached in ${o.cacheDir}) ...`);
  const logs = await generateAll(repoRoot, o.cacheDir, sizeBytes, log, gens);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bench-out-'));
  const rows: FamilyRow[] = [];
  /** Families whose ripgrep run failed, with ripgrep's message. */
  const rgFailures: string[] = [];
  try {
    for (const l of logs) {
      log(`${l.family}: analyzer ...`);
      const out = path.join(work, 'out.json');
      const plain = bestOf(o.runs, () => runAnalyzer(cli, l.path, out)) as AnalyzerRun;
      const gz = bestOf(o.runs, () => runAnalyzer(cli, l.gzPath, out)) as AnalyzerRun;
      const checkPlain = checkFindings(l, plain.findings);
      const checkGz = checkFindings(l, gz.findings);
      const missing = [...new Set([...checkPlain.missing, ...checkGz.missing].map((m) => `${m.rule}@${m.line + 1}`))];
      const problems: string[] = [];
      if (plain.error || gz.error) problems.push(`error: ${plain.error ?? gz.error}`);
      if (plain.format !== l.family || gz.format !== l.family) problems.push(`detected as ${plain.format} / ${gz.format}`);
      // start-up (Node, the bundle, the rules, detection) measured on the first lines of the same log
      const head = path.join(work, path.basename(l.path));
      fs.writeFileSync(head, readHead(l.path, 16 * 1024));
      const startup = bestOf(o.runs, () => runAnalyzer(cli, head, out)) as AnalyzerRun;
      const row: FamilyRow = { log: l, plain, gz, startup, missing, problems, unexpected: checkPlain.unexpected.length };
      const pattern = rgPattern(rulesFor(l.family));
      if (!missingTools.includes('rg') && pattern) {
        log(`${l.family}: ripgrep${pattern.pcre2 ? ' -P' : ''} ...`);
        const rg = bestOf(o.runs, () => runRg(l.path, pattern, path.join(work, 'rg.txt'))) as Run & { lines: number };
        // a run that failed is no figure: the family is left out of the comparison, with the reason
        if (rg.status === 0) row.rg = { ...rg, pcre2: pattern.pcre2, leftOut: pattern.leftOut };
        else rgFailures.push(`${l.family}: ${rg.stderr.trim().split('\n')[0]}`);
      }
      if (!missingTools.includes('lnav')) {
        log(`${l.family}: lnav ...`);
        row.lnav = bestOf(o.runs, () => runLnav(l.path, path.join(work, 'lnav.txt'))) as Run & { lines: number };
      }
      rows.push(row);
    }

    // the same logs as one folder, by 1, 2 and all worker threads
    const workers = o.workers && logs.length > 1 ? runWorkers(cli, logs, work, o.runs, log) : undefined;

    const grammars: GrammarResult[] = [];
    if (o.grammar) {
      const bundle = process.argv[1];
      for (const l of logs) {
        log(`${l.family}: grammar ...`);
        grammars.push(runGrammar(bundle, l.family, l.path));
      }
    }

    let bundle: BundleBench | undefined;
    if (o.bundle) {
      log('bundle: the logs as one .tgz, analysed directly and decompressed alone ...');
      bundle = runBundleBench(cli, logs, o.cacheDir, work, o.runs);
    }

    let lsp: LspResult | undefined;
    if (o.lsp) {
      const gen = FAMILY_GENERATORS.find((g) => g.family === o.lspFamily);
      if (!gen) throw new Error(`--lsp-family ${o.lspFamily}: no generator for that family`);
      log(`language server: a 50 MB ${gen.family} document ...`);
      const [doc] = await generateAll(repoRoot, o.cacheDir, 50_000_000, log, [gen]);
      const rule = rulesFor(gen.family).find((r) => !r.correlator && sampleFor(r, gen.family).length === 1);
      const signature = rule ? sampleFor(rule, gen.family)[0] : '';
      lsp = await runLsp(doc, [...new Set(logs.map((l) => path.dirname(l.path)))], signature, log);
    }

    print(rows, grammars, lsp, workers, o, bundle, rgFailures);
    if (o.adversarial === 'also') await adversarial(cli, o);
    const failed =
      (workers !== undefined && workers.rows.some((x) => x.digest !== workers.rows[0].digest || (x.run.status !== 0 && x.run.status !== 3))) ||
      rows.some((r) => r.missing.length || r.problems.length) ||
      (bundle !== undefined && (bundle.error !== undefined || bundle.found < bundle.injected || !bundle.same)) ||
      (lsp !== undefined && (lsp.error !== undefined || lsp.openFound < lsp.openExpected));
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function print(rows: FamilyRow[], grammars: GrammarResult[], lsp: LspResult | undefined, workers: WorkersResult | undefined, o: Options, bundle?: BundleBench, rgFailures: string[] = []): void {
  const out: string[] = [];
  const rules = builtInRules().length;
  out.push('', `## logtriage benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${rules} rules, best of ${o.runs} run(s), load ${os.loadavg()[0].toFixed(1)}`, '');
  // each figure as "wall / cpu": wall time is what a user waits; CPU time (user + system) is what the
  // work costs, and moves less when other jobs share the machine
  const both = (b: number, r: Run | undefined) => (r ? `${fmt(mbps(b, r.ms))} / ${fmt(mbps(b, r.cpuMs))}` : '–');
  const ratio = (a: Run, b: Run | undefined) => (b ? `${fmt(a.ms / b.ms, 2)} / ${fmt(a.cpuMs / b.cpuMs, 2)}` : '–');
  const steady = (b: number, r: Run, startup: Run) => fmt(mbps(b, r.ms - startup.ms));
  const body = rows.map((r) => [
    r.log.family,
    mb(r.log.bytes),
    both(r.log.bytes, r.plain),
    steady(r.log.bytes, r.plain, r.startup),
    both(r.log.bytes, r.gz),
    mb(Math.max(r.plain.rss, r.gz.rss)),
    r.rg ? both(r.log.bytes, r.rg) + (r.rg.pcre2 ? ' -P' : '') : '–',
    ratio(r.plain, r.rg),
    both(r.log.bytes, r.lnav),
    ratio(r.plain, r.lnav),
    `${r.log.injections.length - r.missing.length}/${r.log.injections.length}`,
    String(r.unexpected),
  ]);
  const sum = (list: FamilyRow[], pick: (r: FamilyRow) => Run | undefined): Run | undefined =>
    list.length && list.every((r) => pick(r)) ? { ms: list.reduce((s, r) => s + pick(r)!.ms, 0), cpuMs: list.reduce((s, r) => s + pick(r)!.cpuMs, 0), rss: NaN, status: 0, stderr: '' } : undefined;
  const bytes = rows.reduce((s, r) => s + r.log.bytes, 0);
  const plain = sum(rows, (r) => r.plain)!;
  // ripgrep has nothing to run on a family without rules: its ratio is over the families it ran on
  const withRg = rows.filter((r) => r.rg);
  const bytesRg = withRg.reduce((s, r) => s + r.log.bytes, 0);
  const rg = sum(withRg, (r) => r.rg);
  const plainRg = sum(withRg, (r) => r.plain);
  const lnav = sum(rows, (r) => r.lnav);
  const startup = sum(rows, (r) => r.startup)!;
  body.push([
    'all families',
    mb(bytes),
    both(bytes, plain),
    steady(bytes, plain, startup),
    both(
      bytes,
      sum(rows, (r) => r.gz),
    ),
    mb(Math.max(...rows.map((r) => Math.max(r.plain.rss, r.gz.rss)))),
    rg ? both(bytesRg, rg) : '–',
    rg && plainRg ? ratio(plainRg, rg) : '–',
    both(bytes, lnav),
    ratio(plain, lnav),
    `${rows.reduce((s, r) => s + r.log.injections.length - r.missing.length, 0)}/${rows.reduce((s, r) => s + r.log.injections.length, 0)}`,
    String(rows.reduce((s, r) => s + r.unexpected, 0)),
  ]);
  out.push(table(['family', 'MiB', 'analyzer MB/s', 'after start-up', '.gz MB/s', 'peak RSS MiB', 'rg MB/s', 'time analyzer/rg', 'lnav MB/s', 'time analyzer/lnav', 'found', 'other findings'], body));
  out.push(
    '',
    'Each figure is wall / CPU: MB/s = file bytes / time of the whole command (start-up included), best run; "after start-up" = wall time less that of the same command on the first 16 KiB of the log (Node, bundle, rules, detection: ' +
      fmt(startup.ms / rows.length) +
      ' ms on average); .gz = the same log gzip -6, MB/s of its uncompressed bytes.',
  );
  const leftOut = rows.filter((r) => r.rg?.leftOut).map((r) => `${r.log.family} ${r.rg!.leftOut}`);
  out.push(
    `rg = ripgrep with every rule pattern of the family it compiles as one alternation, line numbers, output to a file${leftOut.length ? ` (patterns it cannot compile left out, as PCRE2 has no variable-length look-behind: ${leftOut.join(', ')})` : ''}${rgFailures.length ? `; ripgrep failed, no figure: ${rgFailures.join('; ')}` : ''}; lnav = \`lnav -n -c ";SELECT count(*) FROM all_logs"\`.`,
  );
  for (const r of rows) if (r.missing.length || r.problems.length) out.push(`PROBLEM in ${r.log.family}: ${[...r.missing.map((m) => `not found ${m}`), ...r.problems].join(', ')}`);

  if (workers) out.push(...workersTable(workers, fmt));

  if (grammars.length) {
    const rates = (r: { tokenizeLine2: number; tokenizeLine: number } | undefined) => (r ? `${fmt(r.tokenizeLine2)} / ${fmt(r.tokenizeLine)}` : 'not found');
    out.push(
      '',
      table(
        ['grammar', 'lines/s', 'floor: empty grammar', 'VS Code Log grammar', 'slowest line ms', '1 MB line ms (empty; OnigString)', '10 MB line ms (empty; OnigString)'],
        grammars.map((g) => [
          g.scope || g.family,
          g.error ? g.error : rates(g.rate),
          g.error ? '' : rates(g.empty),
          g.error ? '' : rates(g.vscodeLog),
          fmt(g.worstLineMs, 1),
          ...g.long.map((l) => `${fmt(l.ms)}${l.stoppedEarly ? ' (stopped)' : ''} (${fmt(l.emptyMs)}; ${fmt(l.onigStringMs)})`),
        ]),
      ),
    );
    out.push(
      "Through vscode-textmate + vscode-oniguruma, lines/s as tokenizeLine2 / tokenizeLine (VS Code calls tokenizeLine2) over the first 20,000 lines of each log (VS Code's Log grammar: the first 5,000), all in one process per family. The floors: an empty grammar (vscode-textmate copying each line into an OnigString and one search) and VS Code's built-in Log grammar (extensions/log of the cached code-server). Long lines: tokenizeLine2 with vscode-textmate's time limit of 5 s, then the same line through the empty grammar and `new OnigString(line)` alone. VS Code never hands the grammar a line of editor.maxTokenizationLineLength (20,000) characters or more: it shows such a line uncoloured; our grammars take it as one token for other hosts.",
    );
  }

  if (lsp) {
    const edits = lsp.editRoundTripMs;
    out.push(
      '',
      table(
        ['language server', 'figure'],
        [
          ['document', `${mb(lsp.docBytes)} MiB, ${lsp.docLines} lines`],
          ['first diagnostics after didOpen', `${fmt(lsp.openMs)} ms (${lsp.openFound}/${lsp.openExpected} injected found)`],
          ['one-line edit: didChange → diagnostics, median / max', `${fmt(percentile(edits, 50))} / ${fmt(Math.max(...edits))} ms (${lsp.editsCorrect}/${edits.length} correct)`],
          [`one-line edit: re-analysis (round trip − ${SERVER_DEBOUNCE_MS} ms debounce), median`, `${fmt(percentile(edits, 50) - SERVER_DEBOUNCE_MS)} ms`],
          ['hover p50 / p99', `${fmt(percentile(lsp.hoverMs, 50), 2)} / ${fmt(percentile(lsp.hoverMs, 99), 2)} ms (${lsp.hoverMs.length} hovers)`],
          ...(lsp.editor
            ? [
                [
                  'folding, symbols, lenses, links after the open; hovers meanwhile',
                  `${fmt(lsp.editor.ms)} ms; ${lsp.editor.hovers.length} hovers, p50 / p99 / max ${fmt(percentile(lsp.editor.hovers, 50), 1)} / ${fmt(percentile(lsp.editor.hovers, 99), 1)} / ${fmt(Math.max(...lsp.editor.hovers), 1)} ms`,
                ],
              ]
            : []),
          ...(lsp.folder
            ? [
                [
                  "hovers while a folder's files are analysed",
                  `${lsp.folder.hovers.length} answered in ${fmt(lsp.folder.filesMs)} ms (${lsp.folder.files} files); p50 / p99 / max ${fmt(percentile(lsp.folder.hovers, 50), 1)} / ${fmt(percentile(lsp.folder.hovers, 99), 1)} / ${fmt(Math.max(...lsp.folder.hovers), 1)} ms`,
                ],
                [
                  'hovers during the cross-file correlation after them',
                  `${lsp.folder.correlationHovers.length} answered in ${fmt(lsp.folder.ms - lsp.folder.filesMs)} ms; p50 / p99 / max ${fmt(percentile(lsp.folder.correlationHovers, 50), 1)} / ${fmt(percentile(lsp.folder.correlationHovers, 99), 1)} / ${fmt(Math.max(...lsp.folder.correlationHovers), 1)} ms`,
                ],
              ]
            : []),
          ...(lsp.error ? [['error', lsp.error]] : []),
        ],
      ),
    );
  }

  if (bundle) {
    const row = (name: string, r: Run) => [name, fmt(r.ms), both(bundle.compressedBytes, r), both(bundle.contentBytes, r), mb(r.rss), fmt(r.ms / bundle.tar.ms, 2)];
    out.push(
      '',
      table(
        ['bundle (.tgz, one pass)', 'ms', 'MB/s compressed', 'MB/s content', 'peak RSS MiB', 'time / tar -xzOf'],
        [
          row(`logtriage analyze (--jobs ${os.availableParallelism()}: the decompression and ${os.availableParallelism() - 1} worker${os.availableParallelism() === 2 ? '' : 's'})`, bundle.analyzer),
          row('logtriage analyze --jobs 1', bundle.serial),
          row('tar -xzOf (decompression alone)', bundle.tar),
          row("tar -xzOf '*.gz' | gzip -dc (the inner .gz too)", bundle.full),
          row('gzip -dc', bundle.gzip),
        ],
      ),
    );
    out.push(
      `${mb(bundle.compressedBytes)} MiB compressed, ${mb(bundle.contentBytes)} MiB of tar content, ${bundle.members} members analysed (every other one a .gz inside the .tgz); injected signatures found in the members: ${bundle.found}/${bundle.injected}; output ${bundle.same ? 'identical with one thread and with the workers' : 'DIFFERS between one thread and the workers'}${bundle.error ? `; ${bundle.error}` : ''}.`,
    );
  }

  // targets of issue 8
  const targets: [string, boolean | undefined, string][] = [];
  if (bundle)
    targets.push([
      // the analyzer decompresses every member, the inner .gz too: `tar -xzOf` alone leaves half of them compressed
      "archive within 1.3× of the decompression alone (time analyzer / tar -xzOf '*.gz' | gzip -dc, issue 16)",
      bundle.analyzer.ms / bundle.full.ms <= 1.3,
      `${ratio(bundle.analyzer, bundle.full)} (wall / CPU); against \`tar -xzOf\`, which leaves the inner .gz compressed: ${ratio(bundle.analyzer, bundle.tar)}`,
    ]);
  if (workers) {
    const one = workers.rows.find((x) => x.jobs === 1)?.run;
    const two = workers.rows.find((x) => x.jobs === 2)?.run;
    if (one && two)
      targets.push([
        '2 workers at most 0.6× the time of 1 (issue 18)',
        two.ms / one.ms <= 0.6,
        `${fmt(two.ms / one.ms, 2)}${workers.halves ? `; two separate processes on half the folder each, at once: ${fmt(workers.halves.ms / one.ms, 2)}` : ''}; one worker keeps ${fmt(one.cpuMs / one.ms, 2)} cores busy`,
      ]);
  }
  const minFamily = rows.reduce((m, r) => Math.min(m, mbps(r.log.bytes, r.plain.ms)), Infinity);
  targets.push([
    'every injected signature found (plain and .gz), family detected',
    rows.every((r) => !r.missing.length && !r.problems.length),
    `${rows.reduce((s, r) => s + r.missing.length, 0)} missing, ${rows.reduce((s, r) => s + r.problems.length, 0)} problems`,
  ]);
  if (!o.smoke) {
    const slow = rows.filter((r) => mbps(r.log.bytes, r.plain.ms) < 250).map((r) => r.log.family);
    targets.push([
      '≥ 250 MB/s, full rule set, rare findings (each family, wall)',
      !slow.length,
      `${fmt(mbps(bytes, plain.ms))} MB/s wall over all (${fmt(mbps(bytes, plain.cpuMs))} by CPU time); slowest family ${fmt(minFamily)} MB/s${slow.length ? `; below 250: ${slow.length} of ${rows.length}` : ''}`,
    ]);
    const big = rows.filter((r) => r.log.bytes >= 1e9);
    const rss = Math.max(...rows.map((r) => Math.max(r.plain.rss, r.gz.rss)));
    targets.push(['peak RSS < 250 MB on a 1 GB file', big.length ? rss < 250e6 : undefined, big.length ? `${fmt(rss / 1e6)} MB` : `not measured at this size (${fmt(rss / 1e6)} MB at ${o.sizeMb} MB); run --size-mb 1024`]);
    if (rg && plainRg) {
      // per family: a total over all families would hide the families where ripgrep is far ahead
      const over = withRg.filter((r) => r.plain.ms / r.rg!.ms > 1.5).map((r) => `${r.log.family} ${fmt(r.plain.ms / r.rg!.ms, 2)}`);
      targets.push(['within 1.5× of ripgrep (time analyzer/rg ≤ 1.5), each family', !over.length, `${ratio(plainRg, rg)} (wall / CPU) over the ${withRg.length} families with rules${over.length ? `; over 1.5: ${over.join(', ')}` : ''}`]);
    }
    if (lnav) targets.push(['faster than lnav (time analyzer/lnav < 1)', plain.ms / lnav.ms < 1, `${ratio(plain, lnav)} (wall / CPU)`]);
  }
  if (grammars.length) {
    targets.push([
      'grammars ≥ 100k lines/s each',
      grammars.every((g) => g.linesPerSecond >= 100_000),
      `slowest ${fmt(Math.min(...grammars.map((g) => g.linesPerSecond)))} lines/s (tokenizeLine2; an empty grammar: ${fmt(Math.min(...grammars.map((g) => g.empty.tokenizeLine2)))}–${fmt(Math.max(...grammars.map((g) => g.empty.tokenizeLine2)))})`,
    ]);
    const worst = Math.max(...grammars.map((g) => Math.max(g.worstLineMs, ...g.long.map((l) => l.ms))));
    targets.push(['no single line over 100 ms (10 MB line included)', grammars.every((g) => !g.error) && worst <= 100, `worst ${fmt(worst)} ms`]);
  }
  if (lsp && !lsp.error) {
    targets.push(['first diagnostics of a 50 MB document ≤ 1.5 s', lsp.openMs <= 1500, `${fmt(lsp.openMs)} ms`]);
    const edit = percentile(lsp.editRoundTripMs, 50) - SERVER_DEBOUNCE_MS;
    targets.push(['one-line edit re-analyzed < 50 ms', edit < 50 && lsp.editsCorrect === lsp.editRoundTripMs.length, `${fmt(edit)} ms after the debounce`]);
    targets.push(['hover p99 < 5 ms', percentile(lsp.hoverMs, 99) < 5, `${fmt(percentile(lsp.hoverMs, 99), 2)} ms`]);
    if (lsp.folder)
      targets.push([
        'hovers answered while a folder analysis runs',
        lsp.folder.hovers.length > 0,
        `${lsp.folder.hovers.length} hovers, p99 ${fmt(percentile(lsp.folder.hovers, 99), 1)} ms (then ${fmt(percentile(lsp.folder.correlationHovers, 99), 1)} ms during the cross-file correlation)`,
      ]);
  }
  out.push(
    '',
    table(
      ['target (issue 8)', 'result', 'measured'],
      targets.map(([name, ok, figure]) => [name, ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL', figure]),
    ),
    '',
  );
  process.stdout.write(out.join('\n') + '\n');
}

/** The hostile inputs of issue 15: one table, the command line's then the language server's figures. */
async function adversarial(cli: string, o: Options): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bench-adversarial-'));
  try {
    const rows = runAdversarialCli(cli, dir, o.adversarialScale, log);
    const lsp = o.lsp ? await runAdversarialLsp(dir, o.adversarialScale, log) : undefined;
    const out = ['', `## adversarial inputs (issue 15), scale ${o.adversarialScale} — load ${os.loadavg()[0].toFixed(1)}`, ''];
    out.push(
      table(
        ['input', 'MiB', 'wall s', 'CPU s', 'peak RSS MiB', 'findings', 'occurrences counted', 'JSON KiB'],
        rows.map((r) => [r.name, mb(r.bytes), fmt(r.ms / 1000, 1), fmt(r.cpuMs / 1000, 1), mb(r.rss), r.error ?? String(r.findings), String(r.occurrences), fmt(r.outputBytes / 1024)]),
      ),
    );
    if (lsp?.everyLine)
      out.push(
        '',
        `language server, a 40 MB document where every line is a finding: diagnostics after ${fmt(lsp.everyLine.ms)} ms, ${lsp.everyLine.diagnostics} published (${fmt(lsp.everyLine.payload / 1024)} KiB), server peak RSS ${mb(lsp.everyLine.rss)} MiB`,
      );
    if (lsp?.manyDocs)
      out.push(
        `language server, 200 documents (${mb(lsp.manyDocs.textBytes)} MiB) opened at once: first hover on a small one, sent behind them, answered ${fmt(lsp.manyDocs.hoverMs)} ms after it was sent and ${fmt(lsp.manyDocs.hoverMs - lsp.manyDocs.deliveredMs)} ms after the pipe took the last document (the server reads it after them), the ${lsp.manyDocs.hovers - 1} after it median ${fmt(lsp.manyDocs.medianMs)} ms, p95 ${fmt(lsp.manyDocs.p95Ms)} ms; all diagnostics after ${fmt(lsp.manyDocs.allMs)} ms, server peak RSS ${mb(lsp.manyDocs.rss)} MiB`,
      );
    if (lsp?.error) out.push(`language server: ${lsp.error}`);
    const rss = Math.max(...rows.map((r) => r.rss));
    out.push('', `target: peak RSS under 300 MB on every input (command line): ${rss < 300e6 ? 'PASS' : 'FAIL'} (${fmt(rss / 1e6)} MB at most)`, '');
    process.stdout.write(out.join('\n') + '\n');
    return rows.some((r) => r.error) || lsp?.error ? 1 : 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
