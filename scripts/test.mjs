// Runs the compiled tests under the given folders of out/test: only files named *.test.js whose
// source (test/**/*.test.ts) still exists, so helpers and the leftovers of a moved test never run.
//   node scripts/test.mjs unit/engine lsp      (no folder: all of out/test)
//   node scripts/test.mjs --no-slow unit/engine (without the *.slow.test.js files: the inner loop)
//   --one-process loads every file into one process instead of one process per file: about a third
//   of the time for many quick files (each process first loads node and the engine, ~0.3 s), at the
//   cost of isolation, so only the inner loop uses it and test:unit keeps a process per file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const compiled = path.join(root, 'out', 'test');
const folders = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const skipSlow = process.argv.includes('--no-slow');
const oneProcess = process.argv.includes('--one-process');
const options = process.argv.slice(2).filter((a) => a.startsWith('-') && a !== '--no-slow' && a !== '--one-process');

function testsUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testsUnder(full);
    if (!entry.name.endsWith('.test.js') || (skipSlow && entry.name.endsWith('.slow.test.js'))) return [];
    const source = path.join(root, 'test', path.relative(compiled, full)).replace(/\.js$/, '.ts');
    return fs.existsSync(source) ? [full] : [];
  });
}

const files = (folders.length ? folders : ['.']).flatMap((f) => testsUnder(path.join(compiled, f))).sort();
if (!files.length) {
  console.error(`no compiled tests under ${folders.join(', ') || 'out/test'}: run npm run compile-tests first`);
  process.exit(1);
}
const reporter = options.length ? options : ['--test-reporter=spec'];
// Not --test-force-exit with a process per file: it ends a child before the last of its results
// reach the report (nodejs/node#64833: fewer tests reported than ran, a failure's name lost, exit 0).
const args = oneProcess ? ['--test-force-exit', ...reporter, path.join(root, 'scripts', 'lib', 'runTests.cjs'), ...files] : ['--test', ...reporter, ...files];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
