// Where the end-to-end harness finds the project, the installed editors and its output.
import * as fs from 'fs';
import * as path from 'path';

/** The repository root, found from wherever the compiled harness runs (out/e2e/...). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

/** Kept in step with scripts/e2e/install.sh, which installs it. */
export const CODE_SERVER_VERSION = '4.100.3';

export const codeServerBin = path.join(process.env.E2E_CACHE ?? path.join(repoRoot, '.e2e-cache'), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const examplesDir = path.join(repoRoot, 'examples');
export const vsixPath = path.join(repoRoot, 'logtriage.vsix');
export const suiteIndex = path.join(repoRoot, 'out', 'e2e', 'suite', 'index.js');
export const outputRoot = path.join(repoRoot, '.test-output', 'e2e');

/** An empty folder under .test-output/e2e/ (emptied if a previous run left one). */
export function freshDir(...parts: string[]): string {
  const dir = path.join(outputRoot, ...parts);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
