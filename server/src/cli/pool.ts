// Files of a folder, and members of an archive, analyzed by a pool of worker threads, one at a time
// per worker, the results handed on in the order of the listing (or of the archive): the output is
// the serial run's, whatever finishes first. An archive is read once, by this thread, which hands
// each member's bytes to a worker as they come out of the decompressor, a bounded amount ahead.
import { Worker } from 'worker_threads';
import type { FileOutcome, ListedPath, LogSource } from '../engine';
import { analyzeArchive } from '../engine';
import type { ReadAgain } from '../engine/correlate/needs';
import type { WalkOptions } from '../engine/io/archive/walk';
import { walkArchive } from '../engine/io/archive/walk';
import type { TempDir } from '../engine/io/tempDir';
import { makeTempDir } from '../engine/io/tempDir';
import type { Job, PooledOutcome, Reply } from './poolMessages';
import { analyzeSelected, oneLine, withReadAhead, WORKER_ROLE } from './poolMessages';
import type { Selection, SelectionSpec } from './selection';
import { selectFindings } from './selection';

export type { PooledOutcome } from './poolMessages';

/** How far past the next file to hand on a worker may run ahead (memory for results waiting their turn). */
const LOOKAHEAD_PER_WORKER = 4;
/** Bytes of archive members sent to a worker and not yet read by its analysis: the memory the pool may hold per worker. */
export const MEMBER_BYTES_AHEAD = 8 * 1024 * 1024;
/**
 * Young generation of each worker (MB): with V8's default, two workers and the main thread passed
 * 300 MB on a folder of 15 logs (229 MB): 320-356 MB, with 8 MB 267-278 MB in the same runs.
 */
export const YOUNG_GENERATION_MB = 8;

export interface PoolHooks {
  /** A file or member is being analyzed (by some worker). */
  onStart?(path: string): void;
  /** A member's bytes as the archive gives them, watched by the caller (the bundle summary). */
  watch?(path: string, source: LogSource): LogSource;
}

/** The workers, each with what it was sent and not yet answered. */
class Pool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { worker: number; resolve(o: PooledOutcome): void; reject(e: Error): void; path: string }>();
  /** Per worker: jobs sent and not answered, and member bytes sent and not yet taken. */
  readonly jobs: number[] = [];
  readonly bytesAhead: number[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;
  /** Wakes whoever waits for a worker to take bytes, answer, or fail. */
  private waiters: (() => void)[] = [];

  constructor(count: number, spec: SelectionSpec) {
    for (let i = 0; i < count; i++) {
      // no inspector or profiler flags of the parent: a worker may not take them all (a smaller young
      // generation would lower peak memory by some 70 MB but cost a folder's run 20% more CPU)
      const worker = new Worker(__filename, { workerData: { role: WORKER_ROLE, spec }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      worker.on('message', (reply: Reply) => this.answer(i, reply));
      worker.on('error', (e) => this.fail(new Error(`analysis worker failed: ${e.message}`)));
      // a worker ends only when terminated below; any other end would leave its file unanswered
      worker.on('exit', (code) => this.closing || this.fail(new Error(`analysis worker exited (${code})`)));
      this.workers.push(worker);
      this.jobs.push(0);
      this.bytesAhead.push(0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private answer(worker: number, reply: Reply): void {
    if (reply.kind === 'took') this.bytesAhead[worker] -= reply.bytes;
    else {
      const job = this.pending.get(reply.id)!;
      this.pending.delete(reply.id);
      this.jobs[worker]--;
      job.resolve(reply.outcome ?? { unreadable: { path: job.path, reason: `analysis failed (${reply.error})` } });
    }
    this.wake();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const job of this.pending.values()) job.reject(this.failure);
    this.pending.clear();
    this.wake();
  }

  /** Wakes whoever waits in changed(): something outside the workers changed (this thread's own file is done). */
  nudge(): void {
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Resolves at the next answer, bytes taken or failure; throws once a worker failed. */
  async changed(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** The worker with the least work in hand. */
  leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.size; i++) {
      if (this.jobs[i] < this.jobs[best] || (this.jobs[i] === this.jobs[best] && this.bytesAhead[i] < this.bytesAhead[best])) best = i;
    }
    return best;
  }

  /** Sends a file to a worker; its outcome when answered. */
  file(worker: number, entry: ListedPath): Promise<PooledOutcome> {
    return this.send(worker, entry.path, (id) => ({ kind: 'file', id, entry }));
  }

  /**
   * Sends a member's bytes to a worker as they come, at most MEMBER_BYTES_AHEAD ahead of its
   * analysis; resolves once they are all sent, with its outcome to come.
   */
  async member(worker: number, path: string, source: LogSource, mtime: number | undefined, keptDir: string): Promise<{ outcome: Promise<PooledOutcome> }> {
    let id = -1;
    const outcome = this.send(worker, path, (n) => ((id = n), { kind: 'member', id: n, path, compressed: source.compressed, mtime, keptDir }));
    let error: string | undefined;
    try {
      for await (const chunk of source.chunks) {
        while (this.bytesAhead[worker] > MEMBER_BYTES_AHEAD) await this.changed();
        // a copy the worker then owns: a chunk shares its memory with others (a decompressor's output buffer)
        const bytes = new Uint8Array(chunk);
        this.bytesAhead[worker] += bytes.length;
        this.workers[worker].postMessage({ kind: 'bytes', id, bytes } satisfies Job, [bytes.buffer]);
      }
    } catch (e) {
      if (this.failure) throw this.failure;
      // a damaged member or archive, or the bundle cap: the worker analyses the text before it, as a reader here would
      error = (e as Error)?.message ?? String(e);
    }
    this.workers[worker].postMessage({ kind: 'end', id, error } satisfies Job);
    return { outcome };
  }

  private send(worker: number, path: string, job: (id: number) => Job): Promise<PooledOutcome> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    this.jobs[worker]++;
    const outcome = new Promise<PooledOutcome>((resolve, reject) => this.pending.set(id, { worker, resolve, reject, path }));
    this.workers[worker].postMessage(job(id));
    return outcome;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export type OutcomeHandler = (outcome: PooledOutcome) => void | Promise<void>;

/** The listed files, then the archives' members, analyzed in this thread one after another. */
async function serial(entries: readonly ListedPath[], archives: readonly string[], selection: Selection, hooks: PoolHooks, onOutcome: OutcomeHandler): Promise<void> {
  for (const entry of entries) {
    hooks.onStart?.(entry.path);
    await onOutcome(await analyzeSelected(entry, selection));
  }
  // the selection first: what the correlation reads of a member depends on the findings it keeps
  const selected = async (o: FileOutcome, again?: ReadAgain) => {
    const chosen = o.analysis ? { analysis: selectFindings(o.analysis, selection) } : o;
    await onOutcome(again ? await withReadAhead(chosen, again) : chosen);
  };
  for (const archive of archives) await analyzeArchive(archive, selection.options, selected, { onReading: (p) => hooks.onStart?.(p), watch: hooks.watch });
}

/** Outcomes handed on in the order they were queued, each once it is answered; the queue is bounded. */
class InOrder {
  private readonly queue: Promise<PooledOutcome>[] = [];
  private draining: Promise<void> | undefined;
  private failed: unknown;

  constructor(
    private readonly onOutcome: OutcomeHandler,
    private readonly limit: number,
  ) {}

  /** Queues an outcome; waits while the queue is full. Throws what failed (a worker, the handler). */
  async push(outcome: Promise<PooledOutcome>): Promise<void> {
    outcome.catch(() => undefined); // a failure is the drain's to report
    this.queue.push(outcome);
    this.draining ??= this.drain();
    while (this.queue.length > this.limit && this.failed === undefined) await this.queue[0].catch(() => undefined);
    if (this.failed !== undefined) throw this.failed;
  }

  /** Hands on the queued outcomes in order; the first failure stops it and is kept for push and done. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length && this.failed === undefined) {
        const next = await this.queue[0];
        void this.queue.shift();
        await this.onOutcome(next);
      }
    } catch (e) {
      this.failed = e;
    } finally {
      this.draining = undefined;
    }
  }

  /** Resolves once every queued outcome was handed on. */
  async done(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.failed !== undefined) throw this.failed;
  }
}

/**
 * Every member of an archive through the pool: this thread decompresses, the workers analyse. A
 * member too big to keep in memory for the correlation's second look is kept by its worker in a
 * file of `keptDir`, which outlives the walk (the last outcomes come after it).
 */
async function archiveThroughPool(archive: string, pool: Pool, selection: Selection, hooks: PoolHooks, order: InOrder, keptDir: string): Promise<void> {
  const notes = await walkArchive(
    archive,
    async (member) => {
      if (!member.source) return order.push(Promise.resolve({ unreadable: { path: member.path, reason: member.skipped ?? 'not read' } }));
      hooks.onStart?.(member.path);
      const source = hooks.watch ? hooks.watch(member.path, member.source) : member.source;
      await order.push((await pool.member(pool.leastBusy(), member.path, source, member.mtime, keptDir)).outcome);
    },
    { maxBundleBytes: (selection.options as WalkOptions).maxBundleBytes },
  );
  for (const note of notes) await order.push(Promise.resolve({ unreadable: note }));
}

/**
 * Workers for `jobs` threads: this thread is one of them. It walks and decompresses an archive
 * (with two cores, a worker beside the walk took as long as two, 2.30-2.37 s against 2.42-2.60 s on
 * a .tgz of 15 logs, and 40-70 MB less memory), and analyses files beside the workers (a worker
 * less to start, warm and keep). 0: everything in this thread, one file after another.
 */
export function workerCount(jobs: number, entries: readonly ListedPath[], archives: readonly string[]): number {
  if (archives.length) return jobs - 1;
  const files = entries.filter((e) => !e.error).length;
  return jobs > 1 && files > 1 ? Math.min(jobs, files) - 1 : 0;
}

/**
 * The listed files in listing order, then each archive's members in archive order, through
 * `onOutcome` (awaited one at a time), analyzed by the workers of `jobs` (see workerCount).
 */
export async function analyzeInOrder(entries: readonly ListedPath[], archives: readonly string[], jobs: number, selection: Selection, onOutcome: OutcomeHandler, hooks: PoolHooks = {}): Promise<void> {
  const workers = workerCount(jobs, entries, archives);
  if (!workers) return serial(entries, archives, selection, hooks, onOutcome);
  const pool = new Pool(workers, selection.spec);
  let keptDir: TempDir | undefined;
  const order = new InOrder(onOutcome, (workers + 1) * LOOKAHEAD_PER_WORKER);
  // this thread analyses a file whenever no worker is free and it has none in hand
  let hereBusy = false;
  const here = (entry: ListedPath): Promise<PooledOutcome> => {
    hereBusy = true;
    return analyzeSelected(entry, selection)
      .catch((e: unknown): PooledOutcome => ({ unreadable: { path: entry.path, reason: `analysis failed (${oneLine(e)})` } })) // as a worker's failure reads
      .finally(() => ((hereBusy = false), pool.nudge()));
  };
  try {
    for (const entry of entries) {
      while (!entry.error && hereBusy && pool.jobs.every((n) => n > 0)) await pool.changed();
      hooks.onStart?.(entry.path);
      const free = pool.jobs.findIndex((n) => n === 0);
      await order.push(entry.error ? Promise.resolve<PooledOutcome>({ unreadable: { path: entry.path, reason: entry.error, ...(entry.skipped ? { skipped: true } : {}) } }) : free >= 0 ? pool.file(free, entry) : here(entry));
    }
    if (archives.length) keptDir = await makeTempDir('logtriage-kept-');
    for (const archive of archives) await archiveThroughPool(archive, pool, selection, hooks, order, keptDir!.path);
    await order.done();
  } finally {
    await pool.close();
    await keptDir?.remove();
  }
}
