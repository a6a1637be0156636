// Random access to one member: the archive is streamed up to it (a compressed tar has no index
// to seek by; a zip has its central directory), and small members are kept in a bounded cache,
// since an editor reads the same member several times.
import * as fs from 'fs';
import type { ArchiveNote, LogSource, WalkOptions } from './walk';
import { memberMtime, walkArchive } from './walk';
import { splitMemberPath } from './memberPath';

export class MemberNotReadable extends Error {}

/** Opens one member by its `archive!/member` path; `close` ends the walk that serves it. */
export function openMember(path: string, options: WalkOptions = {}): Promise<LogSource & { close(): void }> {
  const split = splitMemberPath(path);
  if (!split) return Promise.reject(new MemberNotReadable('not an archive member'));
  return new Promise((resolve, reject) => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    let found = false;
    walkArchive(
      split.archive,
      async (member) => {
        found = true;
        if (!member.source) return reject(new MemberNotReadable(member.skipped ?? 'not readable'));
        resolve({ ...member.source, close: release });
        await released; // the walk waits here while the caller reads
        return 'stop';
      },
      { ...options, only: path },
    ).then((notes) => {
      if (!found) reject(new MemberNotReadable(notes[0]?.reason ?? 'no such member in the archive'));
    }, reject);
  });
}

/** Members kept whole in memory, most recent last; bounded in bytes. */
const cache = new Map<string, { key: string; bytes: Buffer }>();
const CACHE_MAX_BYTES = 128 * 1024 * 1024;
let cached = 0;

async function archiveKey(path: string): Promise<string> {
  const archive = splitMemberPath(path)?.archive ?? path;
  const st = await fs.promises.stat(archive);
  return `${st.size}:${st.mtimeMs}`;
}

/**
 * A member's bytes (decompressed), up to `limit` bytes: `truncated` says when there were more.
 * Kept in a cache of CACHE_MAX_BYTES keyed by the archive's size and time, so a changed archive is re-read.
 */
export async function readMemberBytes(path: string, limit: number, options: WalkOptions = {}): Promise<{ bytes: Buffer; truncated: boolean }> {
  const key = await archiveKey(path);
  const hit = cache.get(path);
  if (hit && hit.key === key && hit.bytes.length <= limit) {
    cache.delete(path);
    cache.set(path, hit);
    return { bytes: hit.bytes, truncated: false };
  }
  const member = await openMember(path, options);
  const parts: Buffer[] = [];
  let length = 0;
  let truncated = false;
  try {
    for await (const chunk of member.chunks) {
      if (length + chunk.length > limit) {
        parts.push(Buffer.from(chunk.subarray(0, limit - length)));
        truncated = true;
        break;
      }
      parts.push(Buffer.from(chunk));
      length += chunk.length;
    }
  } finally {
    member.close();
  }
  const bytes = Buffer.concat(parts);
  if (!truncated && bytes.length <= CACHE_MAX_BYTES / 4) {
    if (hit) cached -= hit.bytes.length;
    cache.delete(path);
    cache.set(path, { key, bytes });
    cached += bytes.length;
    for (const [p, entry] of cache) {
      if (cached <= CACHE_MAX_BYTES) break;
      cache.delete(p);
      cached -= entry.bytes.length;
    }
  }
  return { bytes, truncated };
}

/** Modification time of a log: a member's own time when a walk saw it, else its archive's. */
export async function logModifiedTime(path: string): Promise<number> {
  const split = splitMemberPath(path);
  if (!split) return (await fs.promises.stat(path)).mtimeMs;
  return memberMtime(path) ?? (await fs.promises.stat(split.archive)).mtimeMs;
}

export interface ArchiveIndexEntry {
  /** `archive!/member`. */
  path: string;
  size?: number;
  mtime?: number;
  /** Why the member is not read (a link, encrypted...). */
  skipped?: string;
}

export interface ArchiveIndex {
  entries: ArchiveIndexEntry[];
  notes: ArchiveNote[];
}

const indexes = new Map<string, { key: string; index: Promise<ArchiveIndex> }>();
const INDEXES_MAX = 8;

/**
 * Every member of an archive (nested archives walked into), from one streamed pass that reads
 * no member's content beyond its first bytes. Cached for the last few archives.
 */
export async function indexArchive(path: string, options: WalkOptions = {}): Promise<ArchiveIndex> {
  const key = await archiveKey(path);
  const hit = indexes.get(path);
  if (hit && hit.key === key) return hit.index;
  const index = (async () => {
    const entries: ArchiveIndexEntry[] = [];
    const notes = await walkArchive(path, async ({ path, size, mtime, skipped }) => void entries.push({ path, size, mtime, skipped }), options);
    return { entries, notes };
  })();
  indexes.delete(path);
  indexes.set(path, { key, index });
  if (indexes.size > INDEXES_MAX) indexes.delete(indexes.keys().next().value!);
  index.catch(() => indexes.delete(path));
  return index;
}
