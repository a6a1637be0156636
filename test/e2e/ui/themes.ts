// UI test of severity colours (issue 17, point 6): a hostd log with every level open in code-server,
// switched through Light Modern, Dark Modern and Monokai with the theme picker, a screenshot of
// each (and the walkthrough, opened once after install); in each, the rendered colour of the error level differs from the host name's and the warning's.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { LEVELS_LOG } from '../suite/levelsLog';
import { folderUrl, languageAlias, openFromExplorer, runCommand, step, waitFor, waitForText, withWorkbench } from './actions';

const THEMES = [
  { label: 'Light Modern', file: 'theme-light-modern.png', kind: 'vs' },
  { label: 'Dark Modern', file: 'theme-dark-modern.png', kind: 'vs-dark' },
  { label: 'Monokai', file: 'theme-monokai.png', kind: 'vs-dark' },
];

/** The rendered colour of the first token of the editor whose text is `text`. */
async function renderedColour(page: Page, text: string): Promise<string | undefined> {
  return page
    .locator('.monaco-editor .view-lines span span')
    .evaluateAll((spans, wanted) => spans.filter((s) => s.textContent === wanted).map((s) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(s).color)[0], text);
}

async function chooseTheme(page: Page, label: string, kind: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  // not the "Browse Color Themes in Marketplace" row that sorts first
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme(?!s)/ }).click();
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor();
  await page.keyboard.press('Enter');
  const themeClass = () =>
    page
      .locator('.monaco-workbench')
      .first()
      .getAttribute('class')
      .then((c) => c ?? '');
  await waitFor(async () => (await themeClass()).split(' ').includes(kind), `workbench class ${kind}`, themeClass);
  await page.waitForTimeout(500); // the editor repaints its tokens after the workbench
}

export async function runUiThemesTest(): Promise<void> {
  const prepare = (output: string) => {
    const folder = path.join(output, 'case');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'hostd.log'), LEVELS_LOG.join('\n') + '\n');
    return folderUrl(folder);
  };
  await withWorkbench('themes-ui', prepare, async (page, output) => {
    await openFromExplorer(page, ['hostd.log']);
    step('the walkthrough opens by itself on the first activation after install');
    await waitForText(page, '.editor-group-container', 'Get started with Log Triage');
    await page.screenshot({ path: path.join(output, 'walkthrough.png') });
    // beside the log that activated the extension, which stays open
    await page.locator('.tab', { hasText: 'hostd.log' }).waitFor();
    await runCommand(page, 'View: Close All Editor Groups');
    await openFromExplorer(page, ['hostd.log']);
    await waitForText(page, '[id="status.editor.mode"]', languageAlias('esx-hostd-log'));
    for (const theme of THEMES) {
      step(`theme ${theme.label}`);
      await chooseTheme(page, theme.label, theme.kind);
      const colours = { error: await renderedColour(page, 'error'), warning: await renderedColour(page, 'warning'), host: await renderedColour(page, 'esx_host') };
      step(`rendered colours: ${JSON.stringify(colours)}`);
      if (!colours.error || colours.error === colours.host || colours.error === colours.warning) throw new Error(`${theme.label}: ${JSON.stringify(colours)}`);
      await page.screenshot({ path: path.join(output, theme.file) });
    }
  });
}
