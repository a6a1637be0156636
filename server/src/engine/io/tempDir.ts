// Temporary folders that are removed when their user is done, and also when the process exits or
// is stopped by a signal: a spill of a bundle's text must not outlive the command that wrote it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const live = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let hooked = false;

function removeAll(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  unhook();
  // the default action (or another handler the program set) still ends the process as before
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', removeAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

export interface TempDir {
  readonly path: string;
  /** Removes the folder and what it holds; safe to call twice. */
  remove(): Promise<void>;
}

/** A new private folder under the system's temporary folder, named `<prefix>XXXXXX`. */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
  live.add(dir);
  hook();
  return {
    path: dir,
    async remove() {
      if (!live.delete(dir)) return;
      if (live.size === 0) unhook();
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Folders made by makeTempDir and not yet removed (tests check that none is left). */
export function liveTempDirs(): string[] {
  return [...live];
}
