// Idle gaps in one log as code lenses (lnav's log_idle_msecs idea): above the first line after a
// stretch where nothing was logged for longer than logtriage.timeline.gapSeconds, a lens says how long.
import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LogFormat } from '../engine';
import { findIdleGaps, formatDuration, isoTime } from '../engine/timeline';
import type { DocumentJobs } from './documentJobs';

/** Lenses per document; more gaps than this show the longest. */
const MAX_LENSES = 300;

const cache = new Map<string, { version: number; gapMs: number; lenses: Promise<CodeLens[]> }>();

function clock(ms: number): string {
  const iso = isoTime(ms);
  // year-less and time-only stamps have no date worth showing (1970 / 1972)
  return ms < Date.UTC(1973, 0, 1) ? iso.slice(11) : iso.replace('T', ' ');
}

/**
 * One lens per idle gap longer than `gapMs` (none when it is 0). The gaps are found by `jobs` (a
 * worker thread) when given, else here; none when the document changed meanwhile.
 */
export function gapLenses(doc: TextDocument, format: LogFormat | undefined, gapMs: number, jobs?: DocumentJobs): Promise<CodeLens[]> {
  if (!(gapMs > 0)) return Promise.resolve([]);
  const cached = cache.get(doc.uri);
  if (cached && cached.version === doc.version && cached.gapMs === gapMs) return cached.lenses;
  const gaps = jobs ? jobs.run(doc, { kind: 'gaps', format: format?.id ?? null, gapMs, limit: MAX_LENSES }) : Promise.resolve(findIdleGaps(doc.getText(), format, gapMs, MAX_LENSES));
  const lenses = gaps.then((found) =>
    (found ?? []).map((g) => {
      const title = `$(watch) ${formatDuration(g.to - g.from)} with nothing logged (since line ${g.beforeLine + 1}, ${clock(g.from)})`;
      // an empty command id: VS Code shows the title as a label that does nothing when clicked
      return { range: { start: { line: g.afterLine, character: 0 }, end: { line: g.afterLine, character: 0 } }, command: { title, command: '' } };
    }),
  );
  const entry = { version: doc.version, gapMs, lenses };
  cache.set(doc.uri, entry);
  // a failed or outdated job is not kept: the next request tries again
  gaps.then(
    (found) => found === undefined && cache.get(doc.uri) === entry && cache.delete(doc.uri),
    () => cache.get(doc.uri) === entry && cache.delete(doc.uri),
  );
  return lenses;
}

export function forgetGapLenses(uri: string): void {
  cache.delete(uri);
}
