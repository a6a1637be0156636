// UI test of a big, noisy bundle (issue 17): a 55 MB vmkernel log with thousands of findings of one
// kind and a few rare ones, and two NetBackup logs of the same name. Analyze Folder from the Explorer;
// the status bar, the Findings view and the Problems panel must give one count; a re-run cancelled
// from its notification must leave the earlier results as they were. Screenshots of each for a person.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { NoisyBundle } from '../harness/noisyBundle';
import { writeNoisyBundle } from '../harness/noisyBundle';
import { command, contextMenu, folderUrl, showFindings, step, waitFor, waitForText, widenSideBar, withWorkbench } from './actions';

const ANALYSIS_TIMEOUT_MS = 150_000;
const STATUS = '.statusbar-item';

const count = (text: string) => Number(text.replace(/,/g, ''));

/** The status bar item's numbers: root causes, findings, logs. */
async function statusCounts(page: Page): Promise<{ text: string; causes: number; findings: number; logs: number }> {
  const text = (await page.locator(STATUS, { hasText: 'Log Triage:' }).first().innerText()).trim();
  const m = /([\d,]+) root causes? · ([\d,]+) findings? in ([\d,]+) logs?/.exec(text);
  if (!m) throw new Error(`status bar item: ${text}`);
  return { text, causes: count(m[1]), findings: count(m[2]), logs: count(m[3]) };
}

/** The Findings view's top rows (root causes) and their counts. */
async function causeCounts(page: Page): Promise<number[]> {
  const rows = page.locator('.monaco-list-row[aria-level="1"]', { has: page.locator('.label-description') });
  const descriptions = await rows.locator('.label-description').allInnerTexts();
  return descriptions
    .map((d) => /^([\d,]+) findings?$/.exec(d.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => count(m[1]));
}

/** The Problems panel's file rows: name → the count badge. */
async function problemFiles(page: Page): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const row of await page.locator('.markers-panel .monaco-list-row[aria-level="1"]').all()) {
    const name = (
      await row
        .locator('.label-name')
        .first()
        .innerText()
        .catch(() => '')
    ).trim();
    const badge = (
      await row
        .locator('.monaco-count-badge')
        .first()
        .innerText()
        .catch(() => '')
    ).trim();
    if (name)
      out.set(
        `${name} ${(
          await row
            .locator('.label-description')
            .first()
            .innerText()
            .catch(() => '')
        ).trim()}`,
        count(badge),
      );
  }
  return out;
}

export async function runUiNoisyTest(): Promise<void> {
  let bundle: NoisyBundle;
  const prepare = (output: string) => {
    step('write a noisy bundle: a 55 MB vmkernel log, two NetBackup logs named log.050514');
    bundle = writeNoisyBundle(path.join(output, 'case'), 'noisy', 55, 2500, 40);
    return folderUrl(path.join(output, 'case'));
  };
  await withWorkbench('noisy-ui', prepare, async (page, output) => {
    step('Analyze Folder on the bundle from the Explorer context menu');
    await contextMenu(page, 'noisy', 'Analyze Folder…');
    await waitForText(page, STATUS, /Log Triage: analysing/, ANALYSIS_TIMEOUT_MS);
    await waitForText(page, STATUS, /findings? in 3 logs/, ANALYSIS_TIMEOUT_MS);
    const status = await statusCounts(page);
    step(`status bar: ${status.text}`);
    if (status.findings < 1000) throw new Error(`expected thousands of findings: ${status.text}`);

    step('Findings view: the root causes add up to the status bar count');
    await showFindings(page);
    await widenSideBar(page, 760);
    await waitFor(
      async () => (await causeCounts(page)).length === status.causes,
      `${status.causes} root causes`,
      async () => JSON.stringify(await causeCounts(page)),
    );
    const causes = await causeCounts(page);
    const sum = causes.reduce((a, b) => a + b, 0);
    if (sum !== status.findings) throw new Error(`Findings view ${JSON.stringify(causes)} = ${sum}, status bar ${status.findings}`);
    step('a click on the root cause of the noise expands it: the file, then the rest-count under it');
    const row = (text: string | RegExp) => page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
    await row(/SCSI command failed with CHECK CONDITION/).click();
    await row(/^vmkernel\.log/).click();
    await waitForText(page, '.pane-body', /[\d,]+ more findings not shown/);
    step('the NetBackup logs are told apart by their process folder; a repeated finding expands to its count and times');
    await row(/^NetBackup: /).click();
    await row(/^bpbrm\/log\.050514/).click();
    // the row itself opens the finding; its twistie shows the count, the times and the examples
    await row(/repeated 40 times/)
      .locator('.monaco-tl-twistie')
      .click();
    await waitForText(page, '.pane-body', '40 occurrences, lines 2 to 80');
    await waitForText(page, '.pane-body', 'bpcd/log.050514');
    await page.screenshot({ path: path.join(output, 'findings.png') });

    step('Problems panel: 1000 kept for the vmkernel log, the last counting the rest');
    await page.keyboard.press('Control+Shift+M');
    await waitForText(page, '.markers-panel', 'vmkernel.log');
    const files = await problemFiles(page);
    process.stdout.write(`    problems per file: ${JSON.stringify([...files])}\n`);
    // the log is over VS Code's 50 MB limit: its diagnostics sit on the disk-served windows of its lines
    // (a Problems-panel click opens the window at the line), one row per window; VS Code's own problem
    // count, the Problems panel's total, is what must agree
    const problemsLabel = (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
    const shown = [...problemsLabel.matchAll(/(\d[\d,]*)/g)].reduce((n, m) => n + count(m[1]), 0);
    const netbackup = [...files].filter(([name]) => name.startsWith('log.050514')).reduce((n, [, c]) => n + c, 0);
    await page.locator('.markers-panel-container .monaco-inputbox input, .viewpane-filter input').first().fill('more findings not shown');
    await waitForText(page, '.markers-panel', /[\d,]+ more findings not shown \([\d,]+ in all;/);
    const more = /([\d,]+) more findings not shown \(([\d,]+) in all;/.exec(await page.locator('.markers-panel').innerText())!;
    if (999 + count(more[1]) !== count(more[2]) || count(more[2]) + netbackup !== status.findings || shown !== 1000 + netbackup) {
      throw new Error(`Problems panel (${problemsLabel}): 999 + ${more[1]} shown for ${more[2]} in the vmkernel log, ${netbackup} in the NetBackup logs; status bar ${status.findings}`);
    }
    await page.screenshot({ path: path.join(output, 'problems.png') });
    await page.locator('.markers-panel-container .monaco-inputbox input, .viewpane-filter input').first().fill('');

    step('re-run Analyze Folder and cancel it from its notification while it runs');
    // the re-run must outlast a person's click: forty more hosts with the same 55 MB log (hard links, no
    // disk) make it over two gigabytes; whatever of them is published before the cancel must go again
    const hosts = Array.from({ length: 40 }, (_, i) => path.join(bundle.root, 'vmware', `esx${String(i + 2).padStart(2, '0')}`));
    for (const host of hosts) {
      const copy = path.join(host, 'var', 'log', 'vmkernel.log');
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.linkSync(bundle.vmkernel, copy);
    }
    await command(page, 'View: Show Explorer');
    await contextMenu(page, 'noisy', 'Analyze Folder…');
    await waitForText(page, STATUS, /Log Triage: analysing/, ANALYSIS_TIMEOUT_MS);
    // at once: the files of the re-run published so far must go again with the cancel
    await page.locator('.notifications-toasts .monaco-button, .notifications-toasts .action-label', { hasText: 'Cancel' }).first().click({ timeout: 5_000 });
    await waitForText(page, STATUS, /\(earlier run\)/, ANALYSIS_TIMEOUT_MS);
    const after = await statusCounts(page);
    if (after.findings !== status.findings || after.causes !== status.causes) throw new Error(`after the cancel: ${after.text}; before: ${status.text}`);
    await page.keyboard.press('Control+Shift+M');
    await waitForText(page, '.markers-panel', 'vmkernel.log');
    const filesAfter = await problemFiles(page);
    if (JSON.stringify([...filesAfter]) !== JSON.stringify([...files])) throw new Error(`Problems panel after the cancel: ${JSON.stringify([...filesAfter])}`);
    await showFindings(page);
    const causesAfter = await causeCounts(page);
    if (JSON.stringify(causesAfter) !== JSON.stringify(causes)) throw new Error(`Findings view after the cancel: ${JSON.stringify(causesAfter)}`);
    await page.locator('.statusbar').screenshot({ path: path.join(output, 'statusbar.png') });
    await page.screenshot({ path: path.join(output, 'after-cancel.png') });
    // the report analyses the folder afresh: the bundle as it was
    for (const host of hosts) fs.rmSync(host, { recursive: true });

    step('the triage report as plain text, for pasting into the case: readable, no markup or escapes');
    await command(page, 'Log Triage: Write Triage Report as Plain Text');
    const report = '.part.editor .view-lines';
    // the editor renders spaces as no-break spaces
    await waitForText(page, report, /Log\sTriage\sreport/, ANALYSIS_TIMEOUT_MS);
    await waitForText(page, report, 'bpbrm/log.050514');
    const text = await page.locator(report).first().innerText();
    const noise = /\\[():;[\]*_`#]|\]\(|<\/?[a-z]+>|\*\*/.exec(text);
    if (noise) throw new Error(`the plain-text report holds markup or escapes (${JSON.stringify(noise[0])}): ${text.slice(0, 400)}`);
    await page.screenshot({ path: path.join(output, 'report-text.png') });
  });
}
