import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { loadTable } from '../../../../server/src/engine/decoders/tables';
import type { SrErrorEntry } from '../../../../server/src/engine/decoders/xenserverSrErrors';

interface Table {
  sources: { title: string; url: string }[];
  codes: SrErrorEntry[];
}
const table = loadTable<Table>('xenserver-sr-errors');
const sr = (line: string) => decodeLine(line).filter((d) => d.kind === 'xenserver-sr-error');

describe('XenServer storage manager error codes (SR_BACKEND_FAILURE_N)', () => {
  it('holds the storage manager table: unique codes, names, descriptions and a public source each', () => {
    const codes = table.codes.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.length >= 170, `only ${codes.length} codes`);
    const urls = new Set(table.sources.map((s) => s.url));
    for (const c of table.codes) {
      assert.match(c.name, /^[A-Za-z][A-Za-z0-9]*$/, String(c.code));
      assert.ok(c.description.length > 3, String(c.code));
      assert.ok(urls.has(c.source) && /^https:\/\/github\.com\//.test(c.source), String(c.code));
    }
    const byCode = new Map(table.codes.map((c) => [c.code, c]));
    assert.equal(byCode.get(44)?.name, 'SRNoSpace');
    assert.equal(byCode.get(46)?.description, 'The VDI is not available');
    assert.equal(byCode.get(460)?.name, 'CBTChangedBlocksError');
  });

  it('decodes the xensource.log wrapper, the SMlog raise and the plain code alike', () => {
    for (const [line, text] of [
      ['Mar  4 02:11:09 xs71 xapi: [error|xs71|4211 ||backtrace] VM.start R:8d2f0c1e9a77 failed with exception Server_error(SR_BACKEND_FAILURE_46, [ ; The VDI is not available;  ])', 'SR_BACKEND_FAILURE_46'],
      ['Mar  4 02:11:08 xs71 SM: [27183] Raising exception [46, The VDI is not available [opterr=VDI x not found]]', '46'],
      ['Error: SR_BACKEND_FAILURE_46(, The VDI is not available, )', 'SR_BACKEND_FAILURE_46'],
    ]) {
      const [d] = sr(line);
      assert.ok(d, line);
      assert.equal(d.text, text);
      assert.equal(line.slice(d.start, d.end), text);
      assert.equal(d.summary, 'Storage manager error SR_BACKEND_FAILURE_46 VDIUnavailable: The VDI is not available');
      assert.ok(
        d.details.some((l) => l.includes('activated')),
        'carries the advice',
      );
      assert.ok(d.details.some((l) => l.startsWith('Source: xapi-project/sm')));
    }
  });

  it('never reads _46 in _460, and names retired and XCP-ng-only codes', () => {
    const [cbt] = sr('SR_BACKEND_FAILURE_460(, Failed to calculate changed blocks for given VDIs., )');
    assert.equal(cbt.text, 'SR_BACKEND_FAILURE_460');
    assert.match(cbt.summary, /CBTChangedBlocksError/);
    assert.match(sr('SR_BACKEND_FAILURE_411')[0].summary, /CSLGLoadSR: .*removed .*2014/);
    assert.match(sr('SR_BACKEND_FAILURE_5006')[0].summary, /LinstorSRCreate: .*XCP-ng only/);
    assert.match(sr('SR_BACKEND_FAILURE_999')[0].summary, /does not list/);
  });

  it('leaves look-alikes alone', () => {
    for (const line of ['SR_BACKEND_FAILURE_46X', 'XSR_BACKEND_FAILURE_46', 'SR_BACKEND_FAILURE_', 'Raising exception [x, y]', 'lock: acquired /var/lock/sm/46/sr']) {
      assert.deepEqual(sr(line), [], line);
    }
  });
});
