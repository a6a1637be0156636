// The client starts the language server and owns what only the editor can do. No analysis here.
import * as path from 'path';
import type { ExtensionContext, TextDocument } from 'vscode';
import { commands, languages, Uri, window, workspace } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { DetectedFormatParams, InitializationOptions } from '../../server/src/protocol';
import { BUNDLE_SCHEME, COMMANDS, DETECTED_FORMAT_NOTIFICATION, GZ_SCHEME, TIMELINE_SCHEME, TRUST_CHANGED_NOTIFICATION, WINDOW_SCHEME } from '../../server/src/protocol';
import { registerAnalyzeFolder } from './analyzeFolder';
import { registerCommands } from './commands';
import type { FindingsProvider } from './findingsView';
import { registerFindingsView } from './findingsView';
import { registerGzDocuments } from './gzDocuments';
import { registerBundleFileSystem } from './bundleFs';
import { offeredLargeFiles, registerLargeFiles } from './largeFiles';
import { registerGzEditor } from './gzEditor';
import { LargeFileDiagnostics, registerDiskWindows } from './diskWindow';
import { LOG_LANGUAGES } from './languages';
import { registerReport } from './report';
import { registerStatusBar } from './statusBar';
import { registerTimeline } from './timeline';

let client: LanguageClient | undefined;

/** What the extension exports: used by the integration tests and open to other extensions. */
export interface LogTriageApi {
  findings(): ReturnType<FindingsProvider['snapshot']>;
  /** The bundle summaries at the top of the Findings view. */
  bundles(): ReturnType<FindingsProvider['bundleSnapshot']>;
  /** Files over VS Code's 50 MB limit for which Analyze from disk was offered. */
  largeFilesOffered(): string[];
}

/** Languages a log may open with before its content is recognised. */
const SNIFFED_LANGUAGES = ['plaintext', 'log'];

async function switchLanguage(p: DetectedFormatParams): Promise<void> {
  if (!workspace.getConfiguration('logtriage').get<boolean>('detectLanguage', true)) return;
  const doc: TextDocument | undefined = workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
  if (!doc || !SNIFFED_LANGUAGES.includes(doc.languageId) || !(LOG_LANGUAGES as readonly string[]).includes(p.format)) return;
  await languages.setTextDocumentLanguage(doc, p.format);
}

export async function activate(context: ExtensionContext): Promise<LogTriageApi> {
  const output = window.createOutputChannel('Log Triage', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: workspace.isTrusted };
  const schemes = ['file', 'untitled', GZ_SCHEME, TIMELINE_SCHEME, BUNDLE_SCHEME, WINDOW_SCHEME];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...LOG_LANGUAGES, ...SNIFFED_LANGUAGES].flatMap((language) => schemes.map((scheme) => ({ scheme, language }))),
    diagnosticCollectionName: 'logtriage',
    // hovers may link to a runbook; that command, and no other, runs from hover markdown
    markdown: { isTrusted: { enabledCommands: [COMMANDS.openRunbook] }, supportHtml: false },
    outputChannel: output,
    initializationOptions,
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/.logtriage/rules.json') },
    // findings of files over VS Code's 50 MB limit go to the disk-served windows that show their lines
    middleware: { handleDiagnostics: new LargeFileDiagnostics().handle },
  };
  client = new LanguageClient('logtriage', 'Log Triage', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true })),
    client.onNotification(DETECTED_FORMAT_NOTIFICATION, (p: DetectedFormatParams) => void switchLanguage(p)),
    commands.registerCommand('logtriage.openExample', async () => {
      const doc = await workspace.openTextDocument(Uri.file(context.asAbsolutePath(path.join('examples', 'vnx', 'server_log'))));
      await window.showTextDocument(doc, { preview: false });
    }),
  );
  registerCommands(context);
  registerStatusBar(context);
  registerGzDocuments(context);
  registerBundleFileSystem(context);
  registerLargeFiles(context);
  registerGzEditor(context);
  registerDiskWindows(context);
  const findings = registerFindingsView(context, client);
  registerAnalyzeFolder(context, client, output, (bundles) => findings.setBundles(bundles));
  registerReport(context, client);
  registerTimeline(context, client);
  await client.start();
  return { findings: () => findings.snapshot(), bundles: () => findings.bundleSnapshot(), largeFilesOffered: () => [...offeredLargeFiles] };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
