// UI smoke test: the packaged .vsix installed into code-server, driven like a person
// would with Debian's Chromium. Few assertions, each on something a user sees; the
// workbench DOM is internal to VS Code, so selectors stay coarse (ids, roles, labels).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import { examplesDir, freshDir, repoRoot, vsixPath } from '../harness/paths';

export const STEP_TIMEOUT_MS = 30_000;

export async function runUiSmokeTest(): Promise<void> {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} missing: run npm run package`);
  const output = freshDir('smoke');
  const server = await startCodeServer({ name: 'smoke', vsix: vsixPath });
  let browser: Browser | undefined;
  try {
    browser = await openBrowser('smoke');
    const { page } = browser;
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(examplesDir)}`);
    await openFromExplorer(page, ['vnx', 'server_log']);
    step('language mode in the status bar');
    await waitForText(page, '[id="status.editor.mode"]', languageAlias('vnx-server-log'));

    // The counts the engine finds for this file (rules get added; the editor must agree).
    const counts = engineCounts(path.join(examplesDir, 'vnx', 'server_log'));
    if (counts.errors < 3 || counts.warnings < 1) throw new Error(`the engine lost the VNX findings: ${JSON.stringify(counts)}`);
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
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G'); // Go to Line/Column
    await page.keyboard.type(`13:${column}`);
    await page.keyboard.press('Enter');
    await waitForText(page, '[id="status.editor.selection"]', `Ln 13, Col ${column}`);
    await runCommand(page, 'Show or Focus Hover');
    await waitForText(page, '.monaco-hover:visible', 'syslog level 3: error');

    await page.screenshot({ path: path.join(output, 'workbench.png') });
  } catch (error) {
    await browser?.page.screenshot({ path: path.join(output, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

export function step(what: string): void {
  process.stdout.write(`  - ${what}\n`);
}

export async function openFromExplorer(page: Page, names: string[]): Promise<void> {
  step(`open ${names.join('/')} from the explorer`);
  for (const name of names) await page.getByRole('treeitem', { name, exact: true }).click();
  await page.locator('.tab.active', { hasText: names[names.length - 1] }).waitFor();
}

/** Runs a command by its title from the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
  await page.keyboard.press('Enter');
}

export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await waitFor(
    async () => (await page.locator(selector).allInnerTexts()).some((t) => t.includes(text)),
    `"${text}" in ${selector}`,
    async () => JSON.stringify(await page.locator(selector).allInnerTexts()),
  );
}

async function waitForAttribute(page: Page, selector: string, name: string, value: string): Promise<void> {
  const current = () => page.locator(selector).first().getAttribute(name, { timeout: 1_000 }).catch(() => null);
  await waitFor(async () => (await current()) === value, `${selector} ${name}="${value}"`, async () => String(await current()));
}

/** Polls `ready` until it holds; the error says what was expected and what was there. */
export async function waitFor(ready: () => Promise<boolean>, expected: string, actual: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`expected ${expected} within ${STEP_TIMEOUT_MS / 1000} s; found ${await actual()}`);
}

/** The name VS Code shows for a language: its first alias in package.json. */
export function languageAlias(id: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string; aliases?: string[] }[] };
  };
  return manifest.contributes.languages.find((l) => l.id === id)?.aliases?.[0] ?? id;
}

/** Error and warning counts of `logtriage analyze --json` for one file. */
function engineCounts(file: string): { errors: number; warnings: number } {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const report = JSON.parse(execFileSync(process.execPath, [cli, 'analyze', '--json', file], { encoding: 'utf8' })) as {
    files: { findings: { severity: string }[] }[];
  };
  const findings = report.files[0].findings;
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
