// Runs the integration suite (out/e2e/suite) inside code-server, the way VS Code's own
// smoke tests do in a browser: the workbench URL's `payload` names the extension under
// development and the tests; the workbench reports the extension host's console through
// window.codeAutomationLog and the suite's exit code through window.codeAutomationExit.
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { openBrowser, type Browser } from './browser';
import { startCodeServer } from './codeServer';
import { examplesDir, freshDir, repoRoot, suiteIndex } from './paths';
import { withTimeout } from './timeout';

export async function runSuiteInCodeServer(timeoutMs = 120_000): Promise<void> {
  if (!fs.existsSync(suiteIndex)) throw new Error(`${suiteIndex} missing: run tsc -p tsconfig.e2e.json`);
  const output = freshDir('suite');
  const logPath = path.join(output, 'extension-host.log');
  const log = fs.createWriteStream(logPath);
  const server = await startCodeServer({ name: 'suite' });
  let browser: Browser | undefined;
  try {
    browser = await openBrowser('suite');
    const { page } = browser;
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // Console calls arrive as their arguments: the first may be a printf-style format.
      const text = format(...(Array.isArray(args) ? args : [args]));
      log.write(`[${type}] ${text}\n`);
      // The terminal gets the suite's output without the workbench's own stack frames.
      const shown = text.split('\n').filter((line) => !/^\s+at .*https?:\/\//.test(line));
      if (type !== 'debug') process.stdout.write(shown.map((line) => `  ${line}\n`).join(''));
    });
    const remote = (file: string) => `vscode-remote://${server.authority}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suiteIndex)],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(examplesDir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await withTimeout(exitCode, timeoutMs, 'integration suite in code-server');
    if (code !== 0) throw new Error(`integration suite exited with code ${code}`);
  } catch (error) {
    await browser?.page.screenshot({ path: path.join(output, 'failure.png') }).catch(() => undefined);
    const logs = path.relative(repoRoot, path.join(output, 'code-server', 'user-data', 'logs'));
    throw new Error(`${(error as Error).message} (extension host console: ${path.relative(repoRoot, logPath)}; editor logs: ${logs})`);
  } finally {
    log.end();
    await browser?.close();
    await server.stop();
  }
}
