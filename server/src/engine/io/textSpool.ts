// Text held back to be written later (after a header only known at the end): in memory up to a
// bound, then in a temporary file, so that holding back a million findings costs disk, not memory.
import * as fs from 'fs';
import * as path from 'path';
import type { BufferedOutput } from './bufferedOutput';
import type { TempDir } from './tempDir';
import { makeTempDir } from './tempDir';

/** Text kept in memory before the spool moves to a file. */
export const SPOOL_MEMORY_BYTES = 8 * 1024 * 1024;
const REPLAY_PIECE_BYTES = 1024 * 1024;

export class TextSpool {
  private parts: string[] = [];
  private size = 0;
  private dir: TempDir | undefined;
  private file: fs.promises.FileHandle | undefined;

  constructor(private readonly memoryBytes = SPOOL_MEMORY_BYTES) {}

  /** True once the text went to a temporary file. */
  get spilled(): boolean {
    return this.file !== undefined;
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size < (this.file ? REPLAY_PIECE_BYTES : this.memoryBytes)) return;
    if (!this.file) {
      this.dir = await makeTempDir('logtriage-spool-');
      this.file = await fs.promises.open(path.join(this.dir.path, 'text'), 'w+');
    }
    await this.moveToFile();
  }

  private async moveToFile(): Promise<void> {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.file!.write(text, null, 'utf8');
  }

  /** Writes everything held to `out`, in order, then frees it. */
  async replay(out: BufferedOutput): Promise<void> {
    try {
      if (this.file) {
        if (this.size) await this.moveToFile();
        const piece = Buffer.allocUnsafe(REPLAY_PIECE_BYTES);
        const decoder = new TextDecoder('utf-8');
        for (let position = 0; ;) {
          const { bytesRead } = await this.file.read(piece, 0, piece.length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          await out.write(decoder.decode(piece.subarray(0, bytesRead), { stream: true }));
        }
        await out.write(decoder.decode());
      } else {
        for (const text of this.parts) await out.write(text);
      }
    } finally {
      await this.dispose();
    }
  }

  /** Frees the text and removes the temporary file, if any. */
  async dispose(): Promise<void> {
    this.parts = [];
    this.size = 0;
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
    await this.dir?.remove();
    this.dir = undefined;
  }
}
