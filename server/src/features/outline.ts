import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import type { LogFormat, Outline, OutlineSymbol } from '../engine';
import { outline } from '../engine';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const KINDS: Record<OutlineSymbol['kind'], SymbolKind> = {
  session: SymbolKind.Namespace,
  thread: SymbolKind.Function,
  run: SymbolKind.Event,
  policy: SymbolKind.Class,
  vm: SymbolKind.Module,
  backtrace: SymbolKind.Array,
};

const cache = new WeakMap<TextDocument, { version: number; outline: Outline }>();

/** One outline per document version: symbols and folding ask for it one after the other. */
function outlineOf(doc: TextDocument, format: LogFormat | undefined): Outline {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) return hit.outline;
  const result = outline(doc.getText(), format);
  cache.set(doc, { version: doc.version, outline: result });
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

export function documentSymbols(doc: TextDocument, format: LogFormat | undefined): DocumentSymbol[] {
  return outlineOf(doc, format).symbols.map((s) => toSymbol(doc, s));
}

export function foldingRanges(doc: TextDocument, format: LogFormat | undefined): FoldingRange[] {
  return outlineOf(doc, format).folds.map((f) => ({
    startLine: f.startLine,
    endLine: f.endLine,
    ...(f.kind === 'repeat' ? { kind: FoldingRangeKind.Region, collapsedText: `… ${f.endLine - f.startLine + 1} identical messages` } : {}),
  }));
}
