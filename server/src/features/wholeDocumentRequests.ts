// Requests that read a whole document (outline, folding, idle-gap lenses, links): answered after the
// document's diagnostics, in the document worker (documentJobs.ts); one that fails costs its own
// answer only (logged).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatOf } from './documentAnalyses';
import { gapLenses } from './gaps';
import { documentSymbols, foldingRanges } from './outline';
import type { ServerContext } from './serverContext';
import { isTimelineUri, timelineSettings } from './timeline';
import { uriPath } from './uris';

/** Most links looked for in one document. */
const LINKS_LIMIT = 2000;

export function registerWholeDocumentRequests(ctx: ServerContext): void {
  const { connection, jobs, workspace } = ctx;
  const wholeDocument = <T>(what: string, uri: string, answer: (doc: TextDocument) => Promise<T>, nothing: T) => answerAfterPublish(ctx, what, uri, answer, nothing);

  connection.onDocumentSymbol(({ textDocument }) => wholeDocument('outline', textDocument.uri, (doc) => documentSymbols(doc, formatOf(doc), jobs), []));

  connection.onFoldingRanges(({ textDocument }) => wholeDocument('folding', textDocument.uri, (doc) => foldingRanges(doc, formatOf(doc), jobs), []));

  connection.onCodeLens(({ textDocument }) =>
    wholeDocument(
      'idle-gap lenses',
      textDocument.uri,
      async (doc) => {
        if (isTimelineUri(doc.uri)) return [];
        const section = workspace.canPullConfiguration ? await connection.workspace.getConfiguration('logtriage') : undefined;
        return gapLenses(doc, formatOf(doc), timelineSettings(section).gapSeconds * 1000, jobs);
      },
      [],
    ),
  );

  connection.onDocumentLinks(({ textDocument }) => wholeDocument('links', textDocument.uri, async (doc) => (await jobs.run(doc, { kind: 'links', logPath: uriPath(doc.uri), roots: workspace.folders, limit: LINKS_LIMIT })) ?? [], []));
}

/** The answer for an open document once its diagnostics are published; `nothing` when it closed or the answer failed. */
async function answerAfterPublish<T>(ctx: ServerContext, what: string, uri: string, answer: (doc: TextDocument) => Promise<T>, nothing: T): Promise<T> {
  await ctx.schedule.whenPublished(uri);
  const doc = ctx.documents.get(uri);
  if (!doc) return nothing;
  try {
    return await answer(doc);
  } catch (e) {
    ctx.connection.console.error(`${what} of ${uri} failed: ${(e as Error)?.message ?? e}`);
    return nothing;
  }
}
