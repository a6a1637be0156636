// Whole-document features (the outline and folding, idle-gap lenses, links) read every line of a
// log: seconds on a 50 MB one, asked again after each edit. They run in a worker thread, so that the
// server keeps answering hovers and publishing diagnostics meanwhile. The worker keeps the text of
// each document at the version it was last sent, so that several jobs on one version copy it once,
// the least recently used let go past KEPT_TEXT_CHARS (a second copy of every open log's text would
// double what the server holds); the text goes in pieces, a turn of the event loop apart, as copying
// 50 MB at once would stall it.
import type { DocumentLink } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { Outline } from '../engine';
import { formatById, outline } from '../engine';
import type { IdleGap } from '../engine/timeline';
import { findIdleGaps } from '../engine/timeline';
import { linksInText } from './documentLinks';
import { LargeTextDocument } from './largeDocument';

export type DocumentJob = { kind: 'outline'; format: string | null } | { kind: 'gaps'; format: string | null; gapMs: number; limit: number } | { kind: 'links'; logPath: string; roots: string[]; limit: number };

type ResultOf<J extends DocumentJob> = J extends { kind: 'outline' } ? Outline : J extends { kind: 'gaps' } ? IdleGap[] : DocumentLink[];

/** What the worker is sent: a piece of a document's text, a job on it, or that it closed. */
type JobRequest = { type: 'text'; uri: string; version: number; first: boolean; last: boolean; pieces: string[] } | { type: 'job'; id: number; uri: string; version: number; job: DocumentJob } | { type: 'forget'; uri: string };

/** Characters of text per message to the worker (a copy of this size takes a millisecond or so). */
const PIECE_CHARS = 1 << 20;
/** Characters of documents' text the worker keeps at most (beyond them, the least recently used go; the document being sent stays). */
export const KEPT_TEXT_CHARS = 64 * 1024 * 1024;

/** The text of `doc` in pieces of at most PIECE_CHARS characters, without joining a document kept in blocks. */
function textPieces(doc: TextDocument): string[][] {
  const messages: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const part of doc instanceof LargeTextDocument ? doc.textParts() : [doc.getText()]) {
    for (let at = 0; at < part.length; at += PIECE_CHARS) {
      const piece = part.length <= PIECE_CHARS ? part : part.slice(at, at + PIECE_CHARS);
      if (size + piece.length > PIECE_CHARS && current.length) {
        messages.push(current);
        current = [];
        size = 0;
      }
      current.push(piece);
      size += piece.length;
    }
  }
  messages.push(current);
  return messages;
}

interface JobReply {
  id: number;
  result?: unknown;
  /** The document changed again before the job ran: its answer is of no use. */
  stale?: boolean;
  error?: string;
}

/** workerData of the worker thread: the server bundle starts it on itself. */
const ROLE = 'logtriage-document-jobs';

/** The job done on a text, in whichever thread. */
export function runJob(text: string, job: DocumentJob): unknown {
  switch (job.kind) {
    case 'outline':
      return outline(text, formatById(job.format));
    case 'gaps':
      return findIdleGaps(text, formatById(job.format), job.gapMs, job.limit);
    case 'links':
      return linksInText(text, job.logPath, job.roots, job.limit);
  }
}

interface Queued {
  doc: TextDocument;
  version: number;
  job: DocumentJob;
  resolve: (reply: JobReply) => void;
}

/**
 * Runs document jobs in one worker thread, started on first use and again if it dies, one job at a
 * time: a job whose document changed while it waited is dropped unrun (an editor asks again for the
 * new version after every edit, and a 50 MB document's outline takes seconds).
 */
export class DocumentJobs {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Queued[] = [];
  private running: (Queued & { id: number }) | undefined;
  /** The version and length of each document whose text the worker has, least recently used first. */
  private readonly sent = new Map<string, { version: number; chars: number }>();
  private sentChars = 0;
  /** Per document, how many times it closed: a text on its way when it did is not finished. */
  private readonly closings = new Map<string, number>();
  private disposed = false;

  /** `script`: the file the worker runs (this module, or the bundle it is in). */
  constructor(
    private readonly script = __filename,
    private readonly keptChars = KEPT_TEXT_CHARS,
  ) {}

  /** Characters of text the worker holds now (for tests). */
  get keptTextChars(): number {
    return this.sentChars;
  }

  /**
   * The job's result on the document as it is now; undefined when the document changed before the
   * job ran (the editor asks again for the new version). Done in this thread if no worker can start.
   */
  async run<J extends DocumentJob>(doc: TextDocument, job: J): Promise<ResultOf<J> | undefined> {
    if (!this.start()) return runJob(doc.getText(), job) as ResultOf<J>;
    const reply = await new Promise<JobReply>((resolve) => {
      this.queue.push({ doc, version: doc.version, job, resolve });
      this.pump();
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.stale ? undefined : (reply.result as ResultOf<J>);
  }

  /** Sends the worker the next job still worth running, if it is idle. */
  private pump(): void {
    while (!this.running && this.queue.length) {
      const next = this.queue.shift()!;
      if (next.doc.version !== next.version) {
        next.resolve({ id: 0, stale: true });
        continue;
      }
      const worker = this.start();
      if (!worker) {
        next.resolve({ id: 0, error: 'document worker did not start' });
        continue;
      }
      const id = this.nextId++;
      this.running = { ...next, id };
      void this.send(worker, next, id);
    }
  }

  /** The document's text (unless the worker has this version), then the job. */
  private async send(worker: Worker, item: Queued, id: number): Promise<void> {
    const { uri } = item.doc;
    const kept = this.sent.get(uri);
    if (kept?.version === item.version) {
      // the most recently used now
      this.sent.delete(uri);
      this.sent.set(uri, kept);
    } else {
      this.unsent(uri);
      const closings = this.closings.get(uri);
      const messages = textPieces(item.doc);
      for (let i = 0; i < messages.length; i++) {
        if (i) await new Promise((resolve) => setImmediate(resolve));
        if (this.worker !== worker) return; // it died meanwhile: the job was answered, the text goes to the next one
        if (this.closings.get(uri) !== closings) break; // closed meanwhile: the job is answered as outdated
        const last = i === messages.length - 1;
        worker.postMessage({ type: 'text', uri, version: item.version, first: i === 0, last, pieces: messages[i] } satisfies JobRequest);
        if (last) this.kept(worker, uri, item.version, messages);
      }
    }
    worker.postMessage({ type: 'job', id, uri, version: item.version, job: item.job } satisfies JobRequest);
  }

  /** The worker has the whole text of `uri` at `version`: the least recently used texts go while they are over the bound. */
  private kept(worker: Worker, uri: string, version: number, messages: string[][]): void {
    const chars = messages.reduce((n, pieces) => pieces.reduce((m, p) => m + p.length, n), 0);
    this.sent.set(uri, { version, chars });
    this.sentChars += chars;
    for (const old of this.sent.keys()) {
      if (this.sentChars <= this.keptChars || old === uri) break;
      this.unsent(old);
      worker.postMessage({ type: 'forget', uri: old } satisfies JobRequest);
    }
  }

  /** The worker no longer has (or is about to replace) the text of `uri`. */
  private unsent(uri: string): void {
    this.sentChars -= this.sent.get(uri)?.chars ?? 0;
    this.sent.delete(uri);
  }

  /** The document closed: the worker drops its text. */
  forget(uri: string): void {
    this.unsent(uri);
    this.closings.set(uri, (this.closings.get(uri) ?? 0) + 1);
    this.worker?.postMessage({ type: 'forget', uri } satisfies JobRequest);
  }

  /** Stops the worker; later jobs run in this thread. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.worker?.terminate();
  }

  private start(): Worker | undefined {
    if (this.worker || this.disposed) return this.worker;
    let worker: Worker;
    try {
      // no inspector or profiler flags of the server's own: a worker may not take them all
      worker = new Worker(this.script, { workerData: { role: ROLE }, execArgv: [] });
    } catch {
      return undefined;
    }
    worker.unref(); // the server exits when its connection ends, whatever the worker does
    worker.on('message', (reply: JobReply) => {
      const done = this.running;
      if (done?.id !== reply.id) return;
      this.running = undefined;
      done.resolve(reply);
      this.pump();
    });
    const failed = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.sent.clear();
      this.sentChars = 0;
      // the job it was running fails; the others go to a new worker
      const lost = this.running;
      this.running = undefined;
      lost?.resolve({ id: lost.id, error: `document worker ${why}` });
      this.pump();
    };
    worker.on('error', (e) => failed(`failed: ${e.message}`));
    worker.on('exit', (code) => failed(`exited (${code})`));
    this.worker = worker;
    return worker;
  }
}

/** The worker's side: texts by document (joined when a job needs them), jobs answered in the order they come. */
function serveJobs(): void {
  const texts = new Map<string, { version: number; pieces: string[]; complete: boolean; text?: string }>();
  parentPort!.on('message', (request: JobRequest) => {
    if (request.type === 'forget') {
      texts.delete(request.uri);
      return;
    }
    if (request.type === 'text') {
      const current = texts.get(request.uri);
      if (request.first) texts.set(request.uri, { version: request.version, pieces: [...request.pieces], complete: request.last });
      else if (current && current.version === request.version && !current.complete) {
        current.pieces.push(...request.pieces);
        current.complete = request.last;
      }
      return;
    }
    const current = texts.get(request.uri);
    let reply: JobReply;
    if (!current || current.version !== request.version || !current.complete) reply = { id: request.id, stale: true };
    else {
      try {
        if (current.text === undefined) {
          current.text = current.pieces.join('');
          current.pieces = [];
        }
        reply = { id: request.id, result: runJob(current.text, request.job) };
      } catch (e) {
        reply = { id: request.id, error: String((e as Error)?.stack ?? e) };
      }
    }
    parentPort!.postMessage(reply);
  });
}

/** True in the document worker: the server's module must not open a connection there. */
export const isDocumentWorker = !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;

if (isDocumentWorker) serveJobs();
