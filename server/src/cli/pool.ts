// Files of a folder analyzed by a pool of worker threads, one file at a time per worker, the results
// handed on in the order of the listing: the output is the serial run's, whatever finishes first.
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { FileOutcome, ListedPath } from '../engine';
import { analyzeEntry } from '../engine';
import type { Selection, SelectionSpec } from './selection';
import { buildSelection, selectFindings } from './selection';

const ROLE = 'logtriage-analyze-worker';

/** How far past the next file to hand on a worker may run ahead (memory for results waiting their turn). */
const LOOKAHEAD_PER_WORKER = 4;

interface Job {
  index: number;
  entry: ListedPath;
}
interface Reply {
  index: number;
  outcome?: FileOutcome;
  error?: string;
}

export interface PoolHooks {
  /** A file is being analyzed (by some worker). */
  onStart?(entry: ListedPath): void;
}

async function analyzeSelected(entry: ListedPath, selection: Selection): Promise<FileOutcome> {
  const outcome = await analyzeEntry(entry, selection.options);
  return outcome.analysis ? { analysis: selectFindings(outcome.analysis, selection) } : outcome;
}

/** The listed files analyzed in this thread, one after another. */
async function* serial(entries: readonly ListedPath[], selection: Selection, hooks: PoolHooks): AsyncGenerator<FileOutcome> {
  for (const entry of entries) {
    hooks.onStart?.(entry);
    yield await analyzeSelected(entry, selection);
  }
}

/** The listed files analyzed by `jobs` workers; outcomes come in listing order. */
async function* parallel(entries: readonly ListedPath[], jobs: number, spec: SelectionSpec, hooks: PoolHooks): AsyncGenerator<FileOutcome> {
  const done = new Map<number, FileOutcome>();
  let next = 0; // next entry to hand to a worker
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  let emitted = 0;
  let closing = false;
  const dispatch = () => {
    while (idle.length && next < entries.length && next < emitted + jobs * LOOKAHEAD_PER_WORKER) {
      const job: Job = { index: next, entry: entries[next++] };
      hooks.onStart?.(job.entry);
      idle.pop()!.postMessage(job);
    }
  };
  for (let i = 0; i < jobs; i++) {
    // no inspector or profiler flags of the parent: a worker may not take them all
    const worker = new Worker(__filename, { workerData: { role: ROLE, spec }, execArgv: [] });
    worker.on('message', (reply: Reply) => {
      const entry = entries[reply.index];
      done.set(reply.index, reply.outcome ?? { unreadable: { path: entry.path, reason: `analysis failed (${reply.error})` } });
      idle.push(worker);
      dispatch();
      wake?.();
    });
    worker.on('error', (e) => {
      failure ??= new Error(`analysis worker failed: ${e.message}`);
      wake?.();
    });
    worker.on('exit', (code) => {
      // a worker ends only when terminated below; any other end would leave its file unanswered
      if (!closing) failure ??= new Error(`analysis worker exited (${code})`);
      wake?.();
    });
    workers.push(worker);
    idle.push(worker);
  }
  try {
    dispatch();
    while (emitted < entries.length) {
      const outcome = done.get(emitted);
      if (outcome) {
        done.delete(emitted++);
        dispatch();
        yield outcome;
        continue;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Outcomes of the listed files in listing order, by `jobs` workers (1: in this thread). */
export function analyzeInOrder(entries: readonly ListedPath[], jobs: number, selection: Selection, hooks: PoolHooks = {}): AsyncGenerator<FileOutcome> {
  const workers = Math.min(jobs, entries.filter((e) => !e.error).length);
  return workers > 1 ? parallel(entries, workers, selection.spec, hooks) : serial(entries, selection, hooks);
}

/** True in a worker started by analyzeInOrder: it serves jobs until it is terminated. */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;
}

export function serveAnalysisJobs(): void {
  const selection = buildSelection((workerData as { spec: SelectionSpec }).spec);
  parentPort!.on('message', (job: Job) => {
    analyzeSelected(job.entry, selection).then(
      (outcome) => parentPort!.postMessage({ index: job.index, outcome } satisfies Reply),
      (e) => parentPort!.postMessage({ index: job.index, error: String((e as Error)?.message ?? e).split('\n')[0] } satisfies Reply),
    );
  });
}
