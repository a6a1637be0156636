// The protocol's typed messages (../protocol.ts) on the server's connection. vscode-languageserver
// carries its own copy of vscode-jsonrpc, whose message classes are not the protocol's (the client's
// copy): passed one of those, it would not recognise its parameter structure. So the server
// registers and sends by method name, with the types the protocol declares.
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { NotificationType, RequestType } from 'vscode-jsonrpc';

export function onRequest<P, R>(connection: Connection, type: RequestType<P, R, void>, handler: (params: P, token: CancellationToken) => R | Promise<R>): void {
  connection.onRequest(type.method, async (params: P, token: CancellationToken) => handler(params, token));
}

export function onNotification<P>(connection: Connection, type: NotificationType<P>, handler: (params: P) => void): void {
  connection.onNotification(type.method, handler);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params);
}
