// Everything the harness starts registers how to stop it here, so a failing or
// timed-out part, an exception or Ctrl+C never leaves an editor or browser behind.

type Stopper = () => Promise<void> | void;

const stoppers = new Set<Stopper>();
/** Process groups to kill synchronously if the process exits before stopping them. */
const groups = new Set<number>();

export function onCleanup(stop: Stopper): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export function trackProcessGroup(pgid: number): () => void {
  groups.add(pgid);
  return () => groups.delete(pgid);
}

export function killProcessGroup(pgid: number, signal: NodeJS.Signals | 0 = 'SIGTERM'): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export function processGroupAlive(pgid: number): boolean {
  return killProcessGroup(pgid, 0);
}

/** Runs every pending stopper; errors are reported, never thrown, so all of them run. */
export async function cleanupAll(): Promise<void> {
  for (const stop of [...stoppers].reverse()) {
    stoppers.delete(stop);
    try {
      await stop();
    } catch (error) {
      console.error('[e2e] cleanup failed:', error);
    }
  }
  for (const pgid of groups) killProcessGroup(pgid, 'SIGKILL');
  groups.clear();
}

let installed = false;
/** Last resort on exit or signal: kill what is still tracked, synchronously. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const pgid of groups) killProcessGroup(pgid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`[e2e] ${signal}: stopping editors and browsers`);
      void cleanupAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
    });
  }
}
