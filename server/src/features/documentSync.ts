// Documents opening, changing and closing: each is analysed and published on its schedule
// (publishSchedule.ts); one opened as plain text or `log` is told to the client as the family its
// content is, so the client can switch its language.
import { formatById } from '../engine';
import { DETECTED_FORMAT_NOTIFICATION } from '../protocol';
import { formatOf } from './documentAnalyses';
import { publishAnalysis, unpublish } from './publishing';
import type { ServerContext } from './serverContext';
import { isTimelineUri } from './timeline';
import { sendNotification } from './messages';

/** Typing in a log is rare; a short pause keeps re-analysis off every keystroke. */
export const DEBOUNCE_MS = 150;

export function registerDocumentSync(ctx: ServerContext): void {
  const { connection, documents, schedule, analyses } = ctx;
  documents.onDidOpen((e) => {
    const doc = e.document;
    if (!formatById(doc.languageId) && !isTimelineUri(doc.uri)) {
      const detected = formatOf(doc);
      if (detected) sendNotification(connection, DETECTED_FORMAT_NOTIFICATION, { uri: doc.uri, format: detected.id });
    }
    schedule.schedule(doc.uri, 0);
  });
  documents.onDidChangeContent((e) => schedule.schedule(e.document.uri, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    const { uri } = e.document;
    schedule.cancel(uri);
    analyses.forget(uri);
    ctx.edits.forget(uri);
    ctx.jobs.forget(uri);
    const fromFolder = ctx.folderResults.get(uri);
    if (fromFolder) publishAnalysis(ctx, uri, fromFolder);
    else unpublish(ctx, uri);
  });
}

/** Settings, trust or custom rules changed: everything open is analysed again. */
export function reanalyseAll(ctx: ServerContext): void {
  ctx.analyses.invalidateAll();
  for (const doc of ctx.documents.all()) ctx.schedule.schedule(doc.uri, 0);
}
