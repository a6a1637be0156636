// `npm run bench`: bundles the benchmark (TypeScript, scripts/bench/main.ts) with esbuild into
// node_modules/.cache/logtriage-bench/ and runs it with the same arguments. Needs dist/ built first (the script does that).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// not in out/, which the test build owns and may clean while a long run is under way
const outfile = path.join(root, 'node_modules', '.cache', 'logtriage-bench', 'bench.js');
await esbuild.build({
  entryPoints: [path.join(root, 'scripts', 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
