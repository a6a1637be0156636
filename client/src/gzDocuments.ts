// Compressed logs (`vmkernel.1.gz`) open read-only as text through a virtual document, so the
// language server, highlighting and hovers work on them as on any log.
import type { ExtensionContext, TextDocumentContentProvider } from 'vscode';
import { commands, Uri, window, workspace } from 'vscode';
import { clamped, DEFAULT_GZIP_OPEN_MEGABYTES, LogInputError, readLogChunks, SETTING_LIMITS } from '../../server/src/shared';
import { GZ_SCHEME } from '../../server/src/protocol';

export function gzUri(file: Uri): Uri {
  return Uri.from({ scheme: GZ_SCHEME, path: file.path });
}

/**
 * The text of a compressed log up to a size limit. A damaged archive gives the part before the
 * damage; problems come back as one-line notes, never as an exception.
 */
export async function readCompressedLog(path: string, limitChars: number): Promise<{ text: string; problems: string[] }> {
  const problems: string[] = [];
  const parts: string[] = [];
  let size = 0;
  try {
    for await (const chunk of readLogChunks(path, (w) => problems.push(w))) {
      if (size + chunk.length > limitChars) {
        parts.push(chunk.slice(0, limitChars - size));
        problems.push(`only the first ${Math.round(limitChars / 1048576)} MB are shown (setting logtriage.gzip.maxMegabytes); Analyze Folder reads it all`);
        break;
      }
      parts.push(chunk);
      size += chunk.length;
    }
  } catch (e) {
    problems.push(e instanceof LogInputError ? e.reason : (e as Error).message);
  }
  return { text: parts.join(''), problems };
}

export function registerGzDocuments(context: ExtensionContext): void {
  const provider: TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const setting = workspace.getConfiguration('logtriage').get<unknown>('gzip.maxMegabytes');
      const limitMb = clamped(setting, SETTING_LIMITS.gzipOpenMegabytes, DEFAULT_GZIP_OPEN_MEGABYTES, true);
      const { text, problems } = await readCompressedLog(uri.path, limitMb * 1024 * 1024);
      if (problems.length) void window.showWarningMessage(`Log Triage: ${uri.path}: ${problems.join('; ')}`);
      return text;
    },
  };
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(GZ_SCHEME, provider),
    commands.registerCommand('logtriage.openCompressedLog', async (uri?: Uri) => {
      const target = uri ?? (await window.showOpenDialog({ filters: { 'Compressed logs': ['gz'] }, canSelectMany: false }))?.[0];
      if (!target) return;
      const doc = await workspace.openTextDocument(gzUri(target));
      await window.showTextDocument(doc, { preview: false });
    }),
  );
}
