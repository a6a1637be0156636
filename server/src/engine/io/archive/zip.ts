// Zip archives through yauzl: the central directory gives every member without reading their
// data, and each member is inflated as a stream. Names are decoded here (yauzl's own check
// would reject the whole archive for one `../` name; we name that member and read the rest).
import type { Readable } from 'stream';
import * as yauzl from 'yauzl';

export type ZipSource = { path: string } | { buffer: Buffer };

export interface ZipMember {
  entry: yauzl.Entry;
  /** The name as stored (CP437 or UTF-8), not yet made safe. */
  rawName: string;
  directory: boolean;
  /** Why the member's data is not read, when it is not. */
  unreadable?: string;
  mtime: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };

export async function openZip(source: ZipSource): Promise<yauzl.ZipFile> {
  return 'path' in source ? yauzl.openPromise(source.path, OPTIONS) : yauzl.fromBufferPromise(source.buffer, OPTIONS);
}

function describe(entry: yauzl.Entry, rawName: string): ZipMember {
  const directory = rawName.endsWith('/') || rawName.endsWith('\\');
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  let unreadable: string | undefined;
  if (entry.isEncrypted()) unreadable = 'encrypted member (password-protected), not read';
  else if (mode === S_IFLNK) unreadable = 'symbolic link, not followed';
  else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) unreadable = `compression method ${entry.compressionMethod} is not supported, not read`;
  let mtime = 0;
  try {
    mtime = entry.getLastModDate().getTime();
  } catch {
    // a nonsense DOS date: no time
  }
  return { entry, rawName, directory, unreadable, mtime };
}

/** The members in central-directory order; a damaged directory ends the listing with its error. */
export async function* zipMembers(zip: yauzl.ZipFile): AsyncGenerator<ZipMember> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
      const onEnd = () => (cleanup(), resolve(undefined));
      const onError = (e: Error) => (cleanup(), reject(e));
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    const raw = entry.fileName as unknown as Buffer | string;
    const rawName = typeof raw === 'string' ? raw : yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
    yield describe(entry, rawName);
  }
}

export function openZipMember(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (e, stream) => (e ? reject(e) : resolve(stream))));
}
