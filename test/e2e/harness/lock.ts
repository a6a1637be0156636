// One end-to-end run at a time per work tree: parts reuse fixed folders under
// .test-output/e2e/, which a second, concurrent run would empty under the first.
import * as fs from 'fs';
import * as path from 'path';
import { outputRoot } from './paths';

const lockFile = path.join(path.dirname(outputRoot), 'e2e.lock');

function holder(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // no lock, or its process is gone
  }
}

/** Waits (up to `timeoutMs`) for another run in this tree to finish, then holds the lock until exit. */
export async function acquireRunLock(timeoutMs = 300_000): Promise<void> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      process.on('exit', () => fs.rmSync(lockFile, { force: true }));
      return;
    } catch {
      const pid = holder();
      if (pid === undefined) {
        fs.rmSync(lockFile, { force: true }); // stale
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another end-to-end run (pid ${pid}) still holds ${lockFile}`);
      console.log(`[e2e] waiting for the end-to-end run of pid ${pid} to finish`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}
