// `npm run fuzz`: every fuzz target (test/fuzz/targets.ts: each format's parse and detection, every
// decoder through decodeLine, analyzeText, the LogScanner fed in random pieces, hover markdown,
// the triage report) on 100 000 generated inputs each, then on 10 MB lines. Each target runs in a
// worker with a time budget, so a hang is reported (with the seed and the input's index) instead of
// blocking the run. Prints counts and timings; exits 1 on any failure or overrun.
//
//   node scripts/fuzz.mjs [--runs 100000] [--seed N] [--budget 600] [--jobs 2] [--only text] [--path I]
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const compiled = join(root, 'out', 'test', 'fuzz', 'targets.js');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Ten-megabyte lines of the kinds that stress a parser or a backtracking pattern. */
function bigLines(size) {
  const realLine = 'Mar 1 08:53:36 host vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.6" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe. ';
  const bytes = Buffer.alloc(size);
  for (let i = 0, x = 2463534242; i < size; i++) ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (bytes[i] = x & 0xff));
  return [
    ['letters', 'a'.repeat(size)],
    ['digits', '7'.repeat(size)],
    ['spaces then a stamp', ' '.repeat(size) + '2015-05-05 12:40:10: 1: CMD: 3: x'],
    ['a real line repeated', realLine.repeat(Math.ceil(size / realLine.length))],
    ['hex pairs', '0x1f '.repeat(size / 5)],
    ['markdown and HTML', '[x](command:workbench.action.quit)<img src=x onerror=alert(1)>```'.repeat(size / 64)],
    ['dots after a path', '/a/' + '.'.repeat(size) + 'a'],
    ['random bytes as UTF-8', bytes.toString('utf8')],
    ['bidi and NUL', '\u202e\u2066\u0000\u200b'.repeat(size / 4)],
  ];
}

async function runWorker() {
  const { name, runs, seed, progress, path, big } = workerData;
  const fc = require('fast-check');
  const { allTargets } = require(compiled);
  const target = allTargets().find((t) => t.name === name);
  const counter = new Int32Array(progress);
  let slowest = { ms: 0, index: -1 };
  let index = 0;
  const started = performance.now();
  if (big) {
    // the ten-megabyte lines, each through the target's own check where it takes a single line or a text
    const results = [];
    for (const [label, line] of bigLines(10 * 1024 * 1024)) {
      const t = performance.now();
      let error;
      try {
        target.bigCheck(line);
      } catch (e) {
        error = String(e?.stack ?? e)
          .split('\n')
          .slice(0, 4)
          .join(' | ');
      }
      results.push({ label, ms: performance.now() - t, error });
      Atomics.add(counter, 0, 1);
    }
    parentPort.postMessage({ kind: 'big', results, ms: performance.now() - started });
    return;
  }
  const details = fc.check(
    fc.property(target.arbitrary, (input) => {
      Atomics.store(counter, 0, index++);
      const t = performance.now();
      target.check(input);
      const ms = performance.now() - t;
      if (ms > slowest.ms) slowest = { ms, index: index - 1 };
    }),
    { numRuns: runs, seed, ...(path ? { path } : {}) },
  );
  parentPort.postMessage({
    kind: 'runs',
    runs: details.numRuns,
    failed: details.failed,
    counterexample: details.failed ? JSON.stringify(details.counterexample).slice(0, 2000) : undefined,
    path: details.counterexamplePath,
    error: details.failed ? String(details.errorInstance?.message ?? details.error).slice(0, 2000) : undefined,
    ms: performance.now() - started,
    slowest,
  });
}

function runTarget(name, settings, big = false) {
  return new Promise((resolve) => {
    const progress = new SharedArrayBuffer(4);
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { name, runs: settings.runs, seed: settings.seed, progress, path: settings.path, big },
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    });
    const started = performance.now();
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      const at = new Int32Array(progress)[0];
      void worker.terminate();
      resolve({ name, kind: big ? 'big' : 'runs', timedOut: true, at, ms: performance.now() - started });
    }, settings.budget * 1000);
    worker.on('message', (m) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ name, ...m });
    });
    worker.on('error', (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ name, kind: big ? 'big' : 'runs', failed: true, error: String(e?.stack ?? e).slice(0, 2000), ms: performance.now() - started });
    });
  });
}

async function pool(items, jobs, run) {
  const out = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        out.push(await run(item));
      }
    }),
  );
  return out;
}

async function main() {
  if (!existsSync(compiled)) {
    console.error('fuzz: compile the tests first (npm run compile-tests)');
    process.exit(2);
  }
  const settings = {
    runs: Number(option('runs', 100_000)),
    seed: Number(option('seed', Date.now() % 2 ** 31)),
    budget: Number(option('budget', 900)),
    path: option('path', undefined),
  };
  const jobs = Number(option('jobs', Math.max(1, availableParallelism())));
  const only = option('only', '');
  const { allTargets } = require(compiled);
  const targets = allTargets().filter((t) => t.name.includes(only));
  console.log(`fuzz: ${targets.length} targets × ${settings.runs} inputs, seed ${settings.seed}, budget ${settings.budget} s per target, ${jobs} workers`);
  const started = performance.now();
  let failures = 0;
  let total = 0;
  const results = await pool(targets, jobs, async (t) => {
    const r = await runTarget(t.name, settings);
    if (r.timedOut) {
      failures++;
      console.log(`TIMEOUT ${t.name}: still running after ${settings.budget} s at input #${r.at} (replay: --only "${t.name}" --seed ${settings.seed} --path ${r.at})`);
    } else if (r.failed) {
      failures++;
      console.log(`FAIL    ${t.name} after ${r.runs} inputs (replay: --only "${t.name}" --seed ${settings.seed} --path ${r.path})\n  ${r.error}\n  input: ${r.counterexample}`);
    } else {
      total += r.runs;
      const rate = Math.round(r.runs / (r.ms / 1000));
      console.log(`ok      ${t.name.padEnd(34)} ${String(r.runs).padStart(7)} inputs  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${String(rate).padStart(6)}/s  slowest ${r.slowest.ms.toFixed(1)} ms (#${r.slowest.index})`);
    }
    return r;
  });
  console.log(`fuzz: ${total} generated inputs passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const bigTargets = targets.filter((t) => t.bigCheck);
  console.log(`fuzz: 10 MB lines through ${bigTargets.length} targets`);
  const bigStarted = performance.now();
  let bigCount = 0;
  await pool(bigTargets, jobs, async (t) => {
    const r = await runTarget(t.name, settings, true);
    if (r.timedOut || r.failed) {
      failures++;
      console.log(`${r.timedOut ? 'TIMEOUT' : 'FAIL   '} ${t.name} on 10 MB lines${r.timedOut ? ` (after ${r.at} of them)` : `: ${r.error}`}`);
      return;
    }
    for (const x of r.results) {
      bigCount++;
      if (x.error) failures++;
      console.log(`${x.error ? 'FAIL   ' : 'ok     '} ${t.name.padEnd(34)} 10 MB ${x.label.padEnd(22)} ${x.ms.toFixed(0).padStart(6)} ms${x.error ? `  ${x.error}` : ''}`);
    }
  });
  console.log(`fuzz: ${bigCount} ten-megabyte lines in ${((performance.now() - bigStarted) / 1000).toFixed(1)} s`);
  console.log(`fuzz: ${failures ? `${failures} FAILED` : 'all passed'}; ${results.length} targets, ${total} inputs, total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failures ? 1 : 0;
}

if (isMainThread) await main();
else await runWorker();
