// One decompressor per compression, all as Node readables: gzip from Node's zlib, bzip2 from
// unbzip2-stream (pure JavaScript), xz from xz-decompress (xz-embedded in WebAssembly). None
// needs a native build or a download at install time.
import { PassThrough, Readable } from 'stream';
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
      const through = bz2();
      input.on('error', (e) => through.emit('error', e));
      input.pipe(through);
      return fromClassicStream(through);
    }
    case 'xz': {
      const web = Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>;
      return Readable.fromWeb(new XzReadableStream(web) as unknown as import('stream/web').ReadableStream<Uint8Array>);
    }
  }
}

/**
 * A classic (streams1) stream such as unbzip2-stream's as a Node readable, its pauses following the
 * reader's pace. Not Readable.wrap: that destroys the readable when the classic stream closes,
 * which `through` does right after its end, and a reader still behind then lost the last output
 * and never saw the end (a .tar.bz2 whose last block came out faster than the tar reader took it).
 */
function fromClassicStream(classic: NodeJS.ReadableStream & NodeJS.EventEmitter): Readable {
  const out = new PassThrough({ highWaterMark: CHUNK_BYTES });
  classic.on('data', (chunk: Buffer) => {
    if (out.write(chunk)) return;
    classic.pause();
    out.once('drain', () => classic.resume());
  });
  classic.on('end', () => out.end());
  classic.on('error', (e: Error) => out.destroy(e));
  return out;
}
