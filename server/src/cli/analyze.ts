// `logtriage analyze` and `logtriage report`: files listed, analysed in order by the pool, each
// result handed on as soon as it is its turn, then the cross-file correlation.
import * as fs from 'fs';
import type { CorrelationResult, FileAnalysis, FileOutcome, Severity } from '../engine';
import { archiveKindOf, correlateAnalyses, correlationMayUse, listInputs, plainText } from '../engine';
import type { ListedPath, LogSource } from '../engine';
import { ReadAheadBudget } from '../engine/correlate';
import { BundleObserver } from '../engine/bundle/summary';
import { BufferedOutput } from '../engine/io/bufferedOutput';
import type { ParsedCommand } from './args';
import { HELP, jobsOption, OUTPUT_FORMATS, outputFormat, parseCommand, severityOption, UsageError } from './args';
import type { CommandIo } from './io';
import type { PooledOutcome } from './pool';
import { analyzeInOrder } from './pool';
import { Progress } from './progress';
import type { Selection } from './selection';
import { buildSelection, selectionSpec } from './selection';
import { packageVersion } from './version';
import { JsonWriter } from './writers/json';
import { NdjsonWriter } from './writers/ndjson';
import { SarifWriter } from './writers/sarif';
import { TextWriter } from './writers/text';
import type { ResultWriter } from './writers/writer';
import { Tally } from './writers/writer';

export interface RunOptions {
  inputs: string[];
  selection: Selection;
  jobs: number;
  quiet: boolean;
}

/** The options shared by analyze and report, checked; the selection's problems are named on stderr. */
export function runOptions(command: string, parsed: ParsedCommand, io: CommandIo): RunOptions {
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError(`${command} needs at least one file or folder`, command);
  const jobs = jobsOption(values.jobs, command, io.cores);
  const selection = buildSelection(selectionSpec(values, command), command);
  for (const p of selection.problems) io.stderr.write(`logtriage: ${p}\n`);
  return { inputs: positionals, selection, jobs, quiet: values.quiet === true };
}

/**
 * Every listed file through `onFile` in listing order, then the correlation through `onCorrelated`.
 * Only the findings correlation may use are kept meanwhile: memory does not grow with the others.
 */
export async function runAnalysis(
  run: RunOptions,
  io: CommandIo,
  onFile: (outcome: FileOutcome) => void | Promise<void>,
  onCorrelated: (result: CorrelationResult, kept: FileAnalysis[]) => void | Promise<void>,
  watch?: (path: string, source: LogSource) => LogSource,
): Promise<Tally> {
  const listed = await listInputs(run.inputs);
  // an archive is walked in one streamed pass (its members come out of it in order), by this thread
  const entries: ListedPath[] = [];
  const archives: string[] = [];
  for (const e of listed) {
    if (!e.error && (await archiveKindOf(e.path))) archives.push(e.path);
    else entries.push(e);
  }
  const progress = new Progress(io.stderr, entries.length, io.stderr.isTTY === true && !run.quiet);
  const tally = new Tally();
  const kept: FileAnalysis[] = [];
  const readAhead = new ReadAheadBudget();
  // each folder or archive named is a bundle: its summary (layout, product, hosts, time range, counts) goes in the tally
  const observer = new BundleObserver(run.inputs);
  const handle = async (outcome: PooledOutcome) => {
    observer.add(outcome);
    const a = outcome.analysis;
    const u = outcome.unreadable;
    progress.finished(a?.path ?? u!.path);
    progress.clear();
    // a file name may hold terminal escapes: made plain
    if (u && (!u.skipped || !run.quiet)) io.stderr.write(`logtriage: ${plainText(`${u.path}: ${u.reason}`)}\n`);
    if (a && !run.quiet) for (const w of a.warnings) io.stderr.write(`logtriage: ${plainText(`${a.path}: ${w}`)}\n`);
    tally.add(outcome);
    await onFile(outcome);
    if (a) kept.push({ ...a, findings: a.findings.filter((f) => correlationMayUse(a.format, f)) });
    if (a && outcome.readAhead) readAhead.admit(a.path, outcome.readAhead);
  };
  try {
    // the bundle summary watches each archive member, and so may the caller (the report's own summary)
    await analyzeInOrder(entries, archives, run.jobs, run.selection, handle, { onStart: (p) => progress.starting(p), watch: (p, s) => observer.watch(p, watch ? watch(p, s) : s) });
  } finally {
    progress.stop();
  }
  tally.bundles = await observer.summaries();
  await onCorrelated(await correlateAnalyses(kept, { readAhead: readAhead.kept }), kept);
  return tally;
}

/** 1 when an input could not be read, else 3 when --fail-on was reached, else 0. */
export function exitCode(tally: Tally, failOn: Severity | undefined): number {
  if (tally.unreadable) return 1;
  return failOn && tally.reached(failOn) ? 3 : 0;
}

/** True when an input is a folder or an archive: a bundle whose summary heads the output. */
async function namesBundle(inputs: string[]): Promise<boolean> {
  for (const input of inputs) {
    const st = await fs.promises.stat(input).catch(() => undefined);
    if (st?.isDirectory() || (st?.isFile() && (await archiveKindOf(input)))) return true;
  }
  return false;
}

export async function analyzeCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand('analyze', args);
  if (parsed.values.help) return (io.stdout.write(HELP.analyze + '\n'), 0);
  const format = outputFormat(parsed.values, 'analyze', OUTPUT_FORMATS);
  const failOn = severityOption(parsed.values['fail-on'], 'fail-on', 'analyze');
  const run = runOptions('analyze', parsed, io);
  const out = new BufferedOutput(io.stdout);
  const { selection } = run;
  const writer: ResultWriter =
    format === 'json'
      ? new JsonWriter(out)
      : format === 'ndjson'
        ? new NdjsonWriter(out)
        : format === 'sarif'
          ? new SarifWriter(out, selection.definitions, selection.sourceOf, packageVersion())
          : new TextWriter(out, run.quiet, !run.quiet && (await namesBundle(run.inputs)));
  try {
    const tally = await runAnalysis(
      run,
      io,
      (o) => writer.file(o),
      (r, kept) => writer.correlated(r, kept),
    );
    await writer.end(tally);
    await out.flush();
    return exitCode(tally, failOn);
  } finally {
    await writer.dispose?.();
  }
}
