// "Log Triage: Open Merged Timeline": the server merges the chosen logs by time (streaming, any
// size); here a read-only virtual document shows the result, each line's tag links back to its file
// and line, and clock hints offer to set the offset that reconciles two hosts.
import type { DocumentLinkProvider, ExtensionContext, TextDocument, TextDocumentContentProvider } from 'vscode';
import { commands, ConfigurationTarget, DocumentLink, EventEmitter, languages, ProgressLocation, Range, Selection, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { splitTimelineLine } from '../../server/src/shared';
import type { TimelineParams, TimelineResult } from '../../server/src/protocol';
import { GZ_SCHEME, TIMELINE_REQUEST, TIMELINE_SCHEME } from '../../server/src/protocol';
import { timelineTitle } from './timelineTitle';
export { TIMELINE_LANGUAGE } from './timelineTitle';

/** What a timeline document's URI carries, so that it can be rebuilt (reload, settings change). */
interface TimelineQuery {
  paths: string[];
  from?: string;
  to?: string;
}

/** Lines whose tag becomes a link; past this, "Go to Source Line" works on every line. */
const MAX_LINKS = 50_000;

export function timelineUri(query: TimelineQuery): Uri {
  // the language server serves the timeline scheme (extension.ts schemes)
  return Uri.from({ scheme: TIMELINE_SCHEME, path: `/${timelineTitle(query.paths)}.timeline`, query: JSON.stringify(query) });
}

function queryOf(uri: Uri): TimelineQuery | undefined {
  try {
    const q = JSON.parse(uri.query) as Partial<TimelineQuery>;
    return Array.isArray(q.paths) && q.paths.every((p) => typeof p === 'string') ? { paths: q.paths, from: q.from, to: q.to } : undefined;
  } catch {
    return undefined;
  }
}

function sourceUri(file: string): Uri {
  return /\.gz$/i.test(file) ? Uri.from({ scheme: GZ_SCHEME, path: Uri.file(file).path }) : Uri.file(file);
}

/** Where line `i` of a timeline came from, with the range of its tag. */
function sourceOf(result: TimelineResult, doc: TextDocument, i: number): { file: string; line: number; range: Range } | undefined {
  const f = result.lineFiles[i];
  if (f === undefined || f < 0 || i >= doc.lineCount) return undefined;
  const text = doc.lineAt(i).text;
  const parts = splitTimelineLine(text);
  const note = parts ? undefined : /^# \[([^\]]+)\]/.exec(text);
  if (!parts && !note) return undefined;
  const range = parts ? new Range(i, parts.tagStart, i, parts.tagEnd) : new Range(i, 3, i, 3 + note![1].length);
  return { file: result.files[f].path, line: Math.max(0, result.lineNumbers[i]), range };
}

async function choosePaths(uri?: Uri, selected?: Uri[]): Promise<string[] | undefined> {
  const picked = selected?.length ? selected : uri ? [uri] : undefined;
  if (picked) return picked.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  const chosen = await window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Merge', defaultUri: workspace.workspaceFolders?.[0]?.uri });
  return chosen?.map((u) => u.fsPath);
}

/** The merge request for a timeline document: its files and window, and the timeline settings as they are now. */
function timelineParams(uri: Uri, query: NonNullable<ReturnType<typeof queryOf>>): TimelineParams {
  const config = workspace.getConfiguration('logtriage.timeline');
  const year = config.get<number | null>('year', null);
  return {
    uri: uri.toString(),
    paths: query.paths,
    offsets: config.get<Record<string, number>>('offsets', {}),
    gapSeconds: config.get<number>('gapSeconds', 300),
    ...(typeof year === 'number' ? { year } : {}),
    dates: config.get<Record<string, string>>('dates', {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

/** Links from each timeline line's tag to its file and line. */
function timelineLinks(results: ReadonlyMap<string, TimelineResult>): DocumentLinkProvider {
  return {
    provideDocumentLinks(doc) {
      const result = results.get(doc.uri.toString());
      if (!result) return [];
      const out: DocumentLink[] = [];
      for (let i = 0; i < result.lineFiles.length && out.length < MAX_LINKS; i++) {
        const s = sourceOf(result, doc, i);
        if (!s) continue;
        const link = new DocumentLink(s.range, sourceUri(s.file).with({ fragment: `L${s.line + 1}` }));
        link.tooltip = `${s.file}:${s.line + 1}`;
        out.push(link);
      }
      return out;
    },
  };
}

export function registerTimeline(context: ExtensionContext, client: LanguageClient): void {
  const results = new Map<string, TimelineResult>();
  const changed = new EventEmitter<Uri>();

  const provider: TextDocumentContentProvider = {
    onDidChange: changed.event,
    // the progress notification's Cancel button stops the merge on the server
    async provideTextDocumentContent(uri: Uri): Promise<string> {
      const query = queryOf(uri);
      if (!query) return '# Log Triage: this timeline link names no files.\n';
      const params = timelineParams(uri, query);
      let result: TimelineResult;
      try {
        result = await window.withProgress({ location: ProgressLocation.Notification, title: 'Log Triage: merging the timeline…', cancellable: true }, (_, cancel) => client.sendRequest(TIMELINE_REQUEST, params, cancel));
      } catch (e) {
        return `# Log Triage: the timeline was not built (${(e as Error)?.message ?? e}).\n`;
      }
      results.set(uri.toString(), result);
      void tellAbout(result);
      return result.text;
    },
  };

  async function tellAbout(result: TimelineResult): Promise<void> {
    const notPlaced = result.files.filter((f) => f.notPlaced).length;
    if (result.truncated) void window.showWarningMessage('Log Triage: the timeline was cut at its size limit; narrow it to a time range with the command line (logtriage timeline --from/--to).');
    if (notPlaced) void window.showInformationMessage(`Log Triage: ${notPlaced} file${notPlaced === 1 ? '' : 's'} could not be placed on the timeline; the first lines of the timeline say why.`);
    const guessed = result.files.filter((f) => f.dayUncertain);
    if (guessed.length) {
      const action = 'Set Day…';
      const names = guessed.map((f) => f.tag).join(', ');
      void window
        .showInformationMessage(
          `Log Triage: ${names} give${guessed.length === 1 ? 's' : ''} only times of day and no date in ${guessed.length === 1 ? 'its name' : 'their names'}; the day is a guess (see the timeline's first lines).`,
          action,
        )
        .then((choice) => (choice === action ? setDate(result) : undefined));
    }
    for (const hint of result.hints) {
      const apply = `Set ${hint.tag} offset to ${hint.offsetSeconds > 0 ? '+' : ''}${hint.offsetSeconds} s`;
      const choice = await window.showWarningMessage(`Log Triage: ${hint.message}`, apply);
      if (choice !== apply) continue;
      if (!workspace.isTrusted) {
        // settings are written only in a trusted workspace (package.json capabilities.untrustedWorkspaces)
        void window.showWarningMessage('Log Triage: trust this workspace to change its settings.');
        return;
      }
      const config = workspace.getConfiguration('logtriage.timeline');
      const offsets = { ...config.get<Record<string, number>>('offsets', {}), [hint.tag]: hint.offsetSeconds };
      await config.update('offsets', offsets, workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global);
    }
  }

  const links = timelineLinks(results);

  const openTimeline = async (uri?: Uri, selected?: Uri[]) => {
    const paths = await choosePaths(uri, selected);
    if (!paths?.length) return undefined;
    const target = timelineUri({ paths });
    if (workspace.textDocuments.some((d) => d.uri.toString() === target.toString())) changed.fire(target); // rebuild from disk
    const doc = await workspace.openTextDocument(target);
    await window.showTextDocument(doc, { preview: false });
    return doc;
  };

  /** Asks for the day of one of the timeline's logs and writes it to logtriage.timeline.dates (the timeline rebuilds). */
  async function setDate(result?: TimelineResult): Promise<void> {
    const editor = window.activeTextEditor;
    result ??= editor?.document.uri.scheme === TIMELINE_SCHEME ? results.get(editor.document.uri.toString()) : undefined;
    if (!result) return void window.showInformationMessage('Log Triage: open a merged timeline first.');
    const files = [...result.files].sort((a, b) => Number(Boolean(b.dayUncertain)) - Number(Boolean(a.dayUncertain)));
    const picked = await window.showQuickPick(
      files.map((f) => ({ label: f.tag, description: f.dayUncertain ? 'day not known from its name' : undefined, detail: f.basis ?? f.notPlaced, file: f })),
      { title: 'Log Triage: the log whose day to set' },
    );
    if (!picked) return;
    const guess = /day (\d{4}-\d{2}-\d{2})/.exec(picked.file.basis ?? '')?.[1];
    const day = await window.showInputBox({
      title: `Day of the first line of ${picked.file.tag}`,
      value: guess,
      placeHolder: 'YYYY-MM-DD',
      validateInput: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim())) ? undefined : 'a day as YYYY-MM-DD'),
    });
    if (!day) return;
    if (!workspace.isTrusted) return void window.showWarningMessage('Log Triage: trust this workspace to change its settings.');
    const config = workspace.getConfiguration('logtriage.timeline');
    const dates = { ...config.get<Record<string, string>>('dates', {}), [picked.file.tag]: day.trim() };
    await config.update('dates', dates, workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global);
  }

  const openSource = async () => {
    const editor = window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== TIMELINE_SCHEME) return;
    const result = results.get(editor.document.uri.toString());
    const s = result && sourceOf(result, editor.document, editor.selection.active.line);
    if (!s) return void window.showInformationMessage('Log Triage: this line of the timeline has no source line.');
    const doc = await workspace.openTextDocument(sourceUri(s.file));
    const shown = await window.showTextDocument(doc, { preview: false });
    shown.selection = new Selection(s.line, 0, s.line, 0);
    shown.revealRange(new Range(s.line, 0, s.line, 0));
  };

  context.subscriptions.push(
    changed,
    workspace.registerTextDocumentContentProvider(TIMELINE_SCHEME, provider),
    languages.registerDocumentLinkProvider({ scheme: TIMELINE_SCHEME }, links),
    commands.registerCommand('logtriage.openTimeline', openTimeline),
    commands.registerCommand('logtriage.timeline.openSource', openSource),
    commands.registerCommand('logtriage.timeline.setDate', () => setDate()),
    workspace.onDidCloseTextDocument((d) => void results.delete(d.uri.toString())),
    workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('logtriage.timeline')) return;
      for (const d of workspace.textDocuments) if (d.uri.scheme === TIMELINE_SCHEME) changed.fire(d.uri);
    }),
  );
}
