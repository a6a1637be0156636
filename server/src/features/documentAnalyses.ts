// The analysis of each open document, kept at the version it was made for. A full analysis (a
// document opening, new settings) runs in turns of the event loop, so that hovers on other documents
// are answered meanwhile; an edit is re-analysed on its own lines when the family and rules are the
// same (engine/incremental.ts). Settings, trust or rules that change start a new generation: runs
// begun before it are stale and give way.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, FileAnalysis, LogFormat } from '../engine';
import { AnalysisCancelled, detectFormat, formatById } from '../engine';
import { IncrementalAnalysis } from '../engine/incremental';
import type { EditTracker } from './documentEdits';
import { AnalysisQueue } from './analysisQueue';
import { shareStrings } from './sharedStrings';
import { uriPath } from './uris';

export interface DocumentState {
  version: number;
  format: LogFormat | undefined;
  analysis: FileAnalysis;
  incremental: IncrementalAnalysis;
}

/** What the analyses need of the server: its open documents, their edits, the options in force. */
export interface AnalysisHost {
  documents: { get(uri: string): TextDocument | undefined };
  edits: EditTracker;
  options(): AnalyzeOptions;
  /** A rule that threw is named here; the other rules' findings are published all the same. */
  warn(message: string): void;
}

/** The document's family: its language id when that is one of ours, else what its content says. */
export function formatOf(doc: TextDocument): LogFormat | undefined {
  return formatById(doc.languageId) ?? detectFormat(uriPath(doc.uri), doc.getText({ start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }))?.format;
}

/** Full analyses under way at once: one big document does not hold up the diagnostics of small ones. */
const ANALYSES_AT_ONCE = 2;

interface Run {
  doc: TextDocument;
  version: number;
  generation: number;
  result: Promise<DocumentState | undefined>;
}

export class DocumentAnalyses {
  /** The last analysis of each document, with the version it was made for. */
  private readonly analysed = new Map<string, DocumentState>();
  /** Bumped when every analysis must be redone (settings, trust, rules): runs begun before are stale. */
  private generationNumber = 0;
  /** The full analysis under way per document, joined by whoever needs that version. */
  private readonly running = new Map<string, Run>();
  /** Full analyses take turns, a few at a time. */
  private readonly queue = new AnalysisQueue(ANALYSES_AT_ONCE);

  constructor(private readonly host: AnalysisHost) {}

  get generation(): number {
    return this.generationNumber;
  }

  /** The document's analysis when it can be had at once: the cached one, or an edit re-analysed on its own lines. */
  quick(doc: TextDocument): DocumentState | undefined {
    const cached = this.analysed.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const format = formatOf(doc);
    // the edits since the last analysis, on its rules and family (any change to those clears `analysed`)
    const { edits } = this.host;
    if (!cached || cached.format !== format || !edits.hasLineEdits(doc.uri)) return undefined;
    return this.remember(doc, format, cached.incremental.update(doc, edits.take(doc.uri) ?? []), cached.incremental);
  }

  /**
   * The document's analysis at its version. A full one gives the event loop a turn every few
   * milliseconds; it stops early, giving undefined, once the document changes or closes or a new
   * generation starts (a newer analysis follows).
   */
  analyse(doc: TextDocument): Promise<DocumentState | undefined> {
    const quick = this.quick(doc);
    if (quick) return Promise.resolve(quick);
    const run = this.running.get(doc.uri);
    if (run && run.doc === doc && run.version === doc.version && run.generation === this.generationNumber) {
      this.queue.hurry(doc.uri); // someone waits for it: a hover, or the publish that follows an edit
      return run.result;
    }
    const version = doc.version;
    const started = this.generationNumber;
    // the edits so far are this run's; if it is dropped, so is the state they were relative to
    this.host.edits.take(doc.uri);
    this.analysed.delete(doc.uri);
    const format = formatOf(doc);
    const stale = () => this.host.documents.get(doc.uri) !== doc || doc.version !== version || this.generationNumber !== started;
    const options: AnalyzeOptions = { ...this.host.options(), format: format?.id ?? null, isCancelled: stale };
    // stale by its turn (closed, changed, new settings): given up at its first check, unread
    const result: Promise<DocumentState | undefined> = this.queue
      .run(doc.uri, () => IncrementalAnalysis.analyzeAsync(uriPath(doc.uri), doc.getText(), options))
      .then(
        (incremental) => (stale() ? undefined : this.remember(doc, format, incremental.analysis, incremental)),
        (e) => {
          if (e instanceof AnalysisCancelled) return undefined;
          throw e;
        },
      )
      .finally(() => {
        if (this.running.get(doc.uri)?.result === result) this.running.delete(doc.uri);
      });
    this.running.set(doc.uri, { doc, version, generation: started, result });
    return result;
  }

  /** Whether a full analysis of the document is under way. */
  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  /** Settings, trust or rules changed: every analysis is redone, and the runs under way are stale. */
  invalidateAll(): void {
    this.analysed.clear();
    this.generationNumber++;
  }

  /** The document closed. */
  forget(uri: string): void {
    this.analysed.delete(uri);
  }

  private remember(doc: TextDocument, format: LogFormat | undefined, analysis: FileAnalysis, incremental: IncrementalAnalysis): DocumentState {
    for (const w of analysis.warnings) this.host.warn(`${uriPath(doc.uri)}: ${w}`);
    shareStrings(analysis.findings);
    const state = { version: doc.version, format, analysis, incremental };
    this.analysed.set(doc.uri, state);
    return state;
  }
}
