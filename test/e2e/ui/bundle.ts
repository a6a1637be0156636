// UI test of a support bundle opened as it was sent (issue 16): the .tgz in the Explorer, its
// context menu's Open Bundle, the archive browsed as a read-only folder, a member opened with
// its highlighting, diagnostics and hover, and Analyze Folder's bundle summary in the Findings view.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { command, contextMenu, expand, folderUrl, languageAlias, showFindings, step, STEP_TIMEOUT_MS, waitForText, withWorkbench } from './actions';

const HOST = 'esx-esxi01-2024-03-05--10.22-12345';
const VMKERNEL =
  [
    '2019-03-01T08:53:35.100Z cpu3:2099270)ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28, CmdSN 0x1 from world 0 to dev "naa.600601604a503a00f4c1e2a1b2c3d4e5" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x4 0x44 0x0.',
    '2019-03-01T08:53:36.574Z cpu3:2099270)UserDump: 1485: Dumping cartel 3476251 (from world 3476319) to file /var/core/hostd-worker-zdump.000 ...',
  ].join('\n') + '\n';

function buildBundle(dir: string): void {
  const tree = path.join(dir, 'tree', HOST);
  fs.mkdirSync(path.join(tree, 'var', 'run', 'log'), { recursive: true });
  fs.mkdirSync(path.join(tree, 'commands'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'var', 'run', 'log', 'vmkernel.log'), VMKERNEL);
  fs.writeFileSync(path.join(tree, 'commands', 'vmware_-vl.txt'), 'VMware ESXi 6.5.0 build-5969303\n');
  fs.mkdirSync(path.join(dir, 'case'));
  execFileSync('tar', ['czf', path.join(dir, 'case', 'vm-support.tgz'), '-C', path.join(dir, 'tree'), HOST]);
}

export async function runUiBundleTest(): Promise<void> {
  const prepare = (output: string) => {
    buildBundle(output);
    return folderUrl(path.join(output, 'case'));
  };
  await withWorkbench('bundle-ui', prepare, async (page, output) => {
    step('Analyze Folder on the .tgz from the Explorer context menu');
    await contextMenu(page, 'vm-support.tgz', 'Analyze Folder…');
    await showFindings(page);
    await waitForText(page, '.pane-body', 'VMware vm-support bundle');
    await waitForText(page, '.pane-body', 'hosts: esxi01');
    await page.screenshot({ path: path.join(output, 'findings-bundle.png') });

    step('Open Bundle from the Explorer context menu: the archive as a read-only folder');
    await command(page, 'View: Show Explorer');
    await contextMenu(page, 'vm-support.tgz', 'Open Bundle…');
    // a window with one folder opens a saved workspace holding that folder and the bundle (an untitled
    // one would reload without its folders in code-server): both are in the Explorer after the reload
    await page.waitForURL(/[?&]workspace=.*bundle-workspaces/, { timeout: STEP_TIMEOUT_MS });
    const bundleRoot = page.getByRole('treeitem', { name: 'vm-support.tgz (bundle)' });
    // code-server now and then shows a workspace opened this way without its folders until it is loaded again
    await bundleRoot.waitFor({ timeout: 15_000 }).catch(async () => {
      step('the workspace came up without its folders: loaded again');
      await page.reload();
      await bundleRoot.waitFor();
    });
    await page.getByRole('treeitem', { name: 'case' }).first().waitFor();
    if ((await bundleRoot.getAttribute('aria-expanded')) !== 'true') await bundleRoot.click();
    // the Explorer compacts single-child folders (`var/run/log`) once it has read them
    for (const name of [HOST, 'var', 'run', 'log']) {
      if (await page.getByRole('treeitem', { name: 'vmkernel.log', exact: true }).isVisible()) break;
      await expand(page, name);
    }
    await page.getByRole('treeitem', { name: 'vmkernel.log', exact: true }).click();
    await page.locator('.tab.active', { hasText: 'vmkernel.log' }).waitFor();
    await waitForText(page, '[id="status.editor.mode"]', languageAlias('esx-vmkernel-log'));
    await page.keyboard.press('Control+Shift+M');
    await waitForText(page, '.markers-panel', 'esx/userworld-coredump');

    step('hover on the additional sense code of line 1');
    const column = VMKERNEL.indexOf('0x44') + 2;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`1:${column}`);
    await page.keyboard.press('Enter');
    await command(page, 'Show or Focus Hover');
    await waitForText(page, '.monaco-hover:visible', 'INTERNAL TARGET FAILURE');
    await page.screenshot({ path: path.join(output, 'bundle-member.png') });
  });
}
