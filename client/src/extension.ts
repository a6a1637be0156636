// The client starts the language server and owns what only the editor can do. No analysis here.
import * as path from 'path';
import type { ExtensionContext, TextDocument } from 'vscode';
import { languages, window, workspace } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { DetectedFormatParams, InitializationOptions } from '../../server/src/protocol';
import { BUNDLE_SCHEME, COMMANDS, DETECTED_FORMAT_NOTIFICATION, GZ_SCHEME, TIMELINE_SCHEME, TRUST_CHANGED_NOTIFICATION, WINDOW_SCHEME } from '../../server/src/protocol';
import { registerAnalyzeFolder } from './analyzeFolder';
import { registerCommands } from './commands';
import type { FindingCounts, FindingsProvider } from './findingsView';
import { registerFindingsView } from './findingsView';
import { registerGzDocuments } from './gzDocuments';
import { registerBundleFileSystem } from './bundleFs';
import { offeredLargeFiles, registerLargeFiles } from './largeFiles';
import { registerGzEditor } from './gzEditor';
import { LargeFileDiagnostics, registerDiskWindows } from './diskWindow';
import { logLanguages } from './languages';
import { registerReport } from './report';
import { registerStatusBar } from './statusBar';
import { registerTimeline, TIMELINE_LANGUAGE } from './timeline';
import { registerWalkthrough, tickWalkthrough, WALKTHROUGH_CONTEXT } from './walkthrough';

let client: LanguageClient | undefined;

/** What the extension exports: used by the integration tests and open to other extensions. */
export interface LogTriageApi {
  findings(): ReturnType<FindingsProvider['snapshot']>;
  /** The bundle summaries at the top of the Findings view. */
  bundles(): ReturnType<FindingsProvider['bundleSnapshot']>;
  /** Findings (shown and left out), root causes and files, of one file or of all: the status bar's numbers. */
  counts(uri?: string): FindingCounts;
  /** The status bar item's text (empty when hidden). */
  statusBarText(): string;
  /** The Findings view's description (its active filters). */
  findingsDescription(): string | undefined;
  /** Files over VS Code's 50 MB limit for which Analyze from disk was offered. */
  largeFilesOffered(): string[];
}

/** Languages a log may open with before its content is recognised. */
const SNIFFED_LANGUAGES = ['plaintext', 'log'];

async function switchLanguage(p: DetectedFormatParams, logLanguageIds: readonly string[]): Promise<void> {
  if (!workspace.getConfiguration('logtriage').get<boolean>('detectLanguage', true)) return;
  const doc: TextDocument | undefined = workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
  if (!doc || !SNIFFED_LANGUAGES.includes(doc.languageId) || !logLanguageIds.includes(p.format)) return;
  await languages.setTextDocumentLanguage(doc, p.format);
}

export async function activate(context: ExtensionContext): Promise<LogTriageApi> {
  const output = window.createOutputChannel('Log Triage', { log: true });
  const logLanguageIds = logLanguages(context.extension.packageJSON);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: workspace.isTrusted };
  const schemes = ['file', 'untitled', GZ_SCHEME, TIMELINE_SCHEME, BUNDLE_SCHEME, WINDOW_SCHEME];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...[...logLanguageIds, ...SNIFFED_LANGUAGES].flatMap((language) => schemes.map((scheme) => ({ scheme, language }))), { scheme: TIMELINE_SCHEME, language: TIMELINE_LANGUAGE }],
    diagnosticCollectionName: 'logtriage',
    // hovers may link to a runbook; that command, and no other, runs from hover markdown
    markdown: { isTrusted: { enabledCommands: [COMMANDS.openRunbook] }, supportHtml: false },
    outputChannel: output,
    initializationOptions,
    // a hover shown ticks the walkthrough's hover step
    middleware: {
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        if (hover) tickWalkthrough(WALKTHROUGH_CONTEXT.hoverShown);
        return hover;
      },
      // findings of files over VS Code's 50 MB limit go to the disk-served windows that show their lines
      handleDiagnostics: new LargeFileDiagnostics().handle,
    },
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/.logtriage/rules.json') },
  };
  client = new LanguageClient('logtriage', 'Log Triage', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true })),
    client.onNotification(DETECTED_FORMAT_NOTIFICATION, (p: DetectedFormatParams) => void switchLanguage(p, logLanguageIds)),
  );
  registerWalkthrough(context);
  registerCommands(context);
  registerGzDocuments(context);
  registerBundleFileSystem(context);
  registerLargeFiles(context);
  registerGzEditor(context);
  registerDiskWindows(context);
  const { provider: findings, view: findingsView } = registerFindingsView(context, client);
  const status = registerStatusBar(context, findings);
  registerAnalyzeFolder(context, client, output, {
    started(paths) {
      findings.roots = [...new Set([...findings.roots, ...paths])];
      status.setFolderState({ kind: 'running', done: 0, total: 0 });
    },
    progress: (done, total) => status.setFolderState({ kind: 'running', done, total }),
    finished(bundles) {
      if (bundles) findings.setBundles(bundles);
      findings.refresh();
      status.setFolderState(bundles ? { kind: 'idle' } : { kind: 'cancelled' });
    },
  });
  registerReport(context, client);
  registerTimeline(context, client);
  await client.start();
  return {
    findings: () => findings.snapshot(),
    bundles: () => findings.bundleSnapshot(),
    counts: (uri?: string) => findings.counts(uri),
    statusBarText: () => status.text(),
    findingsDescription: () => findingsView.description,
    largeFilesOffered: () => [...offeredLargeFiles],
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
