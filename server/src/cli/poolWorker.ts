// A worker of the analysis pool (pool.ts): files it is sent are analysed as the main thread would
// analyse them, archive members from the bytes the main thread sends as it decompresses them, one
// member after another; with a member's outcome goes what the cross-file correlation may read of
// it (the member's bytes are at hand here, and reading them again would mean walking the archive).
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { keepWhatCorrelationReads } from '../engine/correlate/needs';
import { noteMemberMtime } from '../engine/io/archive/walk';
import { KeptBytes } from '../engine/io/archive/keptBytes';
import type { Job, PooledOutcome, Reply } from './poolMessages';
import { analyzeSelected, oneLine, withReadAhead, WORKER_ROLE } from './poolMessages';
import type { SelectionSpec } from './selection';
import { buildSelection } from './selection';

/** True in a worker started by analyzeInOrder: it serves jobs until it is terminated. */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === WORKER_ROLE;
}

/** A member's bytes as the main thread sends them, pulled by the analysis; kept for a second look while small. */
class MemberBytes {
  private readonly queue: Buffer[] = [];
  private ended = false;
  private error: string | undefined;
  private wake: (() => void) | undefined;
  readonly kept: KeptBytes;

  constructor(
    private readonly took: (bytes: number) => void,
    compressed: boolean,
    keptDir: string,
  ) {
    this.kept = new KeptBytes(compressed, keptDir);
  }

  push(bytes: Buffer): void {
    if (this.discarding) return this.took(bytes.length);
    this.queue.push(bytes);
    this.wake?.();
  }

  get finished(): boolean {
    return this.ended && this.discarding;
  }

  end(error: string | undefined): void {
    this.ended = true;
    this.error = error;
    this.wake?.();
  }

  /** The analysis is over: bytes it did not read are let go (and counted as taken, so the sender goes on). */
  discard(): void {
    if (this.queue.length || this.error !== undefined) this.kept.drop();
    for (const b of this.queue.splice(0)) this.took(b.length);
    this.discarding = true;
  }
  private discarding = false;

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        this.took(next.length);
        this.kept.add(next); // the bytes were sent to this thread: kept without a copy
        yield next;
        continue;
      }
      if (this.error !== undefined) throw new Error(this.error);
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

export function serveAnalysisJobs(): void {
  const selection = buildSelection((workerData as { spec: SelectionSpec }).spec);
  const reply = (r: Reply) => parentPort!.postMessage(r);
  const members = new Map<number, MemberBytes>();
  const answer = (id: number, work: Promise<PooledOutcome>) =>
    work.then(
      (outcome) => reply({ kind: 'done', id, outcome }),
      (e) => reply({ kind: 'done', id, error: oneLine(e) }),
    );
  // members one after another, in the order sent: the next one's bytes wait in its queue meanwhile
  let memberTurn: Promise<unknown> = Promise.resolve();
  parentPort!.on('message', (job: Job) => {
    switch (job.kind) {
      case 'file':
        // a file is read again by the correlation itself, only where a relation wants it
        void answer(job.id, analyzeSelected(job.entry, selection));
        break;
      case 'member': {
        const bytes = new MemberBytes((n) => reply({ kind: 'took', id: job.id, bytes: n }), job.compressed, job.keptDir);
        members.set(job.id, bytes);
        if (job.mtime !== undefined) noteMemberMtime(job.path, job.mtime);
        const source = { chunks: bytes.chunks(), compressed: job.compressed };
        const work = memberTurn.then(async () => {
          const outcome = await analyzeSelected({ path: job.path }, selection, source, keepWhatCorrelationReads(bytes.kept));
          bytes.discard();
          if (bytes.finished) members.delete(job.id);
          // a member not kept whole is left to the correlation, which walks the archive to it if it must
          const again = bytes.kept.again();
          try {
            return again ? await withReadAhead(outcome, again) : outcome;
          } finally {
            bytes.kept.dispose();
          }
        });
        memberTurn = answer(job.id, work);
        break;
      }
      case 'bytes':
        members.get(job.id)?.push(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength));
        break;
      case 'end': {
        const bytes = members.get(job.id);
        bytes?.end(job.error);
        if (bytes?.finished) members.delete(job.id);
        break;
      }
    }
  });
}
