// Shared steps of the editor integration tests: find the example logs, open one
// in an editor and wait until the language server has published its diagnostics.
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'logtriage.logtriage';

// The repository root: the harness module is plain Node and safe to load in the extension host.
export { repoRoot } from '../harness/paths';
import { repoRoot } from '../harness/paths';

/** A diagnostic's rule id: VS Code wraps the code as { value, target } when it links to a source article. */
export const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

export function exampleUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(repoRoot, 'examples', ...parts));
}

export interface OpenedLog {
  document: vscode.TextDocument;
  editor: vscode.TextEditor;
  diagnostics: vscode.Diagnostic[];
}

/**
 * Opens an example log and waits until its diagnostics satisfy `ready` (by default:
 * at least one). The first open also starts the language server, hence the long wait.
 */
export async function openAndWaitForDiagnostics(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean = (d) => d.length > 0, timeoutMs = 20_000): Promise<OpenedLog> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const diagnostics = await waitForDiagnostics(uri, ready, timeoutMs);
  return { document, editor, diagnostics };
}

export function waitForDiagnostics(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs: number): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!ready(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const timer = setTimeout(() => {
      finish();
      const got = vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line}:${codeOf(d)}`);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const active = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;
      reject(
        new Error(
          `diagnostics for ${uri.fsPath} not ready after ${timeoutMs} ms (have: ${got.join(', ') || 'none'}; ` +
            `language ${document?.languageId ?? 'not open'}; extension active: ${String(active)}; ` +
            `see the "Log Triage" output log for a server crash)`,
        ),
      );
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Hover texts at a position, from every hover provider, as plain strings. */
export async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
}

/** Hover markdown escapes the punctuation of log text; compare on what a reader sees. */
export const unescapeMarkdown = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

/** Where `needle` starts on `line` (0-based), failing loudly if the example changed. */
export function positionOf(document: vscode.TextDocument, line: number, needle: string): vscode.Position {
  const character = document.lineAt(line).text.indexOf(needle);
  if (character < 0) throw new Error(`"${needle}" not on line ${line + 1} of ${document.uri.fsPath}`);
  return new vscode.Position(line, character);
}
