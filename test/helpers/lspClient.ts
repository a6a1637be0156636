// A real JSON-RPC client for the built language server (dist/server.js --stdio), as an editor
// would talk to it. Used by the protocol tests.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from './paths';

export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; resolve: (d: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';
  /** What the client answers to workspace/configuration for the `logtriage` section. */
  settings: unknown = null;

  constructor() {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.filter((x) => x.uri === p.uri)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(p);
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'logtriage' ? this.settings : null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(rootPath = repoRoot, initializationOptions: unknown = { trusted: true }): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: 'file://' + rootPath,
      capabilities: {
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { relatedInformation: true } },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      },
      workspaceFolders: [{ uri: 'file://' + rootPath, name: 'root' }],
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics published for `uri` (call before the change that causes them). */
  nextDiagnostics(uri: string, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await next).diagnostics;
  }

  /** The diagnostics last published for `uri`, if any. */
  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri);
  }

  /** Every URI diagnostics were published for. */
  publishedUris(): string[] {
    return [...this.diagnostics.keys()];
  }

  /** The server's process id (the benchmark reads its peak memory from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /**
   * Asks the server to stop and waits for it to exit; resolves with its exit code. A server that has
   * not exited 10 s after the request (busy, or deaf to it) is killed, so a test run can never hang
   * on it (the code is then null).
   */
  async shutdown(): Promise<number | null> {
    const gone = this.child.exitCode !== null || this.child.signalCode !== null;
    const exited = gone ? Promise.resolve(this.child.exitCode) : new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      if (!gone) {
        const answered = await Promise.race([this.connection.sendRequest('shutdown').then(() => true), exited.then(() => false)]);
        if (answered) await this.connection.sendNotification('exit');
      }
      return await exited;
    } finally {
      clearTimeout(killer);
      this.connection.dispose();
    }
  }
}
