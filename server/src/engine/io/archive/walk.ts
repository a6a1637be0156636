// One streamed pass over an archive: every member is handed to a visitor as a stream of its
// (decompressed) bytes, and archives inside it are walked in the same pass. Nothing is written
// to disk; member names are made safe (memberPath.ts) and links are named, never followed.
import * as fs from 'fs';
import { Readable, Transform } from 'stream';
import * as tarStream from 'tar-stream';
import { peek, StreamReader } from './chunks';
import { decompressStream } from './decompress';
import type { Compression } from './kind';
import { compressionOf, containerOf, gunzipHead, SNIFF_BYTES } from './kind';
import { isArchiveName, joinMemberPath, MEMBER_SEPARATOR, safeMemberName } from './memberPath';
import type { ZipSource } from './zip';
import { openZip, openZipMember, zipMembers } from './zip';

/** Most bytes one bundle may decompress to (all levels, all members) unless told otherwise. */
export const DEFAULT_MAX_BUNDLE_BYTES = 32 * 1024 ** 3;
/** A zip inside another archive needs random access, so it is read into memory: up to this size. */
const NESTED_ZIP_MAX_BYTES = 512 * 1024 ** 2;
const CHUNK_BYTES = 1024 * 1024;

/** A member's bytes, decompressed when the member itself is compressed (`vmkernel.1.gz`). */
export interface LogSource {
  /**
   * The member's bytes. A chunk handed out is never written again (the decompressors, tar-stream,
   * yauzl and file streams all give fresh or never reused memory): a reader may keep it as it is.
   */
  chunks: AsyncIterable<Buffer>;
  /** True when the bytes came out of a decompressor (the per-member cap applies). */
  compressed: boolean;
}

export interface MemberVisit {
  /** `archive!/member` (memberPath.ts). */
  path: string;
  size?: number;
  mtime?: number;
  /** Absent when the member is not read; `skipped` says why. */
  source?: LogSource;
  skipped?: string;
}

/** A problem of an archive as a whole (truncated, the bundle cap reached); its members before it were visited. */
export interface ArchiveNote {
  path: string;
  reason: string;
}

export interface WalkOptions {
  /** Cap on the bytes decompressed for the whole bundle; DEFAULT_MAX_BUNDLE_BYTES when absent. */
  maxBundleBytes?: number;
  /** Visit this member only (and walk only the archives on its way). */
  only?: string;
}

/** Called for each member; its source must be read (or dropped) before the promise settles. */
export type MemberVisitor = (member: MemberVisit) => Promise<'stop' | void>;

type MemberKind = 'file' | 'directory' | 'symlink' | 'link' | 'other';

interface MemberInfo {
  kind: MemberKind;
  linkname?: string;
  size?: number;
  mtime?: number;
  unreadable?: string;
}

class BundleCapReached extends Error {}

/** An error thrown by the visitor (cancellation, a bug): it ends the walk instead of being noted. */
class VisitorFailed extends Error {
  constructor(readonly inner: unknown) {
    super('visitor failed');
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MiB`;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** Member modification times seen by walks, for readers that place year-less stamps (bounded). */
const seenTimes = new Map<string, number>();
const SEEN_TIMES_MAX = 100_000;

export function memberMtime(path: string): number | undefined {
  return seenTimes.get(path);
}

/** Records a member's time as a walk saw it (a worker thread analysing members told of it by the walking thread). */
export function noteMemberMtime(path: string, mtime: number): void {
  if (seenTimes.size >= SEEN_TIMES_MAX) seenTimes.delete(seenTimes.keys().next().value!);
  seenTimes.set(path, mtime);
}

class Walk {
  private decompressed = 0;
  stopped = false;
  readonly notes: ArchiveNote[] = [];

  constructor(
    private readonly cap: number,
    private readonly visitor: MemberVisitor,
    private readonly only: string | undefined,
  ) {}

  /** Decompressed bytes, counted against the bundle cap. */
  inflate(compression: Compression, input: Readable | AsyncIterable<Buffer>): Readable {
    return this.metered(decompressStream(compression, input instanceof Readable ? input : Readable.from(input, { objectMode: false })));
  }

  private capReached(): BundleCapReached {
    return new BundleCapReached(`decompression stopped at the bundle cap of ${mib(this.cap)} (option maxBundleBytes, setting logtriage.bundle.maxDecompressedMegabytes); the rest of the archive was not read`);
  }

  /** A decompressor's output, counted against the bundle cap: past it the stream fails. */
  private metered(stream: Readable): Readable {
    const meter = new Transform({
      highWaterMark: CHUNK_BYTES,
      transform: (chunk: Buffer, _encoding, done) => {
        this.decompressed += chunk.length;
        if (this.decompressed > this.cap) done(this.capReached());
        else done(null, chunk);
      },
    });
    stream.on('error', (e) => meter.destroy(e));
    return stream.pipe(meter);
  }

  /** Stops the walk once a member's own decompression went past the cap (the member was told by its stream). */
  private checkCap(): void {
    if (this.decompressed > this.cap) throw this.capReached();
  }

  private wanted(path: string): boolean {
    return this.only === undefined || this.only === path || this.only.startsWith(path + MEMBER_SEPARATOR);
  }

  private async visit(member: MemberVisit): Promise<void> {
    if (this.only !== undefined && this.only !== member.path) return;
    if (member.mtime !== undefined) noteMemberMtime(member.path, member.mtime);
    let answer: 'stop' | void;
    try {
      answer = await this.visitor(member);
    } catch (e) {
      throw new VisitorFailed(e);
    }
    if (answer === 'stop' || this.only !== undefined) this.stopped = true;
  }

  /** One member of any archive: named, skipped with its reason, walked into, or visited. */
  async member(prefix: string, rawName: string, info: MemberInfo, open: () => Promise<AsyncIterator<Buffer>>, compressed: boolean): Promise<void> {
    if (info.kind === 'directory') return;
    const name = safeMemberName(rawName);
    if (name === undefined) {
      if (rawName.replace(/[\\/.]/g, '') === '') return; // `./` or `/`: the archive's root folder
      return this.visit({ path: joinMemberPath(prefix, rawName), skipped: 'unsafe member name (absolute or with ..), not read' });
    }
    const path = joinMemberPath(prefix, name);
    if (!this.wanted(path)) return;
    const { size, mtime } = info;
    if (info.kind === 'symlink') return this.visit({ path, size, mtime, skipped: `symbolic link to ${info.linkname ?? '?'}, not followed` });
    if (info.kind === 'link') return this.visit({ path, size, mtime, skipped: `hard link to ${info.linkname ?? '?'}, not followed` });
    if (info.kind === 'other') return this.visit({ path, size, mtime, skipped: 'not a regular file (a device, FIFO or socket entry), skipped' });
    if (info.unreadable) return this.visit({ path, size, mtime, skipped: info.unreadable });
    let content: AsyncIterable<Buffer>;
    let head: Buffer;
    try {
      ({ head, all: content } = await peek(await open(), SNIFF_BYTES));
      const inner = compressionOf(head);
      if (inner) {
        compressed = true;
        const reader = new StreamReader(this.inflate(inner, content));
        ({ head, all: content } = await peek(reader.chunks(), SNIFF_BYTES));
      }
    } catch (e) {
      if (e instanceof BundleCapReached) throw e;
      return this.visit({ path, size, mtime, skipped: `corrupt or truncated member (${firstLine(e)}), not read` });
    }
    const container = containerOf(head);
    if (container === 'tar') return this.tar(Readable.from(content, { objectMode: false }), path, compressed);
    if (container === 'zip') return this.nestedZip(path, content, size, mtime);
    return this.visit({ path, size, mtime, source: { chunks: content, compressed } });
  }

  private async nestedZip(path: string, content: AsyncIterable<Buffer>, size?: number, mtime?: number): Promise<void> {
    const parts: Buffer[] = [];
    let length = 0;
    for await (const chunk of content) {
      length += chunk.length;
      if (length > NESTED_ZIP_MAX_BYTES) return this.visit({ path, size, mtime, skipped: `zip archive inside an archive larger than ${mib(NESTED_ZIP_MAX_BYTES)}, not read (unpack the outer archive)` });
      parts.push(Buffer.from(chunk));
    }
    return this.zip({ buffer: Buffer.concat(parts) }, path);
  }

  /** A tar stream (already decompressed). */
  async tar(input: Readable, prefix: string, compressed: boolean): Promise<void> {
    const extract = tarStream.extract();
    input.on('error', (e) => extract.destroy(e));
    input.pipe(extract as unknown as NodeJS.WritableStream);
    try {
      for await (const entry of extract) {
        const reader = new StreamReader(entry as unknown as Readable);
        try {
          await this.member(prefix, entry.header.name, tarInfo(entry.header), async () => reader.chunks(), compressed);
          if (!this.stopped) await reader.drain();
        } finally {
          reader.detach();
        }
        this.checkCap();
        if (this.stopped) break;
      }
    } catch (e) {
      this.fail(prefix, e, 'truncated or corrupt tar archive');
    } finally {
      input.destroy();
      extract.destroy();
    }
  }

  /** A zip file on disk or in memory: its central directory, then each member's stream. */
  async zip(source: ZipSource, prefix: string): Promise<void> {
    let zip;
    try {
      zip = await openZip(source);
    } catch (e) {
      return this.fail(prefix, e, 'not a readable zip archive');
    }
    try {
      for await (const m of zipMembers(zip)) {
        let stream: Readable | undefined;
        const open = async () => {
          stream = this.metered(await openZipMember(zip, m.entry));
          return new StreamReader(stream).chunks();
        };
        const info: MemberInfo = { kind: m.directory ? 'directory' : 'file', size: m.entry.uncompressedSize, mtime: m.mtime, unreadable: m.unreadable };
        try {
          await this.member(prefix, m.rawName, info, open, true);
        } finally {
          stream?.destroy();
        }
        this.checkCap();
        if (this.stopped) break;
      }
    } catch (e) {
      this.fail(prefix, e, 'corrupt zip archive');
    } finally {
      zip.close();
    }
  }

  private fail(prefix: string, e: unknown, what: string): void {
    if (e instanceof VisitorFailed) throw e;
    if (e instanceof BundleCapReached) {
      // noted once, by the outermost archive
      this.stopped = true;
      throw e;
    }
    this.notes.push({ path: prefix, reason: `${what} (${firstLine(e)}); the members before the damage were read` });
  }
}

function tarInfo(header: tarStream.Header): MemberInfo {
  const mtime = header.mtime instanceof Date ? header.mtime.getTime() : undefined;
  const common = { size: header.size, mtime, linkname: header.linkname ?? undefined };
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
    case null:
    case undefined:
      return { kind: 'file', ...common };
    case 'directory':
      return { kind: 'directory', ...common };
    case 'symlink':
      return { kind: 'symlink', ...common };
    case 'link':
      return { kind: 'link', ...common };
    default:
      return { kind: 'other', ...common };
  }
}

/** Whether a file is an archive this module walks (tar, compressed tar, zip), by its content. */
export async function archiveKindOf(path: string): Promise<'tar' | 'zip' | undefined> {
  let head: Buffer;
  try {
    const fd = await fs.promises.open(path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fd.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  } catch {
    return undefined; // the reader reports why
  }
  const compression = compressionOf(head);
  if (!compression) return containerOf(head);
  if (compression === 'gzip') return containerOf(gunzipHead(head)) === 'tar' ? 'tar' : undefined;
  // bzip2 and xz need a decoder set up to look inside: the name decides
  return isArchiveName(path) ? 'tar' : undefined;
}

/**
 * Walks the archive at `path` (tar, tar.gz/.bz2/.xz, zip), calling `visitor` for each member in
 * archive order, nested archives included. A truncated or corrupt archive, or the bundle cap,
 * ends the walk with a note; the members before it were visited. Errors of the visitor propagate.
 */
export async function walkArchive(path: string, visitor: MemberVisitor, options: WalkOptions = {}): Promise<ArchiveNote[]> {
  const walk = new Walk(options.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES, visitor, options.only);
  try {
    const kind = await archiveKindOf(path);
    if (kind === 'zip') await walk.zip({ path }, path);
    else {
      const fd = await fs.promises.open(path, 'r');
      const raw = fd.createReadStream({ highWaterMark: CHUNK_BYTES, start: 0 });
      try {
        const head = Buffer.alloc(8);
        await fd.read(head, 0, 8, 0);
        const compression = compressionOf(head);
        await walk.tar(compression ? walk.inflate(compression, raw) : raw, path, compression !== undefined);
      } finally {
        // a walk stopped early (one member wanted) leaves the file stream paused: close it now
        raw.destroy();
        await fd.close().catch(() => undefined);
      }
    }
  } catch (e) {
    if (e instanceof VisitorFailed) throw e.inner;
    if (e instanceof BundleCapReached) walk.notes.push({ path, reason: e.message });
    else walk.notes.push({ path, reason: `cannot read the archive (${firstLine(e)})` });
  }
  return walk.notes;
}
