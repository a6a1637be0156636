// The language server's memory with many documents open (issue 15): what it keeps beyond the
// documents' own text is bounded. 50 documents (1 in 5 a NetBackup log of status-25 jobs, the others
// logs where every line is a finding) opened at once; the server's peak resident set (VmHWM, Linux)
// less their text stays under the bound. The full-size case (200 documents, 95 MB) is in the bench.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { everyLineAFindingLog, nbuStatus25Log } from '../../scripts/bench/adversarial';
import { LspTestClient } from '../helpers/lspClient';

const DOCUMENTS = 50;
/** Peak resident set beyond the documents' text: 290-370 MB before the bound, about 170 MB with it. */
const BOUND_MB = 250;

function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? +m[1] / 1024 : NaN;
}

describe('language server: memory with many documents', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-memory-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it(`keeps less than ${BOUND_MB} MB beyond the text of ${DOCUMENTS} noisy documents opened at once`, { skip: !fs.existsSync('/proc/self/status') && 'no /proc' }, async (t) => {
    const client = new LspTestClient();
    try {
      await client.initialize(root);
      const nbu = nbuStatus25Log(2000);
      const noise = everyLineAFindingLog(100_000);
      const published: Promise<unknown>[] = [];
      let bytes = 0;
      for (let i = 0; i < DOCUMENTS; i++) {
        const nb = i % 5 === 0;
        const uri = 'file://' + path.join(root, `doc${i}`, nb ? 'netbackup/logs/bpbrm/log.050514' : 'vmkernel.log');
        bytes += (nb ? nbu : noise).length;
        published.push(client.nextDiagnostics(uri, 600_000));
        void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: nb ? 'netbackup-legacy-log' : 'esx-vmkernel-log', version: 1, text: nb ? nbu : noise } });
      }
      const all = (await Promise.all(published)) as { diagnostics: unknown[] }[];
      assert.ok(
        all.every((p) => p.diagnostics.length > 0),
        'every document has its findings',
      );
      const beyond = peakMb(client.pid!) - bytes / 1048576;
      t.diagnostic(`${DOCUMENTS} documents, ${(bytes / 1048576).toFixed(1)} MB of text: server peak RSS ${(beyond + bytes / 1048576).toFixed(0)} MB, ${beyond.toFixed(0)} MB beyond the text`);
      assert.ok(beyond < BOUND_MB, `${beyond.toFixed(0)} MB beyond the text`);
    } finally {
      await client.shutdown();
    }
  });
});
