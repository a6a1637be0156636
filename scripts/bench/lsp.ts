// The editor targets, measured through the built language server over stdio, as an editor drives
// it: first diagnostics of a 50 MB document, its folding, symbols, lenses and links (with hovers
// meanwhile), re-analysis after one-line edits, hover latency, and hovers answered while a folder
// analysis runs.
import * as fs from 'fs';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../../test/helpers/lspClient';
import type { GeneratedLog } from './generate';

/** server.ts waits this long after a change before it analyzes (typing in a log is rare). */
export const SERVER_DEBOUNCE_MS = 150;

export interface LspResult {
  docBytes: number;
  docLines: number;
  openMs: number;
  openFound: number;
  openExpected: number;
  /** didChange to the new diagnostics, per edit. */
  editRoundTripMs: number[];
  editsCorrect: number;
  hoverMs: number[];
  /** An editor's whole-document requests right after the open (folding, symbols, lenses, links): until all are answered, and hovers meanwhile. */
  editor?: { ms: number; hovers: number[] };
  /** Hovers while the files are analyzed, then while the cross-file correlation runs after the last one. */
  folder?: { ms: number; filesMs: number; files: number; hovers: number[]; correlationHovers: number[] };
  error?: string;
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** What a publish says, in a form two publishes compare by. */
function fingerprint(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.code, d.message]));
}

export async function runLsp(doc: GeneratedLog, folderPaths: string[], signatureLine: string, log: (m: string) => void): Promise<LspResult> {
  const client = new LspTestClient();
  const result: LspResult = { docBytes: 0, docLines: 0, openMs: NaN, openFound: 0, openExpected: 0, editRoundTripMs: [], editsCorrect: 0, hoverMs: [] };
  try {
    await client.initialize(process.cwd());
    const text = fs.readFileSync(doc.path, 'utf8');
    const starts = lineStarts(text);
    result.docBytes = Buffer.byteLength(text);
    result.docLines = starts.length;
    const uri = 'file://' + doc.path;

    // 1. open: didOpen to the first diagnostics
    let t = now();
    const diagnostics = await client.open(uri, doc.family, text);
    result.openMs = now() - t;
    const opened = fingerprint(diagnostics);
    const expected = doc.injections.filter((i) => i.endLine < starts.length);
    result.openExpected = expected.length;
    result.openFound = expected.filter((i) => diagnostics.some((d) => d.code === i.rule && d.range.start.line >= i.line && d.range.start.line <= i.endLine)).length;
    log(`  LSP: opened ${(result.docBytes / 1e6).toFixed(1)} MB, first diagnostics after ${result.openMs.toFixed(0)} ms (${result.openFound}/${result.openExpected} injected signatures)`);
    const targets = [...expected.map((i) => i.line), ...Array.from({ length: 300 }, (_, i) => (i * 7919) % starts.length)];

    // 1b. what an editor asks as soon as it shows the log, each reading the whole document; hovers meanwhile
    t = now();
    let answered = false;
    const wholeDocument = Promise.all(['textDocument/foldingRange', 'textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/documentLink'].map((m) => client.connection.sendRequest(m, { textDocument: { uri } }))).finally(
      () => (answered = true),
    );
    const editorHovers: number[] = [];
    for (let i = 0; !answered; i++) {
      const h = now();
      await client.hover(uri, targets[i % targets.length], 30);
      editorHovers.push(now() - h);
      await new Promise((r) => setTimeout(r, 5));
    }
    await wholeDocument;
    result.editor = { ms: now() - t, hovers: editorHovers };

    // 2. one-line edits in the middle: a signature appears on the edited line, then goes again
    let version = 1;
    for (let i = 0; i < 10; i++) {
      const line = Math.floor(starts.length / 2) + 997 * i;
      const original = text.slice(starts[line], (starts[line + 1] ?? text.length + 1) - 1);
      let current = original;
      for (const replacement of [signatureLine, original]) {
        const next = client.nextDiagnostics(uri, 30_000);
        t = now();
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: current.length } }, text: replacement }],
        });
        current = replacement;
        const published: PublishDiagnosticsParams = await next;
        result.editRoundTripMs.push(now() - t);
        // the signature gives a finding of its own, or (the editor counts repeats of one subject in
        // its first finding) changes what is published; putting the line back restores the open's
        const published_ = fingerprint(published.diagnostics);
        const correct = replacement === signatureLine ? published.diagnostics.some((d) => d.range.start.line === line) || published_ !== opened : published_ === opened;
        if (correct) result.editsCorrect++;
      }
    }

    // 3. hovers on a settled document: finding lines and random ones
    for (const line of targets) {
      t = now();
      await client.hover(uri, line, 30);
      result.hoverMs.push(now() - t);
    }

    // 4. hovers while a folder analysis runs
    if (folderPaths.length) {
      const hovers: number[] = [];
      const correlationHovers: number[] = [];
      let done = false;
      let filesDone = false;
      let filesMs = NaN;
      t = now();
      const start = t;
      client.connection.onNotification('logtriage/analyzeProgress', (p: { done: number; total: number }) => {
        if (p.done === p.total) ((filesDone = true), (filesMs = now() - start));
      });
      const folder = client.connection.sendRequest<{ files: number }>('logtriage/analyzeFolder', { paths: folderPaths }).finally(() => (done = true));
      for (let i = 0; !done; i++) {
        const during = filesDone;
        const h = now();
        await client.hover(uri, targets[i % targets.length], 30);
        (during ? correlationHovers : hovers).push(now() - h);
        await new Promise((r) => setTimeout(r, 5));
      }
      const { files } = await folder;
      result.folder = { ms: now() - t, filesMs, files, hovers, correlationHovers };
    }
  } catch (e) {
    result.error = (e as Error).message.split('\n')[0];
  } finally {
    await client.shutdown().catch(() => undefined);
  }
  return result;
}
