// Open documents whose edits are remembered as line ranges, so that the analysis can redo only the
// edited lines (engine/incremental.ts) instead of the whole document; kept in blocks of lines
// (largeDocument.ts), so that an edit does not copy the whole text either.
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineEdit } from '../engine/incremental';
import { LargeTextDocument } from './largeDocument';

/**
 * Applies `changes` one at a time (each range is in the document as the previous change left it)
 * and returns the line edits they make; undefined when one replaces the whole text.
 */
export function applyChanges(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): LineEdit[] | undefined {
  const edits: LineEdit[] | undefined = [];
  let whole = false;
  for (const change of changes) {
    const before = doc.lineCount;
    if (doc instanceof LargeTextDocument) doc.update([change], version);
    else TextDocument.update(doc, [change], version);
    if (!('range' in change) || !change.range) whole = true;
    else edits.push({ startLine: change.range.start.line, endLine: change.range.end.line, lineDelta: doc.lineCount - before });
  }
  return whole ? undefined : edits;
}

/**
 * The TextDocuments configuration that keeps, per document, the line edits since they were last
 * taken (`take`); null once a change replaced the whole text.
 */
export class EditTracker implements TextDocumentsConfiguration<TextDocument> {
  private readonly pending = new Map<string, LineEdit[] | null>();

  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    this.pending.delete(uri);
    return new LargeTextDocument(uri, languageId, version, content);
  }

  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const edits = applyChanges(doc, changes, version);
    const before = this.pending.get(doc.uri);
    this.pending.set(doc.uri, edits && before !== null ? [...(before ?? []), ...edits] : null);
    return doc;
  }

  /** The edits since the last call (in order); null when they cannot be told as line edits. */
  take(uri: string): LineEdit[] | null {
    const edits = this.pending.get(uri);
    this.pending.delete(uri);
    return edits === undefined ? [] : edits;
  }

  /** Whether `take` would give line edits (an incremental re-analysis can follow), without taking them. */
  hasLineEdits(uri: string): boolean {
    return this.pending.get(uri) !== null;
  }

  forget(uri: string): void {
    this.pending.delete(uri);
  }
}
