// The custom rules are checked in a worker thread: each pattern is timed on long adversarial lines
// (regexSafety.ts), milliseconds apiece, and a file of 10,000 rules takes minutes of it. The main
// thread goes on answering hovers and publishing the built-in rules' findings, and only puts the
// checked rules in force when the worker hands them over.
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { CheckedRules } from './customRules';
import { checkRules } from './customRules';

/** workerData of the worker thread: the server bundle starts it on itself. */
const ROLE = 'logtriage-rules-check';

interface CheckRequest {
  role: typeof ROLE;
  folders: string[];
  trusted: boolean;
  packs: string[];
}

/** A check under way in its worker; `stop` ends it (a newer check replaces it). */
export interface RulesCheck {
  result: Promise<CheckedRules>;
  stop(): void;
}

/**
 * Checks the custom rules in a worker thread; undefined when no worker can start (the caller checks
 * them in this thread). `script`: the file the worker runs (this module, or the bundle it is in).
 */
export function checkRulesInWorker(folders: readonly string[], trusted: boolean, packs: readonly string[], script = __filename): RulesCheck | undefined {
  let worker: Worker;
  try {
    const request: CheckRequest = { role: ROLE, folders: [...folders], trusted, packs: [...packs] };
    // no inspector or profiler flags of the server's own: a worker may not take them all
    worker = new Worker(script, { workerData: request, execArgv: [] });
  } catch {
    return undefined;
  }
  worker.unref(); // the server exits when its connection ends, whatever the worker does
  const result = new Promise<CheckedRules>((resolve, reject) => {
    worker.once('message', (checked: CheckedRules) => resolve(checked));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the rules check exited (${code}) before it was done`)));
  });
  result.finally(() => void worker.terminate()).catch(() => undefined);
  return { result, stop: () => void worker.terminate() };
}

/** True in the rules-check worker: the server's module must not open a connection there. */
export const isRulesCheckWorker = !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;

if (isRulesCheckWorker) {
  const { folders, trusted, packs } = workerData as CheckRequest;
  parentPort!.postMessage(checkRules(folders, trusted, packs));
}
