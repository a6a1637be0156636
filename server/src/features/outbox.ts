// Messages to the editor go out one at a time, each once the previous one is written, and the answers
// to requests about a document (hover, code actions, links, outline) go first: a hover's answer does
// not wait behind megabytes of diagnostics of other documents. Other answers keep their place (a
// folder analysis answers after the diagnostics and progress it sent). A document's diagnostics (and
// Findings view data) still waiting are replaced by newer ones, and the publishing waits while the
// queue is full (`room`), so the diagnostics of 200 documents opened at once are not all serialised
// and held at once.
import type { Message, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { AbstractMessageWriter, IPCMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { FINDINGS_NOTIFICATION } from '../protocol';

interface Queued {
  message: Message;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Notifications about one document's findings: a newer one replaces this one while it waits. */
  key?: string;
}

/** Notifications whose latest one per document is all the editor needs. */
const LATEST_ONLY = new Set(['textDocument/publishDiagnostics', FINDINGS_NOTIFICATION.method]);

/** Requests whose answers go before queued notifications: about one document, and nothing they send must come first. */
const ANSWERED_FIRST = /^textDocument\//;

type Id = number | string;

function keyOf(m: Message): string | undefined {
  const { method, params } = m as { method?: string; params?: { uri?: unknown } };
  return method && LATEST_ONLY.has(method) && typeof params?.uri === 'string' ? `${method} ${params.uri}` : undefined;
}

export class Outbox extends AbstractMessageWriter implements MessageWriter {
  /** Answers to ANSWERED_FIRST requests. */
  private readonly answers: Queued[] = [];
  /** Everything else, in order. */
  private readonly queue: Queued[] = [];
  /** Ids of the ANSWERED_FIRST requests not answered yet. */
  private readonly firstIds = new Set<Id>();
  private writing = false;
  private readonly roomWaiters: (() => void)[] = [];

  /** `inner` writes one message and resolves once it is written (handed to the OS). */
  constructor(
    private readonly inner: MessageWriter,
    /** Queued messages past which `room` waits. */
    private readonly room_ = 4,
  ) {
    super();
    inner.onError(([error, message, count]) => this.fireError(error, message, count));
    inner.onClose(() => this.fireClose());
  }

  /** A message from the editor: its requests whose answers go first are noted. */
  noteIncoming(message: Message): void {
    const { id, method } = message as { id?: Id; method?: string };
    if (id !== undefined && method !== undefined && ANSWERED_FIRST.test(method)) this.firstIds.add(id);
  }

  write(message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const item: Queued = { message, resolve, reject, key: keyOf(message) };
      const { id, method } = message as { id?: Id; method?: string };
      if (method === undefined && id !== undefined && this.firstIds.delete(id)) this.answers.push(item);
      else {
        if (item.key) {
          const older = this.queue.findIndex((q) => q.key === item.key);
          if (older >= 0) this.queue.splice(older, 1)[0].resolve(); // superseded before it went
        }
        this.queue.push(item);
      }
      void this.pump();
    });
  }

  /** Resolves once fewer than the queue's bound of messages wait to be written. */
  room(): Promise<void> {
    if (this.queue.length < this.room_) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  end(): void {
    this.inner.end();
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      for (let next = this.take(); next; next = this.take()) {
        try {
          await this.inner.write(next.message);
          next.resolve();
        } catch (e) {
          next.reject(e);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private take(): Queued | undefined {
    const next = this.answers.shift() ?? this.queue.shift();
    while (this.roomWaiters.length && this.queue.length < this.room_) this.roomWaiters.shift()!();
    return next;
  }
}

/** Writes to the parent process over Node's IPC channel, resolving once each message is sent (IPCMessageWriter resolves at once). */
export class IpcWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly channel: NodeJS.Process) {
    super();
    channel.on('error', (e: Error) => this.fireError(e));
    channel.on('disconnect', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.channel.send) return reject(new Error('no IPC channel'));
      this.channel.send(message, undefined, undefined, (error: Error | null) => {
        if (error) {
          this.fireError(error, message);
          reject(error);
        } else resolve();
      });
    });
  }

  end(): void {}
}

/**
 * The editor's messages in, and the outbox out, for the transport the command line names (as
 * vscode-languageserver would choose it); undefined for the others (sockets, pipes), which keep
 * the library's own writer.
 */
export function editorTransport(argv: readonly string[]): { input: NodeJS.ReadableStream | MessageReader; outbox: Outbox } | undefined {
  if (argv.includes('--node-ipc')) return { input: new IPCMessageReader(process), outbox: new Outbox(new IpcWriter(process)) };
  if (argv.includes('--stdio')) return { input: process.stdin, outbox: new Outbox(new StreamMessageWriter(process.stdout)) };
  return undefined;
}
