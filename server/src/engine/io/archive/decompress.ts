// One decompressor per compression, all as Node readables: gzip from Node's zlib, bzip2 from
// unbzip2-stream (pure JavaScript), xz from xz-decompress (xz-embedded in WebAssembly). None
// needs a native build or a download at install time.
import { Readable } from 'stream';
import * as zlib from 'zlib';
import bz2 from 'unbzip2-stream';
import { XzReadableStream } from 'xz-decompress';
import type { Compression } from './kind';

const CHUNK_BYTES = 1024 * 1024;

/** The decompressed bytes of `input`; an error of either side ends the output with that error. */
export function decompressStream(compression: Compression, input: Readable): Readable {
  switch (compression) {
    case 'gzip': {
      const gunzip = zlib.createGunzip({ chunkSize: CHUNK_BYTES });
      input.on('error', (e) => gunzip.destroy(e));
      return input.pipe(gunzip);
    }
    case 'bzip2': {
      // a classic (streams1) through-stream: wrapped for pull reads and async iteration
      const through = bz2();
      input.on('error', (e) => through.emit('error', e));
      input.pipe(through);
      return new Readable({ highWaterMark: CHUNK_BYTES }).wrap(through);
    }
    case 'xz': {
      const web = Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>;
      return Readable.fromWeb(new XzReadableStream(web) as unknown as import('stream/web').ReadableStream<Uint8Array>);
    }
  }
}
