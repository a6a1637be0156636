// A member's bytes kept while it is analysed, so that the cross-file correlation's second look at it
// reads them here again rather than walking the archive to the member once more: in memory while
// small, past that in a file of a temporary folder (written as the bytes come, removed once read).
import * as fs from 'fs';
import * as path from 'path';
import { threadId } from 'worker_threads';
import type { ReadLogOptions } from '../readLog';
import type { LogSource } from './walk';

/** A member this size or smaller is kept in memory for the correlation's second look (readAheadForCorrelation). */
export const MEMBER_KEPT_BYTES = 16 * 1024 * 1024;
/** Past this not even on disk: the correlation walks the archive to the member if it must. */
export const MEMBER_SPILLED_BYTES = 4 * 1024 ** 3;
/** What is kept of a member whose family the correlation reads no further than its head (a year's evidence). */
export const MEMBER_HEAD_BYTES = 64 * 1024;

/** Files written so far by this thread (their names must not meet another thread's in a shared folder). */
let spilled = 0;

/** Where a kept member's bytes are read again from: memory or the file they went to. */
export type KeptRead = Pick<ReadLogOptions, 'source' | 'textFile'>;

/**
 * A member's bytes as its analysis read them: in memory up to MEMBER_KEPT_BYTES; past that, when
 * given a folder, in a file there (a big member of a family the correlation reads would otherwise
 * cost a walk of the archive to it: a 15-member .tgz of 64 MB logs took twice as long). Call
 * `dispose` once the second look is done.
 */
export class KeptBytes {
  private chunks: Buffer[] | undefined = [];
  private bytes = 0;
  /** Whether every byte read so far is kept (not only the head). */
  private whole = true;
  private headOnly = false;
  /** The file the bytes went to once past MEMBER_KEPT_BYTES, open for writing until read. */
  private file: { path: string; fd: number | undefined } | undefined;

  constructor(
    private readonly compressed: boolean,
    /** A folder for members past MEMBER_KEPT_BYTES; without one they are not kept. */
    private readonly spillDir?: string,
  ) {}

  private get kept(): boolean {
    return this.chunks !== undefined || this.file !== undefined;
  }

  /** Whether the next piece read is kept (else add only notes that it was read). */
  get keeping(): boolean {
    return this.kept && !(this.headOnly && this.bytes >= MEMBER_HEAD_BYTES);
  }

  add(chunk: Buffer): void {
    if (!this.kept) return;
    if (!this.keeping) return void (this.whole = false);
    this.bytes += chunk.length;
    if (this.file) {
      if (this.bytes > MEMBER_SPILLED_BYTES) return this.drop();
      return this.write([chunk]);
    }
    this.chunks!.push(chunk);
    if (this.bytes > MEMBER_KEPT_BYTES) this.spill();
  }

  /** The bytes so far to a new file, and the next ones after them; without a folder, or when it fails, nothing is kept. */
  private spill(): void {
    const chunks = this.chunks!;
    this.chunks = undefined;
    if (this.spillDir === undefined) return;
    const file = path.join(this.spillDir, `member-${process.pid}-${threadId}-${++spilled}`);
    try {
      this.file = { path: file, fd: fs.openSync(file, 'wx', 0o600) };
    } catch {
      return;
    }
    this.write(chunks);
  }

  private write(chunks: readonly Buffer[]): void {
    try {
      for (const chunk of chunks) for (let at = 0; at < chunk.length;) at += fs.writeSync(this.file!.fd!, chunk, at);
    } catch {
      this.drop(); // a full disk: the member is not kept, as one past the caps
    }
  }

  /**
   * From now on only the head is kept (the first pieces, at least MEMBER_HEAD_BYTES): the family's
   * correlation reads no more of it. A compressed member is kept whole: its head is not a piece of it.
   */
  keepHeadOnly(): void {
    if (this.compressed || !this.kept) return;
    this.headOnly = true;
    if (!this.chunks) return void (this.whole = this.bytes < MEMBER_HEAD_BYTES);
    let bytes = 0;
    const head = this.chunks.findIndex((c) => (bytes += c.length) >= MEMBER_HEAD_BYTES);
    if (head >= 0 && head < this.chunks.length - 1) {
      this.chunks.length = head + 1;
      this.bytes = bytes;
      this.whole = false;
    }
  }

  /** Some bytes were not read by the analysis, or the member broke off: nothing to read again. */
  drop(): void {
    this.chunks = undefined;
    this.removeFile();
  }

  /** The second look is over: memory and file let go. */
  dispose(): void {
    this.drop();
  }

  private removeFile(): void {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    if (file.fd !== undefined) fs.closeSync(file.fd);
    fs.rmSync(file.path, { force: true });
  }

  /**
   * The member's bytes again, for each read of the part asked for (see ReadAgain in correlate/needs):
   * undefined when nothing was kept, and for the whole member when only its head was.
   */
  again(): ((part: 'whole' | 'head') => KeptRead | undefined) | undefined {
    const { chunks, whole, compressed, file } = this;
    if (file && file.fd !== undefined) {
      // written to the end: closed, to be read as the text of the member it holds
      fs.closeSync(file.fd);
      file.fd = undefined;
    }
    if (file) return (part) => (part === 'whole' && !whole ? undefined : { textFile: file.path });
    return chunks && ((part) => (part === 'whole' && !whole ? undefined : { source: { chunks: replay(chunks), compressed } }));
  }

  /** `source`, keeping what is read of it: its chunks themselves, which a LogSource never reuses. */
  static watch(source: LogSource, kept: KeptBytes): LogSource {
    async function* keep(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of source.chunks) {
          kept.add(chunk);
          yield chunk;
        }
      } catch (e) {
        kept.drop();
        throw e;
      }
    }
    return { chunks: keep(), compressed: source.compressed };
  }
}

async function* replay(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}
