// Findings in logs over VS Code's 50 MB limit open in a read-only window of the file served from
// disk (the lines around the finding), so the engineer sees the line with its highlighting,
// hovers and the finding, instead of VS Code's "file is very large" page. A window keeps the file's
// line numbers (the lines above it are left blank), so that the diagnostics of such a file are
// published on its windows at their own lines: a click in the Problems panel opens the window too.
import * as path from 'path';
import type { Diagnostic, ExtensionContext, TextDocumentContentProvider } from 'vscode';
import { commands, DiagnosticRelatedInformation, Location, Range, Selection, TextEditorRevealType, Uri, window, workspace } from 'vscode';
import type { HandleDiagnosticsSignature } from 'vscode-languageclient/node';
import { readLineWindow } from '../../server/src/shared';
import { WINDOW_SCHEME } from '../../server/src/protocol';

const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;
/** Lines shown above and below a window's middle line: the windows are fixed blocks of twice this. */
const WINDOW_LINES = 2000;
const BLOCK_LINES = 2 * WINDOW_LINES;

/** First line (0-based, in the file) of the text of each window document served. */
const firsts = new Map<string, number>();

/** The window that shows `line` of `file`: the same for every finding of its block of lines. */
export function windowUri(file: Uri, line: number): Uri {
  const middle = Math.floor(line / BLOCK_LINES) * BLOCK_LINES + WINDOW_LINES;
  return Uri.from({ scheme: WINDOW_SCHEME, path: file.path, query: `line=${middle + 1}` });
}

async function isOverLimit(uri: Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  // a document the extension host has is not over the limit
  if (workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return false;
  try {
    return (await workspace.fs.stat(uri)).size > SYNC_LIMIT_BYTES;
  } catch {
    return false;
  }
}

/** Opens a finding at its line: in the file itself, or in a window served from disk when the file is over the limit. */
async function openFinding(uriText: string, line: number, character: number): Promise<void> {
  const uri = Uri.parse(uriText);
  if (!(await isOverLimit(uri))) {
    await commands.executeCommand('vscode.open', uri, { selection: new Range(line, character, line, character) });
    return;
  }
  const target = windowUri(uri, line);
  const doc = await workspace.openTextDocument(target);
  const editor = await window.showTextDocument(doc, { preview: false, selection: new Selection(line, character, line, character) });
  editor.revealRange(new Range(line, 0, line, 0), TextEditorRevealType.InCenter);
  const first = firsts.get(target.toString()) ?? 0;
  window.setStatusBarMessage(`Log Triage: lines ${first + 1}–${doc.lineCount} of ${path.basename(uri.fsPath)} (over 50 MB), served from disk`, 10_000);
}

/**
 * The language client's diagnostics middleware: a file over the limit has its diagnostics (found by
 * Analyze from disk) moved to the windows that show their lines, related lines in it too. What the
 * server publishes on a window document replaces them while it is open and gives them back after.
 */
export class LargeFileDiagnostics {
  /** Windows each large file's diagnostics went to. */
  private readonly windowsOf = new Map<string, string[]>();
  /** Diagnostics from disk per window. */
  private readonly fromDisk = new Map<string, Diagnostic[]>();
  /** Publications of one file in order (the size check is asynchronous). */
  private readonly queue = new Map<string, Promise<void>>();

  readonly handle = (uri: Uri, diagnostics: Diagnostic[], next: HandleDiagnosticsSignature): void => {
    if (uri.scheme === WINDOW_SCHEME) return next(uri, diagnostics.length ? diagnostics : (this.fromDisk.get(uri.toString()) ?? []));
    if (uri.scheme !== 'file' || (!diagnostics.length && !this.windowsOf.has(uri.toString()))) return next(uri, diagnostics);
    const key = uri.toString();
    const turn = (this.queue.get(key) ?? Promise.resolve()).then(async () => this.publish(uri, diagnostics, next, await isOverLimit(uri)));
    this.queue.set(key, turn);
    void turn.finally(() => this.queue.get(key) === turn && this.queue.delete(key));
  };

  private publish(uri: Uri, diagnostics: Diagnostic[], next: HandleDiagnosticsSignature, overLimit: boolean): void {
    const byWindow = new Map<string, Diagnostic[]>();
    if (overLimit) {
      for (const d of diagnostics) {
        const w = windowUri(uri, d.range.start.line).toString();
        if (!byWindow.has(w)) byWindow.set(w, []);
        byWindow.get(w)!.push(this.moved(uri, d));
      }
    }
    for (const old of this.windowsOf.get(uri.toString()) ?? []) {
      if (byWindow.has(old)) continue;
      this.fromDisk.delete(old);
      next(Uri.parse(old), []);
    }
    for (const [w, list] of byWindow) {
      this.fromDisk.set(w, list);
      next(Uri.parse(w), list);
    }
    if (byWindow.size) this.windowsOf.set(uri.toString(), [...byWindow.keys()]);
    else this.windowsOf.delete(uri.toString());
    next(uri, overLimit ? [] : diagnostics);
  }

  /** The diagnostic with its related lines in the same file pointing at their windows. */
  private moved(file: Uri, d: Diagnostic): Diagnostic {
    if (!d.relatedInformation?.length) return d;
    d.relatedInformation = d.relatedInformation.map((r) => (r.location.uri.toString() === file.toString() ? new DiagnosticRelatedInformation(new Location(windowUri(file, r.location.range.start.line), r.location.range), r.message) : r));
    return d;
  }
}

export function registerDiskWindows(context: ExtensionContext): void {
  const provider: TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const line = Math.max(0, Number(/(?:^|&)line=(\d+)/.exec(uri.query)?.[1] ?? '1') - 1);
      const { first, text } = await readLineWindow(uri.path, line, WINDOW_LINES, WINDOW_LINES);
      firsts.set(uri.toString(), first);
      // blank lines above keep the file's line numbers: diagnostics and the Problems panel use them as they are
      return '\n'.repeat(first) + text;
    },
  };
  context.subscriptions.push(workspace.registerTextDocumentContentProvider(WINDOW_SCHEME, provider), commands.registerCommand('logtriage.openFinding', openFinding));
}
