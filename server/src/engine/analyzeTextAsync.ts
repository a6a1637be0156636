// analyzeText for the language server: the same analysis of a text in memory, but with a turn of
// the event loop every few milliseconds, so that a 50 MB document opening does not hold up hovers
// on other documents, nor the news that it changed again (a stale run stops at its next turn).
import type { AnalyzeOptions, FileAnalysis, MatchedLines } from './analyze';
import { AnalysisCancelled, DETECTION_HEAD, LogScanner } from './analyze';
import type { LogFormat } from './formats';
import { detectFormat, formatById } from './formats';
import { Slices } from './turns';

/** Characters pushed at a time: a few milliseconds of scanning, so a stretch overruns the budget by little. */
const SLICE_CHARS = 32 * 1024;

function formatFor(path: string, text: string, options: AnalyzeOptions): LogFormat | undefined {
  if (options.format !== undefined) return formatById(options.format);
  return detectFormat(path, text.slice(0, DETECTION_HEAD))?.format;
}

/**
 * analyzeText's result (same findings, lines, times and warnings), yielding to the event loop every
 * SLICE_MS (turns.ts). `options.isCancelled` is polled at each turn: true rejects with AnalysisCancelled.
 */
export async function analyzeTextAsync(path: string, text: string, options: AnalyzeOptions = {}, collect?: MatchedLines): Promise<FileAnalysis> {
  const format = formatFor(path, text, options);
  const scanner = new LogScanner(format, options, path);
  scanner.collect = collect;
  if (options.isCancelled?.()) throw new AnalysisCancelled();
  const slices = new Slices();
  // the first slice waits its turn too: many documents opened at once must not each scan before the next message is read
  await slices.turn();
  if (options.isCancelled?.()) throw new AnalysisCancelled();
  for (let i = 0; i < text.length; i += SLICE_CHARS) {
    if (slices.due()) {
      await slices.turn();
      if (options.isCancelled?.()) throw new AnalysisCancelled();
    }
    // a slice shares the text's characters: no copy
    scanner.push(text.length <= SLICE_CHARS ? text : text.slice(i, i + SLICE_CHARS));
  }
  const { findings, lines } = scanner.end();
  return { path, format: format?.id ?? null, findings, lines, warnings: scanner.warnings, ...scanner.timeRangeOf(text) };
}
