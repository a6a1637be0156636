// What an archive or a compressed member is, by its first bytes: names lie (a `.log` that is a
// gzip, a `.tgz` renamed `.dat`), magic numbers do not.
import * as zlib from 'zlib';

export type Compression = 'gzip' | 'bzip2' | 'xz';
export type ContainerKind = 'tar' | 'zip';

/** Bytes enough to see a tar header's `ustar` magic (at offset 257). */
export const SNIFF_BYTES = 512;

export function compressionOf(head: Buffer): Compression | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3] >= 0x31 && head[3] <= 0x39) return 'bzip2';
  if (head.length >= 6 && head[0] === 0xfd && head.subarray(1, 6).toString('latin1') === '7zXZ\0') return 'xz';
  return undefined;
}

export function containerOf(head: Buffer): ContainerKind | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  // a pre-POSIX (v7) tar has no magic: accept a header whose checksum adds up
  if (head.length >= 512 && v7HeaderChecksumOk(head)) return 'tar';
  return undefined;
}

function v7HeaderChecksumOk(head: Buffer): boolean {
  if (head[0] === 0) return false;
  const stored = parseInt(head.subarray(148, 156).toString('latin1').replace(/\0.*$/, '').trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 8 * 0x20;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += head[i];
  return sum === stored;
}

/** The first bytes of a gzip stream's content (for a `.gz` that may hold a tar); empty when damaged. */
export function gunzipHead(head: Buffer): Buffer {
  try {
    return zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}
