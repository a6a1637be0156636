// UI smoke test: the packaged .vsix installed into code-server, driven like a person
// would with Debian's Chromium. Few assertions, each on something a user sees.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { examplesDir, repoRoot } from '../harness/paths';
import { folderUrl, languageAlias, openFromExplorer, runCommand, step, waitForAttribute, waitForText, withWorkbench } from './actions';

export async function runUiSmokeTest(): Promise<void> {
  await withWorkbench(
    'smoke',
    () => folderUrl(examplesDir),
    async (page, output) => {
      await openFromExplorer(page, ['vnx', 'server_log']);
      step('language mode in the status bar');
      await waitForText(page, '[id="status.editor.mode"]', languageAlias('vnx-server-log'));

      // The counts the engine finds for this file (rules get added; the editor must agree).
      const counts = engineCounts(path.join(examplesDir, 'vnx', 'server_log'));
      if (counts.errors < 2 || counts.warnings < 1) throw new Error(`the engine lost the VNX findings: ${JSON.stringify(counts)}`);
      const label = `Errors: ${counts.errors}, Warnings: ${counts.warnings}`;
      step(`problem counts in the status bar: ${label}`);
      await waitForAttribute(page, '[id="status.problems"]', 'aria-label', label);

      step('Problems panel');
      await page.keyboard.press('Control+Shift+M');
      for (const rule of ['vnx/ckpt-wait', 'vnx/ckpt-timer-expired', 'vnx/snapsure-create-failed']) {
        await waitForText(page, '.markers-panel', rule);
      }

      step('hover on the level of line 13');
      const log = fs.readFileSync(path.join(examplesDir, 'vnx', 'server_log'), 'utf8').split('\n');
      const column = log[12].indexOf('CMD: 3:') + 'CMD: '.length + 1; // 1-based, on the digit
      // the log's own editor (the walkthrough opens beside it on the first activation and may hold the focus)
      await page.locator('.tab', { hasText: 'server_log' }).first().click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'CMD:' }).first().click();
      await page.keyboard.press('Control+G'); // Go to Line/Column
      await page.keyboard.type(`13:${column}`);
      await page.keyboard.press('Enter');
      await waitForText(page, '[id="status.editor.selection"]', `Ln 13, Col ${column}`);
      await runCommand(page, 'Show or Focus Hover');
      await waitForText(page, '.monaco-hover:visible', 'syslog level 3: error');

      await page.screenshot({ path: path.join(output, 'workbench.png') });
    },
  );
}

/**
 * Error and warning counts of `logtriage analyze --json` for one file, as the editor shows them: once
 * per subject (the command line reports the first repeats apart; in this example a subject's
 * findings share their message).
 */
function engineCounts(file: string): { errors: number; warnings: number } {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const report = JSON.parse(execFileSync(process.execPath, [cli, 'analyze', '--json', file], { encoding: 'utf8' })) as {
    files: { findings: { rule: string; severity: string; message: string }[] }[];
  };
  const once = new Map(report.files[0].findings.map((f) => [`${f.rule} ${f.message}`, f]));
  const findings = [...once.values()];
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
