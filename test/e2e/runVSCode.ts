// `npm run test:vscode`: the same integration suite under @vscode/test-electron, which
// downloads a VS Code build. Where no download is possible (as on the project's build
// machines) use `npm run test:e2e`, which runs the suite inside code-server instead.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { examplesDir, freshDir, repoRoot, suiteIndex } from './harness/paths';

async function main(): Promise<void> {
  const profile = freshDir('vscode');
  await runTests({
    version: process.env.E2E_VSCODE_VERSION ?? 'stable',
    cachePath: path.join(repoRoot, '.e2e-cache', 'vscode-test'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    launchArgs: [
      examplesDir,
      '--disable-extensions', // other installed extensions stay out of the way
      '--disable-workspace-trust',
      '--user-data-dir',
      path.join(profile, 'user-data'),
      '--extensions-dir',
      path.join(profile, 'extensions'),
    ],
  });
}

main().catch((error) => {
  console.error('test:vscode failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
