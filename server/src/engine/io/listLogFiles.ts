import * as fs from 'fs';
import * as path from 'path';
import { childPath, fsPath } from './bytePaths';

export interface ListedPath {
  path: string;
  /** Set when the path cannot be read; the caller reports it and carries on. */
  error?: string;
  /** The error is a deliberate skip (a FIFO, a device, a link out of the folder), not a failure to read. */
  skipped?: boolean;
}

function inside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Expands files and folders (recursively, in name order) into the files to analyze.
 * Symbolic links to folders are not followed, so a link loop cannot recurse forever. A link to a
 * file is analyzed only when the file is inside the folder being analyzed: a bundle from elsewhere
 * must not make us read (and quote in a report) the analyst's own files, such as `-> ~/.ssh/id_rsa`
 * or an ESX bundle's `-> /scratch/log/...`. Files and folders named on the command line are always read.
 * FIFOs, sockets and devices are listed with a reason, never opened (reading a FIFO would block).
 */
export async function listLogFiles(inputs: string[]): Promise<ListedPath[]> {
  const out: ListedPath[] = [];
  let root = '';
  const walk = async (p: string, top: boolean): Promise<void> => {
    let st: fs.Stats;
    try {
      st = top ? await fs.promises.stat(fsPath(p)) : await fs.promises.lstat(fsPath(p));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      out.push({ path: p, error: err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'ELOOP' ? 'symbolic link loop' : err.message });
      return;
    }
    if (st.isSymbolicLink()) {
      // a link inside a folder: a file target inside the folder is analyzed, a folder target is not walked
      try {
        if ((await fs.promises.stat(fsPath(p))).isFile()) {
          const target = await fs.promises.realpath(fsPath(p));
          if (inside(target, root)) out.push({ path: p });
          else out.push({ path: p, error: 'symbolic link to a file outside the analyzed folder, not followed', skipped: true });
        }
      } catch (e) {
        out.push({ path: p, error: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link' });
      }
      return;
    }
    if (st.isDirectory()) {
      if (top) root = await fs.promises.realpath(p).catch(() => path.resolve(p));
      let names: Buffer[];
      try {
        // names as bytes: one that is not UTF-8 is shown escaped and still opened by its bytes (bytePaths.ts)
        names = (await fs.promises.readdir(fsPath(p), { encoding: 'buffer' })).sort(Buffer.compare);
      } catch (e) {
        out.push({ path: p, error: (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message });
        return;
      }
      for (const name of names) await walk(childPath(p, name), false);
      return;
    }
    if (st.isFile()) out.push({ path: p });
    else if (!st.isDirectory()) out.push({ path: p, error: 'not a regular file (a FIFO, socket or device), skipped', skipped: true });
  };
  for (const input of inputs) await walk(input, true);
  return out;
}
