// `npm run test:e2e` after its build steps: runs the editor integration suite inside
// code-server, the UI smoke test and the Neovim test, each time-boxed, and exits
// non-zero if any of them fails. `node out/e2e/run.js smoke nvim` runs a subset.
import { runSuiteInCodeServer } from './harness/suiteInCodeServer';
import { cleanupAll, installExitHandlers } from './harness/cleanup';
import { acquireRunLock } from './harness/lock';
import { runNeovimTest } from './harness/nvim';
import { withTimeout } from './harness/timeout';
import { runUiSmokeTest } from './ui/smoke';
import { runUiBundleTest } from './ui/bundle';
import { runUiNoisyTest } from './ui/noisy';
import { runUiThemesTest } from './ui/themes';

interface Part {
  name: string;
  run: () => Promise<void>;
  /** Outer limit; each part also time-boxes its own waits. */
  limitMs: number;
}

const PARTS: Part[] = [
  { name: 'suite', run: () => runSuiteInCodeServer(120_000), limitMs: 180_000 },
  { name: 'smoke', run: () => runUiSmokeTest(), limitMs: 180_000 },
  { name: 'bundle-ui', run: () => runUiBundleTest(), limitMs: 240_000 },
  { name: 'noisy-ui', run: () => runUiNoisyTest(), limitMs: 240_000 },
  { name: 'themes-ui', run: () => runUiThemesTest(), limitMs: 180_000 },
  { name: 'nvim', run: () => runNeovimTest(30_000), limitMs: 45_000 },
];

async function main(): Promise<number> {
  installExitHandlers();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !PARTS.some((p) => p.name === w));
  if (unknown.length) {
    console.error(`unknown part(s): ${unknown.join(', ')}; parts: ${PARTS.map((p) => p.name).join(', ')}`);
    return 2;
  }
  await acquireRunLock();
  const results: { name: string; ok: boolean; seconds: number }[] = [];
  for (const part of PARTS.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    console.log(`[e2e] ${part.name}: start`);
    const started = Date.now();
    let ok = true;
    try {
      await withTimeout(part.run(), part.limitMs, part.name);
    } catch (error) {
      ok = false;
      console.error(`[e2e] ${part.name}: FAILED: ${(error as Error).message}`);
    } finally {
      await cleanupAll(); // a timed-out part never reached its own finally
    }
    const seconds = (Date.now() - started) / 1000;
    results.push({ name: part.name, ok, seconds });
    console.log(`[e2e] ${part.name}: ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  }
  console.log('[e2e] summary: ' + results.map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'} ${r.seconds.toFixed(1)} s`).join(', '));
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
