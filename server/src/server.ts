// LSP wiring only: documents in, diagnostics and hovers out. The analysis lives in ./engine.
import { createConnection, ProposedFeatures, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, LogFormat } from './engine';
import { analyzeText, detectFormat, formatById } from './engine';
import { toDiagnostic } from './features/diagnostics';
import { hoverAt } from './features/hover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

interface DocumentState {
  version: number;
  format: LogFormat | undefined;
  analysis: FileAnalysis;
}
const analysed = new Map<string, DocumentState>();
const pending = new Map<string, NodeJS.Timeout>();
/** Typing in a log is rare; a short pause keeps re-analysis off every keystroke. */
const DEBOUNCE_MS = 150;

function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** The document's family: its language id when that is one of ours, else what its content says. */
function formatOf(doc: TextDocument): LogFormat | undefined {
  return formatById(doc.languageId) ?? detectFormat(uriPath(doc.uri), doc.getText({ start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }))?.format;
}

function analyse(doc: TextDocument): DocumentState {
  const cached = analysed.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const format = formatOf(doc);
  const analysis = analyzeText(uriPath(doc.uri), doc.getText(), { format: format?.id ?? null });
  const state = { version: doc.version, format, analysis };
  analysed.set(doc.uri, state);
  return state;
}

function publish(doc: TextDocument): void {
  const state = analyse(doc);
  void connection.sendDiagnostics({
    uri: doc.uri,
    version: doc.version,
    diagnostics: state.analysis.findings.map((f) => toDiagnostic(f, doc.uri)),
  });
}

function schedule(doc: TextDocument, delay: number): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(() => {
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) publish(current);
    }, delay),
  );
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
  },
  serverInfo: { name: 'logtriage', version: '0.1.0' },
}));

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  analysed.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  const state = analyse(doc);
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  return hoverAt(line, position, state.format, state.analysis.findings);
});

documents.listen(connection);
connection.listen();
