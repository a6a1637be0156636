// A member's bytes kept in memory while small, so that the cross-file correlation's second look at
// it reads them here again rather than walking the archive to the member once more.
import type { ReadLogOptions } from '../readLog';
import type { LogSource } from './walk';

/** A member this size or smaller is kept for the correlation's second look (readAheadForCorrelation). */
export const MEMBER_KEPT_BYTES = 16 * 1024 * 1024;
/** What is kept of a member whose family the correlation reads no further than its head (a year's evidence). */
export const MEMBER_HEAD_BYTES = 64 * 1024;

/**
 * A member's bytes as its analysis read them, kept while they are at most MEMBER_KEPT_BYTES: the
 * correlation's second look then reads them here rather than walking the archive to the member again.
 */
export class KeptBytes {
  private chunks: Buffer[] | undefined = [];
  private bytes = 0;
  /** Whether every byte read so far is kept (not only the head). */
  private whole = true;
  private headOnly = false;

  constructor(private readonly compressed: boolean) {}

  /** Whether the next piece read is kept (else add only notes that it was read). */
  get keeping(): boolean {
    return this.chunks !== undefined && !(this.headOnly && this.bytes >= MEMBER_HEAD_BYTES);
  }

  add(chunk: Buffer): void {
    if (!this.chunks) return;
    if (!this.keeping) return void (this.whole = false);
    this.bytes += chunk.length;
    if (this.bytes > MEMBER_KEPT_BYTES) this.chunks = undefined;
    else this.chunks.push(chunk);
  }

  /**
   * From now on only the head is kept (the first pieces, at least MEMBER_HEAD_BYTES): the family's
   * correlation reads no more of it. A compressed member is kept whole: its head is not a piece of it.
   */
  keepHeadOnly(): void {
    if (this.compressed || !this.chunks) return;
    this.headOnly = true;
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
  }

  /**
   * The member's bytes again, for each read of the part asked for (see ReadAgain in correlate/needs):
   * undefined when nothing was kept, and for the whole member when only its head was.
   */
  again(): ((part: 'whole' | 'head') => Pick<ReadLogOptions, 'source'> | undefined) | undefined {
    const { chunks, whole, compressed } = this;
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
