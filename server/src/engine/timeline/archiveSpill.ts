// A merge reads every file at once, but a compressed archive can only be read from its start: rather
// than walking it again for each member (a 40-member .tgz decompressed 41 times), its members' text is
// written once to a temporary folder (as lnav unpacks archives into a cache), read from there, and
// removed when the merge ends, fails or is stopped by a signal. The spill is bounded: past its cap the
// remaining members are read from the archive as before, one walk each.
import * as fs from 'fs';
import * as path from 'path';
import type { LogSource, MemberVisit } from '../io/archive/walk';
import { walkArchive } from '../io/archive/walk';
import type { ListedPath } from '../io/listLogFiles';
import { LogInputError, readLogPieces } from '../io/readLog';
import type { TempDir } from '../io/tempDir';
import { makeTempDir } from '../io/tempDir';

/** Most text one merge spills to disk (all archives together) unless told otherwise. */
export const DEFAULT_MAX_SPILL_BYTES = 8 * 1024 ** 3;

/** A member's text on disk and what reading it said (a truncated member, a gzip bomb's cap). */
export interface SpilledText {
  file: string;
  warnings: string[];
}

class SpillFull extends Error {}

export interface SpillOptions {
  /** The cap of one member's decompressed size (readLog.ts). */
  maxDecompressedBytes?: number;
  /** The cap of the whole bundle's (walk.ts). */
  maxBundleBytes?: number;
  /** Called before a member is read, with its size when known. */
  onReading?(path: string, bytes: number | undefined): void;
  /** A member's bytes as the walk gives them, watched by the caller (the bundle summary). */
  watch?(path: string, source: LogSource): LogSource;
}

export class ArchiveSpill {
  private dir: TempDir | undefined;
  private bytes = 0;
  private count = 0;
  private readonly texts = new Map<string, SpilledText>();
  /** The members of each archive spilled already: an archive is walked once however many readers ask. */
  private readonly spilled = new Map<string, Promise<ListedPath[]>>();

  constructor(private readonly maxBytes = DEFAULT_MAX_SPILL_BYTES) {}

  /** The spilled text of a member, when it was spilled. */
  textOf(memberPath: string): SpilledText | undefined {
    return this.texts.get(memberPath);
  }

  /** Bytes on disk now. */
  get spilledBytes(): number {
    return this.bytes;
  }

  /**
   * Walks `archive` once: each member's text goes to the spill (or, past the cap, is left to be read
   * from the archive); the members come back as listed paths, those not readable with their reason.
   * The first call walks; later calls for the same archive get the same members.
   */
  spill(archive: string, options: SpillOptions = {}): Promise<ListedPath[]> {
    let members = this.spilled.get(archive);
    if (!members) this.spilled.set(archive, (members = this.walk(archive, options)));
    return members;
  }

  private async walk(archive: string, { maxDecompressedBytes, maxBundleBytes, onReading, watch }: SpillOptions): Promise<ListedPath[]> {
    const listed: ListedPath[] = [];
    const visit = async (member: MemberVisit) => {
      if (!member.source) return void listed.push({ path: member.path, error: member.skipped ?? 'not read' });
      onReading?.(member.path, member.size);
      try {
        const text = await this.write(member.path, watch ? watch(member.path, member.source) : member.source, maxDecompressedBytes);
        if (text) this.texts.set(member.path, text);
        listed.push({ path: member.path });
      } catch (e) {
        if (!(e instanceof LogInputError)) throw e;
        listed.push({ path: member.path, error: e.reason, ...(e.skipped ? { skipped: true } : {}) });
      }
    };
    const notes = await walkArchive(archive, visit, { maxBundleBytes });
    for (const n of notes) listed.push({ path: n.path, error: n.reason });
    return listed;
  }

  /**
   * One member's text (read with every check of readLogPieces: binary, UTF-16, NUL runs, the gzip
   * cap) to a file of the spill; undefined when the cap leaves the member to the archive.
   */
  private async write(memberPath: string, source: LogSource, maxDecompressedBytes: number | undefined): Promise<SpilledText | undefined> {
    if (this.bytes >= this.maxBytes) return undefined;
    this.dir ??= await makeTempDir('logtriage-spill-');
    const file = path.join(this.dir.path, `${this.count++}.log`);
    const handle = await fs.promises.open(file, 'w');
    // what this read says (a truncated member, the gzip cap) is said again when the spill is read
    const warnings: string[] = [];
    let written = 0;
    try {
      for await (const piece of readLogPieces(memberPath, (w) => warnings.push(w), { source, maxDecompressedBytes })) {
        const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        if (this.bytes + written + buf.length > this.maxBytes) throw new SpillFull();
        await handle.write(buf);
        written += buf.length;
      }
    } catch (e) {
      await handle.close();
      await fs.promises.rm(file, { force: true });
      if (e instanceof SpillFull) return undefined;
      throw e;
    }
    await handle.close();
    this.bytes += written;
    return { file, warnings };
  }

  /** Removes the spill; safe to call twice. */
  async remove(): Promise<void> {
    this.texts.clear();
    this.spilled.clear();
    this.bytes = 0;
    await this.dir?.remove();
    this.dir = undefined;
  }
}
