// Archives built by the tests: tar through tar-stream, zip by a small writer of our own (it must
// also write what no tool writes willingly: `../` names, encrypted flags, a cut central directory).
import * as fs from 'fs';
import * as zlib from 'zlib';
import * as tarStream from 'tar-stream';

export interface TarItem {
  name: string;
  data?: Buffer | string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
  mtime?: Date;
}

export async function tarBytes(items: TarItem[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const parts: Buffer[] = [];
  pack.on('data', (c: unknown) => void parts.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const item of items) {
    const data = item.data === undefined ? undefined : Buffer.from(item.data);
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: item.name, type: item.type ?? 'file', linkname: item.linkname, mtime: item.mtime ?? new Date('2024-03-05T10:22:00Z'), size: data?.length ?? 0 }, data ?? Buffer.alloc(0), (e) => (e ? reject(e) : resolve())),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(parts);
}

export async function tgzBytes(items: TarItem[]): Promise<Buffer> {
  return zlib.gzipSync(await tarBytes(items));
}

export interface ZipItem {
  name: string;
  data: Buffer | string;
  /** Sets the "encrypted" flag (the data is then not meant to be read). */
  encrypted?: boolean;
  store?: boolean;
}

/** A zip file: local headers, data, central directory, end record. */
export function zipBytes(items: ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const data = Buffer.from(item.data);
    const method = item.store ? 0 : 8;
    const packed = method === 8 ? zlib.deflateRawSync(data) : data;
    // an encrypted member starts with the 12-byte encryption header (its content is never read here)
    const body = item.encrypted ? Buffer.concat([Buffer.alloc(12, 0x5a), packed]) : packed;
    const name = Buffer.from(item.name, 'utf8');
    const flags = 0x800 | (item.encrypted ? 1 : 0);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x5000, 10); // 10:00
    local.writeUInt16LE(0x5865, 12); // 2024-03-05
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 26);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Streamed reads of `file` (a walk opens the archive and streams it) while `run` runs. */
export async function countReads<T>(file: string, run: () => Promise<T>): Promise<{ reads: number; result: T }> {
  const open = fs.promises.open;
  let reads = 0;
  fs.promises.open = async function (...args: Parameters<typeof open>) {
    const handle = await open(...args);
    if (args[0] === file) {
      const stream = handle.createReadStream.bind(handle);
      handle.createReadStream = (...a: Parameters<typeof stream>) => {
        reads++;
        return stream(...a);
      };
    }
    return handle;
  } as typeof open;
  try {
    const result = await run();
    return { reads, result };
  } finally {
    fs.promises.open = open;
  }
}
