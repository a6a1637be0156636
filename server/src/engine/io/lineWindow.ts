import { readLogChunks } from './readLog';

export interface LineWindow {
  /** 0-based number of the window's first line in the file. */
  first: number;
  /** The window's lines, each ended by a line break. */
  text: string;
}

/**
 * The lines of a log around `line` (0-based), `before` above and `after` below, read by streaming
 * (plain, gzip or an archive member) and stopping after the window: what an editor shows of a file
 * too large for it. Memory: the window and one piece of the file.
 */
export async function readLineWindow(path: string, line: number, before: number, after: number): Promise<LineWindow> {
  const first = Math.max(0, line - before);
  const last = line + after;
  const kept: string[] = [];
  let lineNo = 0;
  let carry = '';
  const chunks = readLogChunks(path);
  try {
    for await (const chunk of chunks) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        if (lineNo >= first) kept.push(carry + chunk.slice(start, nl + 1));
        carry = '';
        start = nl + 1;
        if (++lineNo > last) return { first, text: kept.join('') };
      }
      // a line longer than a piece is carried only when it belongs to the window
      if (lineNo >= first) carry += chunk.slice(start);
    }
    if (carry) kept.push(carry);
    return { first, text: kept.join('') };
  } finally {
    await chunks.return(undefined);
  }
}
