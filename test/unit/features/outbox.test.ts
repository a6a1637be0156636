// The outbox writes one message at a time; answers to document requests overtake queued
// notifications, other answers keep their place, a document's waiting diagnostics are replaced by
// newer ones, and `room` waits while the queue is full.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { AbstractMessageWriter } from 'vscode-languageserver/node';
import { Outbox } from '../../../server/src/features/outbox';

/** A writer whose writes finish when the test says so. */
class SlowWriter extends AbstractMessageWriter {
  readonly written: Message[] = [];
  private pending: (() => void)[] = [];

  write(message: Message): Promise<void> {
    return new Promise((resolve) => this.pending.push(() => (this.written.push(message), resolve())));
  }

  /** Finishes the writes under way, and the ones they let start, until none is left. */
  async drain(): Promise<void> {
    while (this.pending.length) {
      this.pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  end(): void {}
}

const diagnostics = (uri: string, n: number): Message => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, diagnostics: new Array(n).fill({}) } }) as Message;
const notification = (method: string): Message => ({ jsonrpc: '2.0', method }) as Message;
const request = (id: number, method: string): Message => ({ jsonrpc: '2.0', id, method }) as Message;
const response = (id: number): Message => ({ jsonrpc: '2.0', id, result: null }) as Message;
const label = (m: Message): string => {
  const x = m as { id?: number; method?: string; params?: { uri?: string; diagnostics?: unknown[] } };
  return x.method === 'textDocument/publishDiagnostics' ? `diagnostics ${x.params!.uri} ${x.params!.diagnostics!.length}` : (x.method ?? `answer ${x.id}`);
};

describe('outbox', () => {
  it('writes a hover answer before the diagnostics queued ahead of it, and a folder answer after them', async () => {
    const inner = new SlowWriter();
    const outbox = new Outbox(inner);
    outbox.noteIncoming(request(1, 'textDocument/hover'));
    outbox.noteIncoming(request(2, 'logtriage/analyzeFolder'));
    const sent = [outbox.write(diagnostics('a', 1)), outbox.write(diagnostics('b', 1)), outbox.write(notification('logtriage/analyzeProgress')), outbox.write(response(2)), outbox.write(response(1))];
    await inner.drain();
    await Promise.all(sent);
    assert.deepEqual(inner.written.map(label), ['diagnostics a 1', 'answer 1', 'diagnostics b 1', 'logtriage/analyzeProgress', 'answer 2']);
  });

  it("replaces a document's diagnostics still waiting by newer ones, in the newer one's place", async () => {
    const inner = new SlowWriter();
    const outbox = new Outbox(inner);
    const sent = [outbox.write(diagnostics('a', 1)), outbox.write(diagnostics('b', 1)), outbox.write(diagnostics('c', 1)), outbox.write(diagnostics('b', 2)), outbox.write(diagnostics('a', 3))];
    await inner.drain();
    await Promise.all(sent);
    // a's first went at once; b's first was still waiting when b's second came
    assert.deepEqual(inner.written.map(label), ['diagnostics a 1', 'diagnostics c 1', 'diagnostics b 2', 'diagnostics a 3']);
  });

  it('has room again once the queue is below its bound', async () => {
    const inner = new SlowWriter();
    const outbox = new Outbox(inner, 2);
    for (const uri of ['a', 'b', 'c']) void outbox.write(diagnostics(uri, 1)); // a goes, b and c wait
    let roomy = false;
    const room = outbox.room().then(() => (roomy = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(roomy, false);
    await inner.drain();
    await room;
    assert.equal(roomy, true);
  });
});
