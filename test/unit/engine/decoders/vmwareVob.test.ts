import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { vmwareVobDecoder, vobEntry } from '../../../../server/src/engine/decoders/vmwareVob';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

const VOBD =
  '2015-03-18T11:05:01.420Z: [APDCorrelator] 2416705420us: [esx.problem.storage.apd.timeout] Device or filesystem with identifier [8a5a1336-3d574c6d] has entered the All Paths Down Timeout state after being in the All Paths Down state for 140 seconds.';

describe('VMware vob / event id hover', () => {
  it('explains a problem id with our meaning and the catalogue text, on the exact span', () => {
    const [d, ...rest] = vmwareVobDecoder.decode(VOBD, {});
    assert.deepEqual(rest, []);
    assert.equal(VOBD.slice(d.start, d.end), 'esx.problem.storage.apd.timeout');
    assert.match(d.summary, /^ESXi problem event esx\.problem\.storage\.apd\.timeout$/);
    assert.match(d.details[0], /APD timeout/);
    assert.match(d.details.join('\n'), /vCenter event catalogue: "All Paths Down timed out/);
  });

  it('tells recoveries, audit records and raw observations apart', () => {
    const summaries = vmwareVobDecoder.decode('[esx.clear.storage.apd.exit] [esx.audit.ssh.enabled] [vob.scsi.scsipath.pathstate.dead] x', {}).map((d) => d.summary);
    assert.deepEqual(summaries, ['ESXi recovery event (the problem it names is over) esx.clear.storage.apd.exit', 'ESXi audit record esx.audit.ssh.enabled', 'VMware observation (vob) vob.scsi.scsipath.pathstate.dead']);
  });

  it('still names an id the table does not know, and ignores ids outside brackets', () => {
    const [d] = vmwareVobDecoder.decode('x [esx.problem.some.new.id] y', {});
    assert.match(d.details.join('\n'), /Not in the table/);
    assert.deepEqual(vmwareVobDecoder.decode('eventTypeId esx.problem.visorfs.ramdisk.full', {}), []);
  });

  it('is registered with the other decoders', () => {
    assert.ok(decodeLine(VOBD).some((d) => d.kind === 'vmware-vob'));
  });

  it('has a table whose every id is unique, well formed, and sourced', () => {
    const t = loadTable<{ sources: { url?: string }[]; ids: { id: string; kind: string; finding: boolean; severity: string }[] }>('vmware-vob-ids');
    assert.ok(t.sources.length > 0 && t.sources.every((s) => s.url?.startsWith('https://')));
    assert.equal(new Set(t.ids.map((e) => e.id)).size, t.ids.length);
    for (const e of t.ids) {
      assert.match(e.id, /^(?:vob|esx\.(?:problem|clear|audit))\.[A-Za-z0-9_.]+$/, e.id);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(e.severity), e.id);
      if (e.kind === 'clear') assert.equal(e.finding, false, e.id);
    }
    assert.equal(vobEntry('esx.problem.visorfs.ramdisk.inodetable.full')?.finding, true);
  });
});
