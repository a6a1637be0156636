import * as fs from 'fs';
import * as path from 'path';

export interface ListedPath {
  path: string;
  /** Set when the path cannot be read; the caller reports it and carries on. */
  error?: string;
}

/**
 * Expands files and folders (recursively, in name order) into the files to analyse.
 * Symbolic links to folders are not followed, so a link loop cannot recurse forever.
 */
export async function listLogFiles(inputs: string[]): Promise<ListedPath[]> {
  const out: ListedPath[] = [];
  const walk = async (p: string, top: boolean): Promise<void> => {
    let st: fs.Stats;
    try {
      st = top ? await fs.promises.stat(p) : await fs.promises.lstat(p);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      out.push({ path: p, error: err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'ELOOP' ? 'symbolic link loop' : err.message });
      return;
    }
    if (st.isSymbolicLink()) {
      // a link inside a folder: a file target is analysed, a folder target is not walked
      try {
        if ((await fs.promises.stat(p)).isFile()) out.push({ path: p });
      } catch (e) {
        out.push({ path: p, error: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link' });
      }
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = (await fs.promises.readdir(p)).sort();
      } catch (e) {
        out.push({ path: p, error: (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message });
        return;
      }
      for (const name of names) await walk(path.join(p, name), false);
      return;
    }
    if (st.isFile()) out.push({ path: p });
  };
  for (const input of inputs) await walk(input, true);
  return out;
}
