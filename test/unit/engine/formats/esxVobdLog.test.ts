import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { VobdRecord } from '../../../../server/src/engine/formats/esxVobdLog';
import { readFixture } from '../../../helpers/paths';

const vobd = formatById('esx-vobd-log')!;
const parse = (line: string) => vobd.parse(line) as VobdRecord | undefined;
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

describe('esx-vobd-log', () => {
  it('parses ESXi 5-7 lines: UTC time, correlator, uptime, event id; the message starts at the event', () => {
    const all = lines(readFixture('esx', 'vobd-esxi67.log'));
    const line = all[1];
    const r = parse(line)!;
    assert.equal(new Date(r.time!).toISOString(), '2019-05-02T10:44:11.326Z');
    assert.equal(r.timeZone, 'UTC');
    assert.equal(r.component, 'scsiCorrelator');
    assert.equal(slice(line, r.componentRange), 'scsiCorrelator');
    assert.equal(r.uptime, 2236476);
    assert.equal(slice(line, r.uptimeRange), '2236476305');
    assert.equal(r.event, 'vob.scsi.device.state.permanentloss');
    assert.equal(slice(line, r.eventRange), r.event);
    assert.ok(slice(line, r.messageRange)!.startsWith('[vob.scsi.device.state.permanentloss] Device :naa.'));
    assert.equal(r.level, 'info');
    assert.equal(r.thread, undefined);
    assert.ok(
      all.every((l) => parse(l)),
      'every line is a record',
    );
  });

  it('reads an esx.problem event as a warning, audits and observations as information', () => {
    const all = lines(readFixture('esx', 'vobd-esxi67.log'));
    const r = parse(all[2])!;
    assert.equal(r.level, 'warning');
    assert.equal(slice(all[2], r.levelRange), 'esx.problem');
    assert.equal(parse(all[9])!.level, 'info'); // esx.audit.ssh.session.opened
    const note = parse(all[3])!; // "An event (...) could not be sent immediately to hostd"
    assert.equal(note.event, undefined);
    assert.equal(slice(all[3], note.messageRange), 'An event (esx.problem.scsi.device.state.permanentloss) could not be sent immediately to hostd; queueing for retry.');
  });

  it('parses ESXi 8 lines: priority, vobd[pid] as thread, two spaces before the correlator', () => {
    const all = lines(readFixture('esx', 'vobd-esxi8.log'));
    const r = parse(all[0])!;
    assert.equal(r.thread, '2097521');
    assert.equal(r.program, 'vobd');
    assert.equal(r.levelText, 'In(14)');
    assert.equal(r.component, 'UserLevelCorrelator');
    assert.equal(r.event, 'vob.user.ssh.session.closed');
    assert.equal(parse(all[3])!.level, 'warning'); // esx.problem outranks In(14)
    assert.equal(parse(all[4])!.levelText, 'Wa(12)');
    assert.ok(all.every((l) => parse(l)));
  });

  it('is recognised by content and by name, and leaves other ESX logs alone', () => {
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'vobd-esxi67.log'))?.format.id, 'esx-vobd-log');
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'vobd-esxi8.log'))?.format.id, 'esx-vobd-log');
    assert.equal(detectFormat('vobd.log', readFixture('esx', 'vobd-esxi8.log'))?.format.id, 'esx-vobd-log');
    assert.equal(detectFormat('vobd.0', '2019-05-02T10:45:02.551Z: No correlator for vob.vmfs.nfs.server.disconnect\n')?.format.id, 'esx-vobd-log');
    for (const name of ['hostd-esxi67.log', 'vmkernel-esxi65.crlf.log', 'syslog-esxi67.log', 'vmware-esxi67.log']) {
      assert.equal(vobd.recordStart.test(lines(readFixture('esx', name))[0]), false, name);
    }
    // a stamp and a colon alone is too common a shape to claim a file
    assert.equal(detectFormat('upload.txt', '2019-05-02T10:44:11Z: service started\n2019-05-02T10:44:12Z: listening on 8080\n')?.format.id, undefined);
  });
});
