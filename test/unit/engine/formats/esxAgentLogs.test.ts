// vpxa.log and fdm.log: the vmacore shapes of hostd, told apart by the program name (ESXi 6.5+) or the file name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { VmacoreRecord } from '../../../../server/src/engine/formats/esxVmacore';
import { readFixture } from '../../../helpers/paths';

const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const parser = (id: string) => (line: string) => formatById(id)!.parse(line) as VmacoreRecord | undefined;

describe('esx-fdm-log', () => {
  const parse = parser('esx-fdm-log');
  it('parses ESXi 6.5-7 lines: level, fdm[thread], sub= component, opID; --> lines continue', () => {
    const all = lines(readFixture('esx', 'fdm-esxi67.log'));
    const r = parse(all[0])!;
    assert.equal(new Date(r.time!).toISOString(), '2023-07-04T06:06:02.154Z');
    assert.equal(r.program, 'fdm');
    assert.equal(r.thread, '2110701');
    assert.equal(r.component, 'Cluster');
    assert.equal(r.opId, 'SWI-3ab50c2a');
    assert.ok(slice(all[0], r.messageRange)!.startsWith('hostId=host-22 state=Master'));
    assert.equal(parse(all[1])!.level, 'debug');
    assert.equal(parse(all[5])!.level, 'warning');
    assert.deepEqual(all.map((l) => (parse(l) ? 'R' : 'c')).join(''), 'RRRRRRcccR');
    assert.ok(formatById('esx-fdm-log')!.continuation!.test(all[6]));
  });

  it('parses ESXi 8 lines with the priority and Fdm[thread]:', () => {
    const all = lines(readFixture('esx', 'fdm-esxi8.log'));
    const r = parse(all[2])!;
    assert.equal(r.level, 'error');
    assert.equal(r.levelText, 'Er(163)');
    assert.equal(r.component, 'Policy');
    assert.equal(parse(all[3]), undefined); // `Fdm[..]: -->` continues the record
    assert.equal(parse(all[4])!.level, 'debug');
  });

  it('parses ESXi 5 lines, the same shape as hostd’s', () => {
    const r = parse(lines(readFixture('esx', 'fdm-esxi5.log'))[2])!;
    assert.equal(r.thread, 'FFE8AB70');
    assert.equal(r.component, 'Cluster');
    assert.equal(r.level, 'error');
  });
});

describe('esx-vpxa-log', () => {
  const parse = parser('esx-vpxa-log');
  it('parses ESXi 6.5-7 and 8 lines', () => {
    const a = lines(readFixture('esx', 'vpxa-esxi67.log'));
    const r = parse(a[0])!;
    assert.equal(r.program, 'vpxa');
    assert.equal(r.component, 'vpxLro');
    assert.equal(r.opId, 'lro-3411-5b7f8e33-01');
    assert.ok(slice(a[0], r.messageRange)!.startsWith('[VpxLRO] -- BEGIN lro-3411'));
    assert.equal(parse(a[3])!.level, 'error');
    const b = lines(readFixture('esx', 'vpxa-esxi8.log'));
    assert.equal(parse(b[0])!.program, 'Vpxa');
    assert.equal(parse(b[2])!.level, 'warning');
    assert.equal(parse(b[4]), undefined); // Er(163)+ ... --> continues
    assert.ok(formatById('esx-vpxa-log')!.continuation!.test(b[4]));
  });

  it('parses ESX 4 lines in host local time, backtraces continuing', () => {
    const a = lines(readFixture('esx', 'vpxa-esx4.log'));
    const r = parse(a[2])!;
    assert.equal(r.timeZone, 'local');
    assert.equal(r.component, 'App');
    assert.deepEqual(a.map((l) => (parse(l) ? 'R' : 'c')).join(''), 'RRRRcc');
  });
});

describe('hostd, vpxa and fdm detection', () => {
  it('tells the agents apart by the program name, whatever the file is called', () => {
    const cases: Record<string, string> = {
      'fdm-esxi67.log': 'esx-fdm-log',
      'fdm-esxi8.log': 'esx-fdm-log',
      'vpxa-esxi67.log': 'esx-vpxa-log',
      'vpxa-esxi8.log': 'esx-vpxa-log',
      'hostd-esxi67.log': 'esx-hostd-log',
    };
    for (const [file, id] of Object.entries(cases)) {
      for (const name of ['upload.txt', 'hostd.log']) assert.equal(detectFormat(name, readFixture('esx', file))?.format.id, id, `${file} as ${name}`);
    }
  });

  it('gives ESX 4 and ESXi 5 lines, which name no program, to the family the file name says, else to hostd', () => {
    assert.equal(detectFormat('fdm.log', readFixture('esx', 'fdm-esxi5.log'))?.format.id, 'esx-fdm-log');
    assert.equal(detectFormat('vpxa.log', readFixture('esx', 'vpxa-esx4.log'))?.format.id, 'esx-vpxa-log');
    assert.equal(detectFormat('vpxa.log', readFixture('esx', 'hostd-esxi5.log'))?.format.id, 'esx-vpxa-log');
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'fdm-esxi5.log'))?.format.id, 'esx-hostd-log');
    assert.equal(detectFormat('hostd.log', readFixture('esx', 'hostd-esxi5.log'))?.format.id, 'esx-hostd-log');
  });

  it('keeps hostd from reading vpxa and fdm lines as its own', () => {
    const hostd = formatById('esx-hostd-log')!;
    for (const f of ['fdm-esxi67.log', 'fdm-esxi8.log', 'vpxa-esxi67.log', 'vpxa-esxi8.log']) {
      assert.equal(hostd.recordStart.test(lines(readFixture('esx', f))[0]), false, f);
    }
    assert.ok(hostd.recordStart.test('2019-01-01T00:00:00.000Z info hostd-probe[2099900] [Originator@6876 sub=Default] Probe done'));
  });
});
