import * as fs from 'fs';
import { plainText } from '../engine';

/** Files done, MB/s and the current file on one line of a terminal's stderr; nothing when it is not a terminal. */
export class Progress {
  private done = 0;
  private bytes = 0;
  private current = '';
  private drawn = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    readonly enabled: boolean,
  ) {
    if (enabled) this.timer = setInterval(() => this.draw(), 250).unref();
  }

  starting(path: string): void {
    this.current = path;
    if (this.enabled && !this.drawn) this.draw(); // at once, then every 250 ms
  }

  finished(path: string): void {
    this.done++;
    if (!this.enabled) return;
    try {
      this.bytes += fs.statSync(path).size;
    } catch {
      // an unreadable file counts as done, with no bytes
    }
  }

  private draw(): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.bytes / 1048576 / seconds : 0;
    const width = (this.stream.columns || 80) - 1;
    const line = plainText(`${this.done}/${this.total} files, ${rate.toFixed(1)} MB/s, ${this.current}`).slice(0, width);
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn++;
  }

  /** Before anything else is written to the terminal: the line is wiped. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }
}
