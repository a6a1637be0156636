import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import type { LogFormat, Outline, OutlineSymbol } from '../engine';
import { outline } from '../engine';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentJobs } from './documentJobs';

const KINDS: Record<OutlineSymbol['kind'], SymbolKind> = {
  session: SymbolKind.Namespace,
  thread: SymbolKind.Function,
  run: SymbolKind.Event,
  policy: SymbolKind.Class,
  vm: SymbolKind.Module,
  device: SymbolKind.Object,
  backtrace: SymbolKind.Array,
  job: SymbolKind.Object,
  phase: SymbolKind.Event,
};

const cache = new WeakMap<TextDocument, { version: number; outline: Promise<Outline | undefined> }>();

/**
 * One outline per document version: symbols and folding ask for it one after the other. Made by
 * `jobs` (a worker thread) when given, else here; undefined when the document changed meanwhile.
 */
function outlineOf(doc: TextDocument, format: LogFormat | undefined, jobs?: DocumentJobs): Promise<Outline | undefined> {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) return hit.outline;
  const result = jobs ? jobs.run(doc, { kind: 'outline', format: format?.id ?? null }) : Promise.resolve(outline(doc.getText(), format));
  const entry = { version: doc.version, outline: result };
  cache.set(doc, entry);
  // a failed job is not kept: the next request tries again
  result.catch(() => cache.get(doc) === entry && cache.delete(doc));
  return result;
}

function toSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  const endCharacter = doc.offsetAt({ line: s.endLine + 1, character: 0 }) - doc.offsetAt({ line: s.endLine, character: 0 });
  const range = { start: { line: s.startLine, character: 0 }, end: { line: s.endLine, character: Math.max(0, endCharacter) } };
  return {
    name: s.name,
    detail: s.detail,
    kind: KINDS[s.kind],
    range,
    selectionRange: { start: range.start, end: { line: s.startLine, character: 0 } },
    children: s.children.map((c) => toSymbol(doc, c)),
  };
}

export async function documentSymbols(doc: TextDocument, format: LogFormat | undefined, jobs?: DocumentJobs): Promise<DocumentSymbol[]> {
  const version = doc.version;
  const result = await outlineOf(doc, format, jobs);
  // (the symbols' ends are read from the document: from the version the outline is of)
  if (!result || doc.version !== version) return [];
  return result.symbols.map((s) => toSymbol(doc, s));
}

export async function foldingRanges(doc: TextDocument, format: LogFormat | undefined, jobs?: DocumentJobs): Promise<FoldingRange[]> {
  const result = await outlineOf(doc, format, jobs);
  return (result?.folds ?? []).map((f) => ({
    startLine: f.startLine,
    endLine: f.endLine,
    ...(f.kind === 'repeat' ? { kind: FoldingRangeKind.Region, collapsedText: `… ${f.endLine - f.startLine + 1} identical messages` } : {}),
  }));
}
