// Language contributions: the extension is present, and logs get their language id.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri, openAndWaitForDiagnostics, repoRoot } from './helpers';

/** Opens a file and waits until its language is `id` (content detection switches it after opening). */
async function languageOf(file: string, id: string): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  const deadline = Date.now() + 10_000;
  let current = doc;
  while (current.languageId !== id && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString()) ?? current;
  }
  return current.languageId;
}

describe('languages', () => {
  it('recognises the VNX example server_log as vnx-server-log and activates the extension', async () => {
    const { document } = await openAndWaitForDiagnostics(exampleUri('vnx', 'server_log'));
    assert.equal(document.languageId, 'vnx-server-log');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
    assert.equal(extension.isActive, true);
  });

  it('gives the other logs of an ESXi bundle their families, by file name and by content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-esx-'));
    const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'esx', name), 'utf8');
    const cases: [string, string, string][] = [
      ['vobd.log', 'vobd-esxi67.log', 'esx-vobd-log'],
      ['fdm.log', 'fdm-esxi67.log', 'esx-fdm-log'],
      ['vpxa.log', 'vpxa-esxi8.log', 'esx-vpxa-log'],
      ['vmware.log', 'vmware-esxi67.log', 'esx-vmware-log'],
      ['syslog.log', 'syslog-esxi8.log', 'esx-syslog-log'],
      // named like nothing known: the content decides
      ['ha-agent-excerpt.txt', 'fdm-esxi8.log', 'esx-fdm-log'],
      ['vm-log-excerpt.txt', 'vmware-esxi8.log', 'esx-vmware-log'],
      ['vobd-excerpt.txt', 'vobd-esxi8.log', 'esx-vobd-log'],
    ];
    for (const [name, source, id] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, fixture(source));
      assert.equal(await languageOf(file, id), id, name);
    }
  });
});
