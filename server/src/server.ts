// LSP wiring only: documents in, diagnostics and hovers out. The analysis lives in ./engine.
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { ConnectionOptions, Message } from 'vscode-languageserver/node';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, FileAnalysis, LogFormat } from './engine';
import { AnalysisCancelled, analyzePaths, archiveKindOf, detectFormat, formatById, triageReport } from './engine';
import { IncrementalAnalysis } from './engine/incremental';
import { packageVersion } from './engine/io/knowledgeDir';
import { yieldWhile } from './engine/turns';
import type { LoadedRules } from './features/customRules';
import { loadRules, loadRulesAsync } from './features/customRules';
import { DIAGNOSTIC_SOURCE, toDiagnostics } from './features/diagnostics';
import { findingsParams } from './features/findingsSummary';
import { codeActionsFor } from './features/codeActions';
import { DocumentJobs, isDocumentWorker } from './features/documentJobs';
import { EditTracker } from './features/documentEdits';
import { gapLenses } from './features/gaps';
import { findingsOnLine, hoverAt } from './features/hover';
import { LargeTextDocument } from './features/largeDocument';
import { warmUp } from './features/warmUp';
import { documentSymbols, foldingRanges } from './features/outline';
import type { LogTriageSettings } from './features/settings';
import { analyzeOptionsFrom, DEFAULT_SETTINGS, parseSettings } from './features/settings';
import { isTimelineUri, registerTimeline, republishTimeline, timelineHover, timelineSettings } from './features/timeline';
import { logUri, pathUri, uriPath } from './features/uris';
import type { AnalyzeFolderParams, AnalyzeFolderResult, AnalyzeProgressParams, DetectedFormatParams, FindingsParams, InitializationOptions, ReportParams, ReportResult, TrustChangedParams } from './protocol';
import { ANALYZE_FOLDER_REQUEST, ANALYZE_PROGRESS_NOTIFICATION, DETECTED_FORMAT_NOTIFICATION, FINDINGS_NOTIFICATION, REPORT_REQUEST, TRUST_CHANGED_NOTIFICATION } from './protocol';

// The server itself; the same bundle also runs the document worker (features/documentJobs.ts), which opens no connection.
/** The method a request after `shutdown` is sent to instead of its own, to be refused (LSP: InvalidRequest). */
const AFTER_SHUTDOWN = 'logtriage/$requestAfterShutdown';

if (!isDocumentWorker) startServer();

/**
 * After `shutdown` the server must refuse every request with InvalidRequest and drop
 * notifications: a request is turned into one to AFTER_SHUTDOWN, whose handler refuses it.
 */
function shutdownGate(): NonNullable<ConnectionOptions['messageStrategy']> {
  let shutDown = false;
  // vscode-jsonrpc handles one queued message per turn of the event loop: while it does, analyses
  // take no slice, so that a hover queued behind 200 didOpen messages is read in 200 short turns
  let handled = false;
  yieldWhile(() => {
    const busy = handled;
    handled = false;
    return busy;
  });
  return {
    handleMessage(message, next) {
      handled = true;
      const m = message as Message & { method?: string; id?: number | string; params?: unknown };
      if (!shutDown) {
        if (m.method === 'shutdown') shutDown = true;
        return next(message);
      }
      // responses to our own requests, exit, and shutdown again (answered as the first one was)
      if (m.method === undefined || m.method === 'exit' || m.method === 'shutdown') return next(message);
      if (m.id === undefined) return; // a notification after shutdown is ignored
      return next({ ...m, method: AFTER_SHUTDOWN, params: { method: m.method } } as Message);
    },
  };
}

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all, { messageStrategy: shutdownGate() });
  connection.onRequest(AFTER_SHUTDOWN, ({ method }: { method: string }) => {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server received shutdown and answers no more requests`);
  });
  // remembers each change's lines, so that an edit is re-analysed on its own lines (engine/incremental.ts)
  const edits = new EditTracker();
  const documents = new TextDocuments(edits);

  interface DocumentState {
    version: number;
    format: LogFormat | undefined;
    analysis: FileAnalysis;
    incremental: IncrementalAnalysis;
  }
  const analysed = new Map<string, DocumentState>();
  /** Bumped when every analysis must be redone (settings, trust, rules): runs begun before are stale. */
  let generation = 0;
  /** The full analysis under way per document (in turns of the event loop), joined by whoever needs that version. */
  const running = new Map<string, { doc: TextDocument; version: number; generation: number; result: Promise<DocumentState | undefined> }>();
  /** Documents whose scheduled publish is under way (awaiting a full analysis). */
  const publishing = new Map<string, number>();
  // outline, folding, lenses and links: in a worker thread, off the way of hovers and diagnostics
  const jobs = new DocumentJobs();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Longest a hover waits for its document's analysis before it answers with the decoded codes alone. */
  const HOVER_WAIT_MS = 50;
  /** Typing in a log is rare; a short pause keeps re-analysis off every keystroke. */
  const DEBOUNCE_MS = 150;

  let workspaceFolders: string[] = [];
  let trusted = true;
  let canPullConfiguration = false;
  let settings: LogTriageSettings = DEFAULT_SETTINGS;
  let rules: LoadedRules | undefined;
  /** Rule files that had problems last time, so their diagnostics can be cleared once fixed. */
  let rulesFilesWithProblems = new Set<string>();

  /** Results of the last folder analyses by URI: shown again when an open copy of the file closes. */
  const folderResults = new Map<string, FileAnalysis>();

  /** The custom rules being checked (timed on adversarial lines, in turns), and which load it is. */
  let rulesLoading: Promise<void> | undefined;
  let rulesLoad = 0;

  /**
   * The rules in force. Custom rules are checked in turns of the event loop (thousands of them take
   * a while): until they are, the rules in force before stay (the built-in ones at start), and once
   * they are, every open document is analysed again.
   */
  function currentRules(): LoadedRules {
    if (!rules) {
      rules = loadRules(workspaceFolders, false);
      reloadRules();
    }
    return rules;
  }

  function reloadRules(): void {
    const load = ++rulesLoad;
    const loading = loadRulesAsync(workspaceFolders, trusted, settings.rulePacks).then(
      (loaded) => {
        if (load !== rulesLoad) return;
        const before = rules;
        rules = loaded;
        publishRuleProblems(loaded);
        if (before?.custom.length || loaded.custom.length) reanalyseAll();
      },
      (e) => connection.console.error(`custom rules could not be loaded: ${(e as Error)?.stack ?? e}`),
    );
    const settled: Promise<void> = loading.finally(() => {
      if (rulesLoading === settled) rulesLoading = undefined;
    });
    rulesLoading = settled;
  }

  /** Lets a custom rules check under way finish first, for up to RULES_WAIT_MS: a first analysis then has them. */
  async function rulesSettled(): Promise<void> {
    if (!rulesLoading) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([rulesLoading, new Promise<void>((resolve) => (timer = setTimeout(resolve, RULES_WAIT_MS)))]);
    clearTimeout(timer);
  }
  /** Longest a document's analysis waits for custom rules being checked before it runs without them. */
  const RULES_WAIT_MS = 2000;

  function publishRuleProblems(loaded: LoadedRules): void {
    const now = new Map<string, Diagnostic[]>();
    for (const p of loaded.problems) {
      const list = now.get(p.file) ?? [];
      list.push({
        range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: Number.MAX_SAFE_INTEGER } },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        message: `Custom rules not loaded: ${p.message}`,
      });
      now.set(p.file, list);
    }
    for (const file of rulesFilesWithProblems) if (!now.has(file)) void connection.sendDiagnostics({ uri: pathUri(file), diagnostics: [] });
    for (const [file, diagnostics] of now) void connection.sendDiagnostics({ uri: pathUri(file), diagnostics });
    rulesFilesWithProblems = new Set(now.keys());
  }

  /** The document's family: its language id when that is one of ours, else what its content says. */
  function formatOf(doc: TextDocument): LogFormat | undefined {
    return formatById(doc.languageId) ?? detectFormat(uriPath(doc.uri), doc.getText({ start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }))?.format;
  }

  function analysisOptions(): AnalyzeOptions & { maxBundleBytes?: number } {
    return { rules: currentRules().ruleSet.without(settings.disabledRules), ...analyzeOptionsFrom(settings) };
  }

  /** The document's analysis when it can be had at once: the cached one, or an edit re-analysed on its own lines. */
  function analyseQuickly(doc: TextDocument): DocumentState | undefined {
    const cached = analysed.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const format = formatOf(doc);
    // the edits since the last analysis, on its rules and family (any change to those clears `analysed`)
    if (!cached || cached.format !== format || !edits.hasLineEdits(doc.uri)) return undefined;
    return remember(doc, format, cached.incremental.update(doc, edits.take(doc.uri) ?? []), cached.incremental);
  }

  function remember(doc: TextDocument, format: LogFormat | undefined, analysis: FileAnalysis, incremental: IncrementalAnalysis): DocumentState {
    // a rule that threw is named here; the other rules' findings are published all the same
    for (const w of analysis.warnings) connection.console.warn(`${uriPath(doc.uri)}: ${w}`);
    const state = { version: doc.version, format, analysis, incremental };
    analysed.set(doc.uri, state);
    return state;
  }

  /**
   * The document's analysis at its version. A full one (a document opening, new settings) gives the
   * event loop a turn every few milliseconds, so hovers on other documents are answered meanwhile; it
   * stops early, giving undefined, once the document changes or closes (a newer analysis follows).
   */
  function analyse(doc: TextDocument): Promise<DocumentState | undefined> {
    const quick = analyseQuickly(doc);
    if (quick) return Promise.resolve(quick);
    const run = running.get(doc.uri);
    if (run && run.doc === doc && run.version === doc.version && run.generation === generation) return run.result;
    const version = doc.version;
    const started = generation;
    // the edits so far are this run's; if it is dropped, so is the state they were relative to
    edits.take(doc.uri);
    analysed.delete(doc.uri);
    const format = formatOf(doc);
    const stale = () => documents.get(doc.uri) !== doc || doc.version !== version || generation !== started;
    const options: AnalyzeOptions = { ...analysisOptions(), format: format?.id ?? null, isCancelled: stale };
    const result: Promise<DocumentState | undefined> = IncrementalAnalysis.analyzeAsync(uriPath(doc.uri), doc.getText(), options)
      .then(
        (incremental) => (stale() ? undefined : remember(doc, format, incremental.analysis, incremental)),
        (e) => {
          if (e instanceof AnalysisCancelled) return undefined;
          throw e;
        },
      )
      .finally(() => {
        if (running.get(doc.uri)?.result === result) running.delete(doc.uri);
      });
    running.set(doc.uri, { doc, version, generation: started, result });
    return result;
  }

  function publishAnalysis(uri: string, analysis: FileAnalysis, version?: number): void {
    void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(analysis.findings, uri, settings.maxDiagnosticsPerFile) });
    void connection.sendNotification(FINDINGS_NOTIFICATION, findingsParams(uri, analysis, currentRules().ruleSet, settings.maxDiagnosticsPerFile));
  }

  function unpublish(uri: string): void {
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    void connection.sendNotification(FINDINGS_NOTIFICATION, { uri, format: null, findings: [], omitted: 0 } satisfies FindingsParams);
  }

  async function publish(doc: TextDocument): Promise<void> {
    if (isTimelineUri(doc.uri)) return republishTimeline(connection, doc.uri); // its findings are the merged files'
    currentRules();
    await rulesSettled();
    if (documents.get(doc.uri) !== doc) return;
    const state = await analyse(doc);
    if (!state || documents.get(doc.uri) !== doc || state.version !== doc.version) return; // a newer version is scheduled
    const { analysis } = state;
    publishAnalysis(doc.uri, analysis, doc.version);
    // what hovers and edits need, made once the diagnostics are out rather than before
    setImmediate(() => {
      if (documents.get(doc.uri) !== doc) return;
      if (doc instanceof LargeTextDocument) doc.prepare();
      findingsOnLine(analysis.findings, 0);
    });
  }

  function schedule(doc: TextDocument, delay: number): void {
    clearTimeout(pending.get(doc.uri));
    pending.set(
      doc.uri,
      setTimeout(() => {
        const uri = doc.uri;
        pending.delete(uri);
        const current = documents.get(uri);
        if (!current) return settle(uri);
        publishing.set(uri, (publishing.get(uri) ?? 0) + 1);
        publish(current)
          // a bug must cost this document its diagnostics, not the whole server
          .catch((e) => connection.console.error(`analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`))
          .finally(() => {
            const left = (publishing.get(uri) ?? 1) - 1;
            if (left) publishing.set(uri, left);
            else publishing.delete(uri);
            // a run dropped for a newer version leaves the waiters to that version's publish
            if (!pending.has(uri) && !publishing.has(uri)) settle(uri);
          });
      }, delay),
    );
  }

  /** Requests waiting for a document's scheduled analysis to be published. */
  const waiting = new Map<string, (() => void)[]>();

  /**
   * Resolves once the analysis scheduled for `uri` (after an open or an edit) is published, at once
   * when none is. An editor asks for folding, symbols and lenses as soon as it opens a log, and each
   * reads the whole document: they come after its diagnostics, not before.
   */
  function whenPublished(uri: string): Promise<void> {
    if (!pending.has(uri) && !publishing.has(uri)) return Promise.resolve();
    return new Promise((resolve) => waiting.set(uri, [...(waiting.get(uri) ?? []), resolve]));
  }

  function settle(uri: string): void {
    const waiters = waiting.get(uri);
    waiting.delete(uri);
    for (const resolve of waiters ?? []) resolve();
  }

  /** Settings, trust or custom rules changed: everything open is analysed again. */
  function reanalyseAll(): void {
    analysed.clear();
    generation++;
    for (const doc of documents.all()) schedule(doc, 0);
  }

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    applySettings(parseSettings(await connection.workspace.getConfiguration('logtriage')));
  }

  /** New settings; other rule packs mean other rules (and their problems re-published). */
  function applySettings(next: LogTriageSettings): void {
    const packsChanged = JSON.stringify(next.rulePacks) !== JSON.stringify(settings.rulePacks);
    settings = next;
    // the rules in force stay until the new packs are checked (in turns, as at start)
    if (packsChanged && rules) reloadRules();
  }

  connection.onInitialize((params) => {
    const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
    trusted = options?.trusted ?? true;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriPath(f.uri));
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [uriPath(params.rootUri)];
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
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

  connection.onInitialized(async () => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'logtriage' });
    // load custom rules now, so a broken rules file is reported before any log opens; and warm the
    // hovers up while the client is still busy (sending a big document, answering the settings pull)
    void warmUp(currentRules().ruleSet);
    await refreshSettings();
    reanalyseAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await refreshSettings();
    else applySettings(parseSettings((change.settings as { logtriage?: unknown } | undefined)?.logtriage));
    reanalyseAll();
  });

  // .logtriage/rules.json changed, or trust: the rules in force stay until the new ones are checked
  connection.onDidChangeWatchedFiles(() => reloadRules());

  connection.onNotification(TRUST_CHANGED_NOTIFICATION, (p: TrustChangedParams) => {
    trusted = p.trusted;
    reloadRules();
  });

  documents.onDidOpen((e) => {
    const doc = e.document;
    if (!formatById(doc.languageId) && !isTimelineUri(doc.uri)) {
      // opened as plain text or `log`: tell the client what the content is, so it can switch the language
      const detected = formatOf(doc);
      if (detected) void connection.sendNotification(DETECTED_FORMAT_NOTIFICATION, { uri: doc.uri, format: detected.id } satisfies DetectedFormatParams);
    }
    schedule(doc, 0);
  });
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    settle(e.document.uri);
    analysed.delete(e.document.uri);
    edits.forget(e.document.uri);
    jobs.forget(e.document.uri);
    const fromFolder = folderResults.get(e.document.uri);
    if (fromFolder) publishAnalysis(e.document.uri, fromFolder);
    else unpublish(e.document.uri);
  });

  // A folder analysis streams each file from disk (VS Code never hands documents over 50 MB to
  // extensions) and publishes each file's findings as it goes. Cancelled, it takes back what it
  // published, so no half-analysed folder is left in the Problems panel.
  connection.onRequest(ANALYZE_FOLDER_REQUEST, async (params: AnalyzeFolderParams, token): Promise<AnalyzeFolderResult> => {
    const options = { ...analysisOptions(), isCancelled: () => token.isCancellationRequested };
    const published: string[] = [];
    const result: AnalyzeFolderResult = { files: 0, findings: 0, unreadable: [], warnings: [], cancelled: false };
    let total = 0;
    let done = 0;
    try {
      const { bundles } = await analyzePaths(params.paths, options, {
        onListed: (n) => (total = n),
        onReading(path, bytes) {
          // an archive's members are only known as it is read: the total grows with them
          const progress: AnalyzeProgressParams = { done, total: Math.max(total, done + 1), path, reading: true, bytes };
          void connection.sendNotification(ANALYZE_PROGRESS_NOTIFICATION, progress);
        },
        onFile({ analysis, unreadable }, index) {
          if (token.isCancellationRequested) throw new AnalysisCancelled();
          const path = analysis?.path ?? unreadable!.path;
          if (analysis) {
            const uri = logUri(analysis.path);
            folderResults.set(uri, analysis);
            published.push(uri);
            if (!documents.get(uri)) publishAnalysis(uri, analysis);
            result.files++;
            result.findings += analysis.findings.length;
            for (const message of analysis.warnings) result.warnings.push({ path, message });
          }
          if (unreadable) result.unreadable.push(unreadable);
          done = index + 1;
          const progress: AnalyzeProgressParams = { done, total: Math.max(total, done), path };
          void connection.sendNotification(ANALYZE_PROGRESS_NOTIFICATION, progress);
        },
        onCorrelated({ changed }) {
          // findings that gained evidence in other files (NetBackup's two hosts, a VMSS run's SMlog)
          for (const analysis of changed) if (!documents.get(logUri(analysis.path))) publishAnalysis(logUri(analysis.path), analysis);
        },
      });
      result.bundles = bundles;
    } catch (e) {
      if (!(e instanceof AnalysisCancelled)) throw e;
      for (const uri of published) {
        folderResults.delete(uri);
        const open = documents.get(uri);
        if (open) void publish(open).catch((e) => connection.console.error(`analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`));
        else unpublish(uri);
      }
      return { files: 0, findings: 0, unreadable: [], warnings: [], cancelled: true };
    }
    return result;
  });

  connection.onRequest(REPORT_REQUEST, async (params: ReportParams): Promise<ReportResult> => {
    const { files, unreadable, bundles } = await analyzePaths(params.paths, analysisOptions());
    const root = params.paths.length === 1 && !(await archiveKindOf(params.paths[0])) ? params.paths[0] : params.paths.length === 1 ? path.dirname(params.paths[0]) : workspaceFolders[0] ?? '/';
    return { markdown: triageReport({ root, files, unreadable, bundles, rules: currentRules().ruleSet, now: new Date() }) };
  });

  connection.onHover(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    if (isTimelineUri(doc.uri)) return timelineHover(doc, position, currentRules().ruleSet);
    let state = analyseQuickly(doc);
    // a document still being analysed: its hover waits for that (for the newest version, if it
    // changes meanwhile), but not long: past HOVER_WAIT_MS it decodes the line without findings
    const deadline = Date.now() + HOVER_WAIT_MS;
    while (!state && documents.get(doc.uri) === doc && Date.now() < deadline) state = await within(analyse(doc), deadline - Date.now());
    if (documents.get(doc.uri) !== doc) return null;
    const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    return hoverAt(line, position, state ? state.format : formatOf(doc), state?.analysis.findings ?? [], currentRules().ruleSet, (kind, e) =>
      connection.console.error(`decoder ${kind} failed on line ${position.line + 1}: ${(e as Error)?.message ?? e}`),
    );
  });

  /**
   * A whole-document feature (outline, folding, lenses, links) of an open document, after its
   * diagnostics; one that fails costs its own answer only (logged).
   */
  async function wholeDocument<T>(what: string, uri: string, answer: (doc: TextDocument) => Promise<T>, nothing: T): Promise<T> {
    await whenPublished(uri);
    const doc = documents.get(uri);
    if (!doc) return nothing;
    try {
      return await answer(doc);
    } catch (e) {
      connection.console.error(`${what} of ${uri} failed: ${(e as Error)?.message ?? e}`);
      return nothing;
    }
  }

  connection.onDocumentSymbol(({ textDocument }) => wholeDocument('outline', textDocument.uri, (doc) => documentSymbols(doc, formatOf(doc), jobs), []));

  connection.onFoldingRanges(({ textDocument }) => wholeDocument('folding', textDocument.uri, (doc) => foldingRanges(doc, formatOf(doc), jobs), []));

  connection.onCodeLens(({ textDocument }) =>
    wholeDocument(
      'idle-gap lenses',
      textDocument.uri,
      async (doc) => {
        if (isTimelineUri(doc.uri)) return [];
        const section = canPullConfiguration ? await connection.workspace.getConfiguration('logtriage') : undefined;
        return gapLenses(doc, formatOf(doc), timelineSettings(section).gapSeconds * 1000, jobs);
      },
      [],
    ),
  );

  registerTimeline({ connection, documents, analyzeOptions: analysisOptions });

  connection.onCodeAction(({ context }) => codeActionsFor(context.diagnostics, currentRules().ruleSet));

  connection.onDocumentLinks(({ textDocument }) =>
    wholeDocument('links', textDocument.uri, async (doc) => (await jobs.run(doc, { kind: 'links', logPath: uriPath(doc.uri), roots: workspaceFolders, limit: 2000 })) ?? [], []),
  );

  documents.listen(connection);
  connection.listen();
}

/** The promise's value, or undefined once `ms` passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
