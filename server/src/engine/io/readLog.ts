import * as fs from 'fs';
import * as zlib from 'zlib';
import { isAscii } from 'buffer';
import { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { fsPath } from './bytePaths';
import { isMemberPath } from './archive/memberPath';
import { openMember } from './archive/openMember';
import type { LogSource } from './archive/walk';

/** A file that cannot be analyzed; the message is one line a person can act on. */
export class LogInputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** A deliberate skip (a binary file), not a failure to read. */
    readonly skipped = false,
  ) {
    super(`${path}: ${reason}`);
  }
}

const CHUNK_BYTES = 1024 * 1024;
/** Most bytes a gzip file may expand to unless told otherwise: a bomb stops here with a warning. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 ** 3;
/** A piece of the file this long made only of NUL bytes (a sparse or pre-allocated region) is skipped. */
const NUL_RUN_BYTES = 64 * 1024;
let zeros = Buffer.alloc(0);

function allNul(buf: Buffer): boolean {
  if (zeros.length < buf.length) zeros = Buffer.alloc(buf.length);
  return buf.equals(zeros.subarray(0, buf.length));
}

export interface ReadLogOptions {
  /** Cap on a gzip file's decompressed size (bytes); DEFAULT_MAX_DECOMPRESSED_BYTES when absent. */
  maxDecompressedBytes?: number;
  /** The bytes of an archive member being walked (io/archive); `path` only names it. */
  source?: LogSource;
  /** Size of the pieces read (bytes), a megabyte when absent: a merge of many files reads smaller ones. */
  pieceBytes?: number;
  /**
   * Open the file for each piece and close it after: a reader that holds many files at once (the
   * merged timeline) then keeps none open between its reads, whatever the descriptor limit.
   */
  closeBetweenPieces?: boolean;
  /**
   * A file holding the log's text as an earlier read gave it (UTF-8, checked, decompressed: a timeline's
   * spill of an archive member): read in place of `path`, which only names it.
   */
  textFile?: string;
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MiB`;
}
/** Bytes inspected for NUL to tell a binary file from text (as git and grep do). */
const BINARY_SNIFF_BYTES = 8000;

function describeFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return e.message.split('\n')[0];
  }
}

/** A decoder for UTF-16 text when the bytes start with its byte order mark (FF FE or FE FF). */
function utf16Decoder(head: Buffer): { write(buf: Buffer): string; end(): string } | undefined {
  if (head.length < 2) return undefined;
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  if (!encoding) return undefined;
  const decoder = new TextDecoder(encoding); // invalid sequences become U+FFFD, as with UTF-8
  return { write: (buf) => decoder.decode(buf, { stream: true }), end: () => decoder.decode() };
}

/**
 * A plain file in pieces, read into two buffers in turn: the next piece is on its way while the
 * caller works on this one, which it must be done with when it asks for the next.
 */
/** Whether UTF-8 bytes end with an incomplete character (a lead byte whose continuation bytes are still to come). */
export function endsInsideCharacter(buf: Buffer): boolean {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back];
    if (b < 0x80) return false;
    if (b >= 0xc0) return back < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2);
  }
  return false;
}

async function* readPieces(fd: fs.promises.FileHandle, pieceBytes = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(pieceBytes), Buffer.allocUnsafe(pieceBytes)];
  let which = 0;
  const read = (buffer: Buffer) => {
    const p = fd.read(buffer, 0, pieceBytes, null);
    p.catch(() => undefined); // a read in flight when the caller stops early must not be an unhandled rejection
    return p;
  };
  let pending = read(buffers[0]);
  for (;;) {
    const { bytesRead } = await pending;
    if (bytesRead === 0) return;
    const piece = buffers[which].subarray(0, bytesRead);
    which ^= 1;
    pending = read(buffers[which]);
    yield piece;
  }
}

/**
 * A file's bytes in pieces, opening it for each piece and closing it after (closeBetweenPieces).
 * Nothing is read ahead. With `reuse`, one buffer serves every piece: the caller must be done with a
 * piece when it asks for the next (a stream that queues pieces, like gunzip's input, needs fresh ones).
 */
async function* reopenedPieces(file: string | Buffer, pieceBytes: number, reuse: boolean): AsyncGenerator<Buffer> {
  const shared = reuse ? Buffer.allocUnsafe(pieceBytes) : undefined;
  for (let position = 0; ;) {
    const fd = await fs.promises.open(file, 'r');
    let bytesRead: number;
    const piece = shared ?? Buffer.allocUnsafe(pieceBytes);
    try {
      ({ bytesRead } = await fd.read(piece, 0, pieceBytes, position));
    } finally {
      await fd.close().catch(() => undefined);
    }
    if (bytesRead === 0) return;
    position += bytesRead;
    yield piece.subarray(0, bytesRead);
  }
}

/**
 * Reads a log as text in pieces of about a megabyte, gunzipping when the file is gzip
 * (by its magic bytes, whatever its name). Invalid UTF-8 becomes U+FFFD and nothing else is lost.
 * Throws LogInputError for a missing, unreadable or binary file; a damaged gzip ends early with a warning,
 * and so does one that expands past `maxDecompressedBytes` (the text up to the cap is analyzed).
 * Long runs of NUL bytes after the start (a sparse or pre-allocated region) are skipped, with a warning.
 */
export async function* readLogChunks(path: string, onWarning: (message: string) => void = () => undefined, options: ReadLogOptions = {}): AsyncGenerator<string> {
  for await (const piece of readLogPieces(path, onWarning, options)) yield pieceText(piece);
}

/** A piece as readLogPieces gives it: text, or ASCII bytes. */
export type LogPiece = string | Buffer;

/** Characters [start, end) of a piece as text (ASCII bytes read as Latin-1, a plain copy); an end past the piece is its end. */
export function pieceText(piece: LogPiece, start = 0, end = piece.length): string {
  return typeof piece === 'string' ? piece.slice(start, end) : piece.toString('latin1', start, end);
}

/** A log file opened for reading: its bytes (gunzipped when it is gzip) and what to close after. */
interface OpenedFile {
  stream: AsyncIterable<Buffer | string>;
  gzip: boolean;
  fd?: fs.promises.FileHandle;
  /** The file's size when opened, to tell a file that shrank while read. */
  size?: number;
  fdClosed: boolean;
  raw?: Readable;
}

async function openLogFile(path: string, options: ReadLogOptions): Promise<OpenedFile> {
  const file = options.textFile ?? fsPath(path);
  let fd: fs.promises.FileHandle;
  let size: number;
  try {
    const st = await fs.promises.stat(file);
    if (st.isDirectory()) throw new LogInputError(path, 'is a directory');
    size = st.size;
    fd = await fs.promises.open(file, 'r');
  } catch (e) {
    if (e instanceof LogInputError) throw e;
    throw new LogInputError(path, describeFsError(e as NodeJS.ErrnoException));
  }
  const magic = Buffer.alloc(2);
  const { bytesRead } = await fd.read(magic, 0, 2, 0);
  const gzip = !options.textFile && bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const pieceBytes = Math.max(4096, options.pieceBytes ?? CHUNK_BYTES);
  let fdClosed = false;
  if (options.closeBetweenPieces) {
    await fd.close();
    fdClosed = true;
  }
  if (!gzip) return { fd, size, fdClosed, gzip, stream: fdClosed ? reopenedPieces(file, pieceBytes, true) : readPieces(fd, pieceBytes) };
  const raw = fdClosed ? Readable.from(reopenedPieces(file, pieceBytes, false), { objectMode: false, highWaterMark: pieceBytes }) : fd.createReadStream({ highWaterMark: pieceBytes, start: 0 });
  const gunzip = raw.pipe(zlib.createGunzip({ chunkSize: pieceBytes }));
  raw.on('error', (e: Error) => gunzip.destroy(e));
  return { fd, size, fdClosed, gzip, raw, stream: gunzip };
}

/**
 * readLogChunks, with the pure ASCII pieces (nearly every log) left as bytes: a scan that works on
 * bytes decodes only the lines it needs. A Buffer piece may be reused for the next one: the caller
 * must be done with it (or copy it) before it asks for the next. A piece that is not ASCII is a
 * string, and so is the next while the decoder carries a character cut between the two.
 */
export async function* readLogPieces(path: string, onWarning: (message: string) => void = () => undefined, options: ReadLogOptions = {}): AsyncGenerator<string | Buffer> {
  const maxDecompressed = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  // an archive member (`bundle.tgz!/var/log/messages`): its bytes come decompressed from the walk
  let member: (LogSource & { close?(): void }) | undefined = options.source;
  if (!member && !options.textFile && isMemberPath(path)) {
    try {
      member = await openMember(path);
    } catch (e) {
      throw new LogInputError(path, (e as Error).message);
    }
  }
  const opened: OpenedFile = member ? { stream: member.chunks, gzip: member.compressed, fdClosed: false } : await openLogFile(path, options);
  const { fd, size, fdClosed, stream, raw, gzip } = opened;
  let decoder: { write(buf: Buffer): string; end(): string } = new StringDecoder('utf8');
  let ascii = typeof isAscii === 'function';
  /** Whether the UTF-8 decoder holds the first bytes of a character cut at the end of the last piece. */
  let pending = false;
  let sniffed = 0;
  let first = true;
  let total = 0;
  let nulSkipped = 0;
  /** Bytes read (decompressed for gzip), to tell a file that shrank while read. */
  let bytesSeen = 0;
  try {
    for await (const piece of stream) {
      let buf = piece as Buffer;
      bytesSeen += buf.length;
      if (first && !total) {
        // UTF-16 with a byte order mark (Windows tools write it): text, though half its bytes are NUL
        const utf16 = utf16Decoder(buf);
        if (utf16) {
          decoder = utf16;
          ascii = false;
          sniffed = BINARY_SNIFF_BYTES;
          buf = buf.subarray(2);
          first = false;
        }
      }
      if (sniffed < BINARY_SNIFF_BYTES) {
        const window = buf.subarray(0, BINARY_SNIFF_BYTES - sniffed);
        if (window.includes(0)) throw new LogInputError(path, `binary file (NUL byte in the first ${BINARY_SNIFF_BYTES} bytes), skipped`, true);
        sniffed += window.length;
      }
      if (gzip && total + buf.length > maxDecompressed) {
        const text = decoder.write(buf.subarray(0, maxDecompressed - total)) + decoder.end();
        if (text) yield text;
        onWarning(`decompresses to more than ${mib(maxDecompressed)} (a gzip bomb?); only the first ${mib(maxDecompressed)} were analyzed (option maxDecompressedBytes, setting logtriage.gzip.maxDecompressedMegabytes)`);
        return;
      }
      total += buf.length;
      if (buf.length >= NUL_RUN_BYTES && allNul(buf)) {
        nulSkipped += buf.length;
        continue;
      }
      if (first) {
        first = false;
        if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      // ASCII (nearly every log) reads as Latin-1, a plain copy; a piece that is not goes through the UTF-8
      // decoder, and so does the next one while a character cut between the two is still pending
      if (ascii && !pending && isAscii(buf)) {
        if (buf.length) yield buf;
        continue;
      }
      const text = decoder.write(buf);
      pending = endsInsideCharacter(buf);
      if (text) yield text;
    }
    const tail = decoder.end();
    if (tail) yield tail;
    if (!gzip && size !== undefined && bytesSeen < size) {
      onWarning(`the file shrank while it was read (${size} bytes when opened, ${bytesSeen} read): it was truncated or rotated meanwhile; the analysis covers what was read`);
    }
    if (nulSkipped) onWarning(`${mib(nulSkipped)} of NUL bytes (a sparse or pre-allocated region) were skipped`);
  } catch (e) {
    if (e instanceof LogInputError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (member) {
      // a damaged archive or member, or the bundle cap: the text before it is kept and analyzed
      const tail = decoder.end();
      if (tail) yield tail;
      onWarning(`${err.message.split('\n')[0]}; only the text before it was analyzed`);
      return;
    }
    if (gzip && (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end/i.test(err.message))) {
      // What was decompressed before the damage is kept and analyzed; the caller reports the rest.
      const tail = decoder.end();
      if (tail) yield tail;
      onWarning(`corrupt or truncated gzip (${err.message}); only the text before the damage was analyzed`);
      return;
    }
    throw new LogInputError(path, describeFsError(err));
  } finally {
    raw?.destroy();
    if (gzip && !member) (stream as zlib.Gunzip).destroy();
    member?.close?.();
    if (fd && !fdClosed) await fd.close().catch(() => undefined);
  }
}
