// An ESXi vobd.log in the editor: the built server gives the specific finding for an APD (not the
// generic vob one), a table-driven finding for another problem id, and a hover that explains the id.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

const LINES = [
  '2015-03-18T11:02:41.118Z: [APDCorrelator] 2416565107us: [vob.storage.apd.start] Device or filesystem with identifier [8a5a1336-3d574c6d] has entered the All Paths Down state.',
  '2015-03-18T11:03:02.004Z: [APDCorrelator] 2416586000us: [esx.clear.storage.apd.exit] Device or filesystem with identifier [8a5a1336-3d574c6d] has exited the All Paths Down state.',
  '2020-09-22T03:12:08.441Z: [scsiCorrelator] 8812440112us: [esx.problem.storage.redundancy.lost] Lost path redundancy to storage device naa.600508b1001c4d2e. Path vmhba2:C0:T1:L4 is down.',
];

describe('language server: ESXi vobd.log events', () => {
  const client = new LspTestClient();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-vobd-'));
  const uri = 'file://' + path.join(root, 'vobd.log');

  before(async () => {
    await client.initialize(root);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the APD with its own rule and the other problem id from the table', async () => {
    const diagnostics = await client.open(uri, 'esx-vobd-log', LINES.join('\n') + '\n');
    const got = diagnostics.map((d) => [d.range.start.line, d.code]).sort();
    assert.deepEqual(got, [
      [0, 'esx/apd-start'],
      [2, 'esx/vob-problem'],
    ]);
    assert.match(String(diagnostics.find((d) => d.code === 'esx/vob-problem')!.message), /Only one path to a storage device is left/);
  });

  it('explains an id on hover, recoveries included', async () => {
    const at = (line: number, id: string) => client.hover(uri, line, LINES[line].indexOf(id) + 3);
    const problem = await at(2, 'esx.problem.storage.redundancy.lost');
    assert.match((problem!.contents as MarkupContent).value.replace(/\\/g, ''), /ESXi problem event esx\.problem\.storage\.redundancy\.lost/);
    const clear = await at(1, 'esx.clear.storage.apd.exit');
    assert.match((clear!.contents as MarkupContent).value.replace(/\\/g, ''), /ESXi recovery event/);
  });
});
