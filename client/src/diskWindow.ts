// Findings in logs over VS Code's 50 MB limit open in a read-only window of the file served from
// disk (the lines around the finding), so the engineer sees the line with its highlighting,
// hovers and the finding, instead of VS Code's "file is very large" page.
import * as path from 'path';
import type { ExtensionContext, TextDocumentContentProvider } from 'vscode';
import { commands, Range, Selection, TextEditorRevealType, Uri, window, workspace } from 'vscode';
import { readLineWindow } from '../../server/src/shared';
import { WINDOW_SCHEME } from '../../server/src/protocol';

const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;
/** Lines shown above and below the finding. */
const WINDOW_LINES = 2000;

/** First line (0-based, in the file) of each window document served. */
const firsts = new Map<string, number>();

function windowUri(file: Uri, line: number): Uri {
  return Uri.from({ scheme: WINDOW_SCHEME, path: file.path, query: `line=${line + 1}` });
}

async function isOverLimit(uri: Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
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
  const at = line - (firsts.get(target.toString()) ?? 0);
  const editor = await window.showTextDocument(doc, { preview: false, selection: new Selection(at, character, at, character) });
  editor.revealRange(new Range(at, 0, at, 0), TextEditorRevealType.InCenter);
  window.setStatusBarMessage(`Log Triage: lines ${(firsts.get(target.toString()) ?? 0) + 1}–${(firsts.get(target.toString()) ?? 0) + doc.lineCount} of ${path.basename(uri.fsPath)} (over 50 MB), served from disk`, 10_000);
}

export function registerDiskWindows(context: ExtensionContext): void {
  const provider: TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const line = Math.max(0, Number(/(?:^|&)line=(\d+)/.exec(uri.query)?.[1] ?? '1') - 1);
      const { first, text } = await readLineWindow(uri.path, line, WINDOW_LINES, WINDOW_LINES);
      firsts.set(uri.toString(), first);
      return text;
    },
  };
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(WINDOW_SCHEME, provider),
    commands.registerCommand('logtriage.openFinding', openFinding),
  );
}
