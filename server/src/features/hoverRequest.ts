// Hovers: the codes of the line decoded, with the findings of the line when its document's analysis
// is ready. A hover never waits long for an analysis: past HOVER_WAIT_MS it answers without findings.
import { formatOf } from './documentAnalyses';
import { hoverAt } from './hover';
import type { ServerContext } from './serverContext';
import { isTimelineUri, timelineHover } from './timeline';

/** Longest a hover waits for its document's analysis before it answers with the decoded codes alone. */
export const HOVER_WAIT_MS = 50;

export function registerHover(ctx: ServerContext): void {
  const { connection, documents, analyses } = ctx;
  connection.onHover(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    if (isTimelineUri(doc.uri)) return timelineHover(doc, position, ctx.rules.current().ruleSet);
    let state = analyses.quick(doc);
    // a document still being analysed: its hover waits for that (for the newest version, if it
    // changes meanwhile), but not long
    const deadline = Date.now() + HOVER_WAIT_MS;
    while (!state && documents.get(doc.uri) === doc && Date.now() < deadline) state = await within(analyses.analyse(doc), deadline - Date.now());
    if (documents.get(doc.uri) !== doc) return null;
    const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    return hoverAt(line, position, state ? state.format : formatOf(doc), state?.analysis.findings ?? [], ctx.rules.current().ruleSet, (kind, e) =>
      connection.console.error(`decoder ${kind} failed on line ${position.line + 1}: ${(e as Error)?.message ?? e}`),
    );
  });
}

/** The promise's value, or undefined once `ms` passed. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
