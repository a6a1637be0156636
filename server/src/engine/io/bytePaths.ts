import * as path from 'path';

// A file name is bytes. Most are UTF-8; one written by a Latin-1 system (or a damaged archive) is
// not, and its name decoded as UTF-8 (U+FFFD for each bad byte) names no file at all. Such a name is
// shown with its undecodable bytes escaped as \xHH, and the escaped form is mapped back to the
// bytes whenever the file system is asked about it.

/** Escaped path → the path's bytes, for every path whose name is not valid UTF-8. */
const rawPaths = new Map<string, Buffer>();

/** The name as shown: valid UTF-8 as text, every other byte as \xHH. */
export function escapeName(name: Buffer): string {
  const text = name.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(name)) return text;
  let out = '';
  for (let i = 0; i < name.length;) {
    const width = utf8Width(name, i);
    if (width) {
      out += name.toString('utf8', i, i + width);
      i += width;
    } else out += `\\x${name[i++].toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Length of the valid UTF-8 character at `i`, or 0. */
function utf8Width(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const width = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!width || i + width > b.length) return 0;
  for (let k = 1; k < width; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  const piece = b.subarray(i, i + width);
  return Buffer.from(piece.toString('utf8'), 'utf8').equals(piece) ? width : 0; // overlong forms and surrogates
}

/** What to hand the file system for a path as shown: its bytes when its name was escaped. */
export function fsPath(shown: string): string | Buffer {
  return rawPaths.get(shown) ?? shown;
}

/** The child `name` (bytes, from readdir) of the folder `dir` (as shown): the path as shown, remembered when escaped. */
export function childPath(dir: string, name: Buffer): string {
  const shownName = escapeName(name);
  const shown = path.join(dir, shownName);
  const parent = rawPaths.get(dir);
  if (parent || shownName !== name.toString('utf8')) {
    const parentBytes = parent ?? Buffer.from(dir, 'utf8');
    rawPaths.set(shown, Buffer.concat([parentBytes, Buffer.from(path.sep), name]));
  }
  return shown;
}
