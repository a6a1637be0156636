// LSP wiring only: the capabilities, and each feature registered on the connection. What a feature
// does lives in ./features; the analysis itself in ./engine.
import { packageVersion } from './engine/io/knowledgeDir';
import { CodeActionKind, createConnection, ProposedFeatures, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver/node';
import type { InitializeResult, MessageReader } from 'vscode-languageserver/node';
import { codeActionsFor } from './features/codeActions';
import { registerConfiguration } from './features/configuration';
import { DocumentAnalyses } from './features/documentAnalyses';
import { EditTracker } from './features/documentEdits';
import { DocumentJobs } from './features/documentJobs';
import { isMainThread } from 'worker_threads';
import { reanalyseAll, registerDocumentSync } from './features/documentSync';
import { registerFolderAnalysis } from './features/folderAnalysis';
import { registerHover } from './features/hoverRequest';
import { publishDocument, publishRuleProblems } from './features/publishing';
import { PublishSchedule } from './features/publishSchedule';
import { registerReport } from './features/reportRequest';
import { RulesInForce } from './features/rulesInForce';
import type { ServerContext, WorkspaceState } from './features/serverContext';
import { analysisOptions, logFailure } from './features/serverContext';
import { DEFAULT_SETTINGS } from './features/settings';
import { reclaimIfGrown } from './features/heapReclaim';
import { watchInput } from './features/inputFirst';
import { atEachSlice } from './engine/turns';
import { editorTransport } from './features/outbox';
import { registerShutdownRefusal, shutdownGate } from './features/shutdown';
import { registerTimeline } from './features/timeline';
import { registerWholeDocumentRequests } from './features/wholeDocumentRequests';
import { uriPath } from './features/uris';
import type { InitializationOptions } from './protocol';

// The same bundle also runs the worker threads (features/documentJobs.ts, rulesCheck.ts), which open no connection.
if (isMainThread) startServer();

function startServer(): void {
  // answers before diagnostics, and diagnostics published as fast as the editor takes them (outbox.ts)
  const transport = editorTransport(process.argv);
  const options = { messageStrategy: shutdownGate((message) => transport?.outbox.noteIncoming(message)) };
  // (stdin goes in as a stream, as the library would pass it, so that the server exits when it ends;
  // the library's typings pair a stream with a stream only)
  const connection = transport ? createConnection(ProposedFeatures.all, transport.input as MessageReader, transport.outbox, options) : createConnection(ProposedFeatures.all, options);
  // remembers each change's lines, so that an edit is re-analysed on its own lines (engine/incremental.ts)
  const edits = new EditTracker();
  const documents = new TextDocuments(edits);
  const workspace: WorkspaceState = { folders: [], trusted: true, canPullConfiguration: false, settings: DEFAULT_SETTINGS };
  /** Rule files that had problems last time, so their diagnostics can be cleared once fixed. */
  let rulesFilesWithProblems: ReadonlySet<string> = new Set<string>();

  const rules: RulesInForce = new RulesInForce(
    { folders: () => workspace.folders, trusted: () => workspace.trusted, packs: () => workspace.settings.rulePacks },
    {
      loaded(loaded, customChanged) {
        rulesFilesWithProblems = publishRuleProblems(ctx, loaded, rulesFilesWithProblems);
        if (customChanged) reanalyseAll(ctx);
      },
      failed: (e) => logFailure(ctx, 'loading the custom rules', e),
    },
  );
  const ctx: ServerContext = {
    connection,
    documents,
    edits,
    workspace,
    rules,
    analyses: new DocumentAnalyses({
      documents,
      edits,
      options: () => analysisOptions(ctx),
      warn: (message) => connection.console.warn(message),
    }),
    schedule: new PublishSchedule(
      async (uri) => {
        const doc = documents.get(uri);
        if (doc) await publishDocument(ctx, doc);
      },
      (uri, e) => logFailure(ctx, `analysis of ${uri}`, e),
    ),
    jobs: new DocumentJobs(),
    outbox: transport?.outbox,
    folderResults: new Map(),
  };

  connection.onInitialize((params): InitializeResult => {
    const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
    workspace.trusted = options?.trusted ?? true;
    workspace.folders = (params.workspaceFolders ?? []).map((f) => uriPath(f.uri));
    if (workspace.folders.length === 0 && params.rootUri) workspace.folders = [uriPath(params.rootUri)];
    workspace.canPullConfiguration = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'Log Triage' },
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'logtriage', version: packageVersion() },
    };
  });

  registerShutdownRefusal(connection);
  registerConfiguration(ctx);
  registerDocumentSync(ctx);
  registerHover(ctx);
  registerWholeDocumentRequests(ctx);
  connection.onCodeAction(({ context }) => codeActionsFor(context.diagnostics, rules.current().ruleSet));
  registerFolderAnalysis(ctx);
  registerReport(ctx);
  registerTimeline({ connection, documents, analyzeOptions: () => analysisOptions(ctx) });

  // the garbage of a burst of analyses is reclaimed as it grows, not once it is hundreds of MB (heapReclaim.ts)
  atEachSlice(reclaimIfGrown);
  // over stdio, a message's bytes arriving put analyses off too (over IPC each message comes whole)
  if (process.argv.includes('--stdio')) watchInput(process.stdin);
  documents.listen(connection);
  connection.listen();
}
