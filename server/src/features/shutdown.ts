// After `shutdown` the server must refuse every request with InvalidRequest and drop notifications
// (LSP). The gate sees every message before vscode-jsonrpc dispatches it: a request after shutdown
// is turned into one to AFTER_SHUTDOWN, whose handler refuses it.
import type { Connection, ConnectionOptions, Message } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { messageHandled } from './inputFirst';

/** The method a request after `shutdown` is sent to instead of its own, to be refused. */
const AFTER_SHUTDOWN = 'logtriage/$requestAfterShutdown';

/** The gate; `seen` is shown every message from the editor first. */
export function shutdownGate(seen: (message: Message) => void = () => undefined): NonNullable<ConnectionOptions['messageStrategy']> {
  let shutDown = false;
  return {
    handleMessage(message, next) {
      // vscode-jsonrpc handles one queued message per turn of the event loop: while it does, analyses
      // take no slice, so that a hover queued behind 200 didOpen messages is read in 200 short turns
      messageHandled();
      seen(message);
      const m = message as Message & { method?: string; id?: number | string; params?: unknown };
      if (!shutDown) {
        if (m.method === 'shutdown') shutDown = true;
        return next(message);
      }
      // responses to our own requests, exit, and shutdown again (answered as the first one was)
      if (m.method === undefined || m.method === 'exit' || m.method === 'shutdown') return next(message);
      if (m.id === undefined) return; // a notification after shutdown is ignored
      return next({ ...m, method: AFTER_SHUTDOWN, params: { method: m.method } } as Message);
    },
  };
}

/** Answers the requests the gate turned away. */
export function registerShutdownRefusal(connection: Connection): void {
  connection.onRequest(AFTER_SHUTDOWN, ({ method }: { method: string }) => {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server received shutdown and answers no more requests`);
  });
}
