// Pulling chunks from a stream without owning it. A tar entry destroyed by an abandoned
// `for await` takes the whole archive down with it (tar-stream), so readers here leave the
// stream alone when they stop early, and the walker drains it before the next member.
import type { Readable } from 'stream';

/** The parts of a Node or streamx readable this reader uses. */
type PullStream = Pick<Readable, 'read' | 'on' | 'off' | 'resume'>;

export class StreamReader {
  private ended = false;
  private failed: unknown;
  /** Readers waiting for data: a member's sniffing reader and the walker's drain may both wait. */
  private waiters: (() => void)[] = [];
  private readonly wake = () => {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  };
  private readonly onReadable = () => this.wake();
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };
  private readonly onError = (e: unknown) => {
    this.failed ??= e;
    this.wake();
  };
  private readonly onClose = () => {
    // closed without an end: the archive around it broke off
    if (!this.ended) this.failed ??= new Error('the archive ended inside this member (truncated?)');
    this.wake();
  };

  constructor(private readonly stream: PullStream) {
    stream.on('readable', this.onReadable);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.stream.read() as Buffer | null;
      if (chunk !== null) {
        yield chunk;
        continue;
      }
      if (this.failed !== undefined) throw this.failed;
      if (this.ended) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Reads and drops the rest; resolves at the end (or the stream's failure, which the walker reports). */
  async drain(): Promise<void> {
    try {
      for await (const _ of this.chunks());
    } catch {
      // the walker learns of a broken archive from the archive stream itself
    }
  }

  detach(): void {
    this.stream.off('readable', this.onReadable);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onError);
    this.stream.off('close', this.onClose);
  }
}

/** The first `bytes` bytes of a chunk sequence (fewer if it is shorter), and the whole sequence again. */
export async function peek(source: AsyncIterator<Buffer>, bytes: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, bytes);
  async function* all(): AsyncGenerator<Buffer> {
    yield* taken;
    if (done) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  return { head, all: all() };
}
