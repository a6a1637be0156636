// A member's bytes kept in memory while small, so that the cross-file correlation's second look at
// it reads them here again rather than walking the archive to the member once more.
import type { ReadLogOptions } from '../readLog';
import type { LogSource } from './walk';

/** A member this size or smaller is kept for the correlation's second look (readAheadForCorrelation). */
export const MEMBER_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * A member's bytes as its analysis read them, kept while they are at most MEMBER_KEPT_BYTES: the
 * correlation's second look then reads them here rather than walking the archive to the member again.
 */
export class KeptBytes {
  private chunks: Buffer[] | undefined = [];
  private bytes = 0;

  add(chunk: Buffer): void {
    if (!this.chunks) return;
    this.bytes += chunk.length;
    if (this.bytes > MEMBER_KEPT_BYTES) this.chunks = undefined;
    else this.chunks.push(chunk);
  }

  /** Some bytes were not read by the analysis, or the member broke off: nothing to read again. */
  drop(): void {
    this.chunks = undefined;
  }

  /** The member's bytes again, for each read; undefined when they were not all kept. */
  again(compressed: boolean): (() => Pick<ReadLogOptions, 'source'>) | undefined {
    const chunks = this.chunks;
    return chunks && (() => ({ source: { chunks: replay(chunks), compressed } }));
  }

  /** `source`, keeping what is read of it (copies: a reader may reuse its buffers). */
  static watch(source: LogSource, kept: KeptBytes): LogSource {
    async function* keep(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of source.chunks) {
          kept.add(Buffer.from(chunk));
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
