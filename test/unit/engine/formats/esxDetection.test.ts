// ESX families against each other and against other kinds of log (samples written for this test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { readFixture, repoRoot } from '../../../helpers/paths';

const ESX_IDS = ['esx-vmkernel-log', 'esx-hostd-log', 'esx-vpxa-log', 'esx-fdm-log', 'esx-vobd-log', 'esx-vmware-log', 'esx-vdf', 'esx-syslog-log'];
const repeat = (lines: string[], n = 10) =>
  Array.from({ length: n }, () => lines)
    .flat()
    .join('\n') + '\n';

const NEGATIVES: Record<string, string[]> = {
  'apache access': [
    '203.0.113.4 - - [07/Apr/2012:17:33:20 +0200] "GET /ui/ HTTP/1.1" 200 3120 "-" "Mozilla/5.0 (Windows NT 6.1)"',
    '203.0.113.4 - admin [07/Apr/2012:17:33:21 +0200] "POST /sdk HTTP/1.1" 500 612 "-" "VMware VI Client/4.0.0"',
  ],
  'apache error': ['[Sat Apr 07 17:33:20 2012] [error] [client 203.0.113.4] File does not exist: /var/www/html/favicon.ico'],
  'linux syslog': [
    'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.2',
    'Jun 14 15:16:02 combo kernel: sd 2:0:0:0: [sdb] Unhandled sense code',
    'Jun 14 15:16:02 combo kernel: sd 2:0:0:0: [sdb] Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE',
    'Jun 14 15:16:03 combo logrotate: ALERT exited abnormally with [1]',
  ],
  'json lines': ['{"@timestamp":"2019-03-01T08:53:36.573Z","host":"esx01","program":"vmkernel","message":"cpu3:2099270)ScsiDeviceIO: failed"}', '{"time":"2019-03-01T08:53:37Z","level":"warning","msg":"hostd not responding"}'],
  openssh: [
    'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for host.example [198.51.100.23] failed - POSSIBLE BREAK-IN ATTEMPT!',
    'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 198.51.100.23',
    'Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 198.51.100.23 port 38926 ssh2',
  ],
  'linux df': ['Filesystem      Size  Used Avail Use% Mounted on', '/dev/sda1        20G  5.0G   14G  27% /', 'tmpfs           3.9G     0  3.9G   0% /dev/shm'],
};

describe('ESX detection', () => {
  it('claims none of the negative samples for an ESX family, whatever the file is called', () => {
    for (const [kind, lines] of Object.entries(NEGATIVES)) {
      for (const name of ['upload.txt', 'messages', 'vmkernel.log', 'hostd.log', 'vdf.txt', 'vpxa.log', 'fdm.log', 'vobd.log', 'vmware.log', 'syslog.log']) {
        const id = detectFormat(name, repeat(lines))?.format.id;
        assert.ok(!id || !ESX_IDS.includes(id), `${kind} as ${name} claimed by ${id}`);
      }
    }
  });

  it('does not match a negative line with any ESX record start or continuation', () => {
    for (const id of ESX_IDS) {
      const f = formatById(id)!;
      for (const line of Object.values(NEGATIVES).flat()) {
        assert.equal(f.recordStart.test(line), false, `${id} start: ${line}`);
        assert.equal(f.continuation?.test(line) ?? false, false, `${id} continuation: ${line}`);
      }
    }
  });

  it('tells hostd lines from vmkernel lines in the same syslog', () => {
    const vmk = formatById('esx-vmkernel-log')!;
    const hostd = formatById('esx-hostd-log')!;
    const h = "Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.492 32AE9B90 error 'App'] Backtrace:";
    const v = 'Apr 7 17:37:45 esx_host vmkernel: 17:19:49:38.441 cpu6:53888)UserDump: 1587: Userworld coredump complete.';
    assert.deepEqual([vmk.recordStart.test(h), hostd.recordStart.test(h)], [false, true]);
    assert.deepEqual([vmk.recordStart.test(v), hostd.recordStart.test(v)], [true, false]);
  });

  it('picks by majority in an ESX 4 messages file: the article’s, with its backtrace, is hostd', () => {
    const d = detectFormat('messages', readFixture('esx', 'article-001.messages'));
    assert.equal(d?.format.id, 'esx-hostd-log');
    assert.ok(d!.score > 0.7, String(d!.score));
  });

  it('picks the vmkernel when its lines are the majority', () => {
    const text = readFixture('esx', 'vmkernel-esx4.log') + "Apr  7 17:39:16 esx_host Hostd: [2012-04-07 17:39:16.938 FFCFEE80 warning 'HostsvcPlugin'] Unable to initialize\n";
    assert.equal(detectFormat('messages', text)?.format.id, 'esx-vmkernel-log');
  });

  it('prefers an ESX family to plain syslog for ESX 4 syslog lines', () => {
    for (const name of ['messages', 'syslog', 'upload.log']) {
      assert.equal(detectFormat(name, readFixture('esx', 'vmkernel-esx4.log'))?.format.id, 'esx-vmkernel-log', name);
    }
  });

  it('weighs continuation lines only after a record of the family', () => {
    const frames = Array.from({ length: 20 }, (_, i) => `[${String(i).padStart(2, '0')}] rip 17c6bbf3`).join('\n');
    assert.equal(detectFormat('upload.txt', frames), undefined);
    assert.equal(detectFormat('upload.txt', "[2012-04-07 17:33:20.492 32AE9B90 error 'App'] Backtrace:\n" + frames)?.format.id, 'esx-hostd-log');
  });
});

describe('ESX languages in the manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const firstLine = (id: string) => new RegExp(manifest.contributes.languages.find((l: { id: string }) => l.id === id).firstLine);
  const first = (name: string) => readFixture('esx', name).split(/\r?\n/)[0];

  it('has a firstLine matching the first line of each fixture of the family, and no negative sample', () => {
    const cases: Record<string, string[]> = {
      'esx-vmkernel-log': ['vmkernel-esx4.log', 'vmkernel-esxi65.crlf.log', 'vmkwarning.log', 'vmkernel-esxi8.log'],
      'esx-hostd-log': ['hostd-esx4.log', 'hostd-esxi5.log', 'hostd-esxi67.log', 'hostd-esxi8.log'],
      'esx-vdf': ['vdf.txt'],
      'esx-vpxa-log': ['vpxa-esxi67.log', 'vpxa-esxi8.log'],
      'esx-fdm-log': ['fdm-esxi67.log', 'fdm-esxi8.log'],
      'esx-vobd-log': ['vobd-esxi67.log', 'vobd-esxi8.log'],
      'esx-vmware-log': ['vmware-esx4.log', 'vmware-esxi67.log', 'vmware-esxi8.log'],
      'esx-syslog-log': ['syslog-esxi67.log', 'syslog-esxi8.log'],
    };
    for (const [id, files] of Object.entries(cases)) {
      const re = firstLine(id);
      for (const f of files) assert.match(first(f), re, `${id}: ${f}`);
      for (const line of Object.values(NEGATIVES).flat()) assert.doesNotMatch(line, re, `${id}: ${line}`);
    }
    assert.match('2023-05-23T07:40:51.404Z In(182) vmkernel: cpu12:2097710)ScsiDeviceIO: 4672: x', firstLine('esx-vmkernel-log'));
    assert.match("Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error", firstLine('esx-hostd-log'));
    assert.doesNotMatch(first('hostd-esx4.log'), firstLine('esx-vmkernel-log'));
    assert.doesNotMatch(first('vmkernel-esx4.log'), firstLine('esx-hostd-log'));
    // each ESXi 6.5+ first line matches its own family's firstLine only
    const own: Record<string, string> = {
      'hostd-esxi67.log': 'esx-hostd-log',
      'hostd-esxi8.log': 'esx-hostd-log',
      'vmkernel-esxi8.log': 'esx-vmkernel-log',
      'vpxa-esxi67.log': 'esx-vpxa-log',
      'vpxa-esxi8.log': 'esx-vpxa-log',
      'fdm-esxi67.log': 'esx-fdm-log',
      'fdm-esxi8.log': 'esx-fdm-log',
      'vobd-esxi8.log': 'esx-vobd-log',
      'vmware-esxi8.log': 'esx-vmware-log',
      'syslog-esxi8.log': 'esx-syslog-log',
    };
    for (const [file, id] of Object.entries(own)) {
      const matching = ESX_IDS.filter((other) => firstLine(other).test(first(file)));
      assert.deepEqual(matching, [id], file);
    }
    const hostd8 = '2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=Default] x';
    assert.deepEqual(
      ESX_IDS.filter((id) => firstLine(id).test(hostd8)),
      ['esx-hostd-log'],
    );
    assert.match('2023-05-23T07:40:51.404Z In(182)+ vmkernel: cpu12:2097710)x', firstLine('esx-vmkernel-log'));
  });

  it('recognises its files by name patterns anywhere in a tree', () => {
    for (const id of ESX_IDS) {
      const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === id);
      assert.ok(lang.filenamePatterns.length > 0 && lang.filenamePatterns.every((p: string) => p.startsWith('**/')), id);
    }
  });
});
