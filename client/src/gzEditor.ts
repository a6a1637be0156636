// A `.gz` log clicked in the Explorer would open as binary; as the default editor for `*.gz`
// this opens it through the extension instead (the read-only logtriage-gz: document), and a
// compressed archive (`.tar.gz`) as a bundle, then steps aside.
import type { CancellationToken, CustomDocument, CustomReadonlyEditorProvider, ExtensionContext, Uri, WebviewPanel } from 'vscode';
import { commands, window, workspace } from 'vscode';
import { isArchiveName } from '../../server/src/shared';
import { gzUri } from './gzDocuments';

export const GZ_EDITOR_VIEW_TYPE = 'logtriage.gzLog';

class GzLogEditor implements CustomReadonlyEditorProvider {
  openCustomDocument(uri: Uri): CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: CustomDocument, panel: WebviewPanel, _token: CancellationToken): Promise<void> {
    // shown for a moment only; no script, no resource
    const csp = "default-src 'none';";
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"></head><body><p>Opening through Log Triage…</p></body></html>`;
    const column = panel.viewColumn;
    if (isArchiveName(document.uri.path)) {
      // an archive is analyzed as a whole; Open Bundle stays one click away on its context menu
      panel.dispose();
      await commands.executeCommand('logtriage.analyzeFolder', document.uri);
      return;
    }
    const doc = await workspace.openTextDocument(gzUri(document.uri));
    await window.showTextDocument(doc, { viewColumn: column, preview: false });
    panel.dispose();
  }
}

export function registerGzEditor(context: ExtensionContext): void {
  context.subscriptions.push(window.registerCustomEditorProvider(GZ_EDITOR_VIEW_TYPE, new GzLogEditor(), { supportsMultipleEditorsPerDocument: true }));
}
