// What the UI tests do in the workbench, as a person would: open code-server in Chromium with the
// packaged .vsix, run commands, open files and menus, and wait for what should appear. The workbench
// DOM is internal to VS Code, so selectors stay coarse (ids, roles, labels).
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import { freshDir, repoRoot, vsixPath } from '../harness/paths';

export const STEP_TIMEOUT_MS = 30_000;

export function step(what: string): void {
  process.stdout.write(`  - ${what}\n`);
}

/**
 * Runs `test` in a code-server with the packaged extension, on a fresh output folder (made by
 * `prepare`, which gives the URL path to open); on failure it leaves failure.png there.
 */
export async function withWorkbench(name: string, prepare: (output: string) => string, test: (page: Page, output: string, url: string) => Promise<void>): Promise<void> {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} missing: run npm run package`);
  const output = freshDir(name);
  const open = prepare(output);
  const server = await startCodeServer({ name, vsix: vsixPath });
  let browser: Browser | undefined;
  try {
    browser = await openBrowser(name);
    browser.page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await browser.page.goto(`${server.url}/${open}`);
    await test(browser.page, output, server.url);
  } catch (error) {
    await browser?.page.screenshot({ path: path.join(output, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** The URL path that opens a folder. */
export function folderUrl(folder: string): string {
  return `?folder=${encodeURIComponent(folder)}`;
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

/** A command from the palette; F1 pressed while a notification has the focus may open nothing, so once more. */
export async function command(page: Page, title: string): Promise<void> {
  try {
    await runCommand(page, title);
  } catch {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await runCommand(page, title);
  }
}

/**
 * The Findings view, by its command until the side bar shows it: a notification that opens while the
 * palette does can take the focus and close the palette unseen, and the Enter then runs nothing.
 */
export async function showFindings(page: Page): Promise<void> {
  const title = page.locator('.part.sidebar .composite.title', { hasText: 'Log Triage: Findings' }).first();
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    await command(page, 'Log Triage: Focus on Findings View');
    try {
      await title.waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

/** Runs an Explorer context-menu command; right after start-up the extensions' entries may not be in the menu yet. */
export async function contextMenu(page: Page, item: string, entryName: string): Promise<void> {
  const deadline = Date.now() + 2 * STEP_TIMEOUT_MS;
  for (;;) {
    await page.getByRole('treeitem', { name: item, exact: true }).click({ button: 'right' });
    const entry = page.getByRole('menuitem', { name: entryName });
    try {
      await entry.waitFor({ timeout: 3_000 });
      // short, so that a menu that closed or re-rendered under the pointer is opened again within the deadline
      await entry.click({ timeout: 5_000 });
      // a click that lands while the menu is still opening only highlights the entry
      if (await entry.isVisible()) {
        await page.waitForTimeout(500);
        if (await entry.isVisible()) await page.keyboard.press('Enter');
      }
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Expands a tree item whose label starts with `name` (a click while the tree is still loading may only select it). */
export async function expand(page: Page, name: string, scope = page.locator('body')): Promise<void> {
  const item = scope.getByRole('treeitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|\\b|$)`) }).first();
  for (let i = 0; i < 10 && (await item.getAttribute('aria-expanded', { timeout: 60_000 })) !== 'true'; i++) {
    await item.click();
    await page.waitForTimeout(500);
  }
}

export async function waitForText(page: Page, selector: string, text: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const has = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
  await waitFor(
    async () => (await page.locator(selector).allInnerTexts()).some(has),
    `"${text}" in ${selector}`,
    async () => JSON.stringify(await page.locator(selector).allInnerTexts()),
    timeoutMs,
  );
}

export async function waitForAttribute(page: Page, selector: string, name: string, value: string): Promise<void> {
  const current = () =>
    page
      .locator(selector)
      .first()
      .getAttribute(name, { timeout: 1_000 })
      .catch(() => null);
  await waitFor(
    async () => (await current()) === value,
    `${selector} ${name}="${value}"`,
    async () => String(await current()),
  );
}

/** Polls `ready` until it holds; the error says what was expected and what was there. */
export async function waitFor(ready: () => Promise<boolean>, expected: string, actual: () => Promise<string>, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`expected ${expected} within ${timeoutMs / 1000} s; found ${await actual()}`);
}

/** Drags the side bar's edge until it is `width` pixels wide (long labels, for a screenshot). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (!bar) return;
  const x = bar.x + bar.width - 1;
  const y = bar.y + bar.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - bar.width), y, { steps: 5 });
  await page.mouse.up();
}

/** The name VS Code shows for a language: its first alias in package.json. */
export function languageAlias(id: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string; aliases?: string[] }[] };
  };
  return manifest.contributes.languages.find((l) => l.id === id)?.aliases?.[0] ?? id;
}
