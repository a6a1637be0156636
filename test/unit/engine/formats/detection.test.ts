// Every family's fixtures (test/helpers/familyFixtures.ts) are detected by name and by content and
// claimed by no neighbour; negative samples, logs of other kinds, are not claimed by the wrong family.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, FORMATS } from '../../../../server/src/engine';
import { CATCH_ALL_FAMILY, FAMILY_FIXTURES, fixtureLines, fixturesOf } from '../../../helpers/familyFixtures';
import { repoRoot } from '../../../helpers/paths';

const APACHE_ACCESS = [
  '192.0.2.10 - - [21/May/2017:10:15:01 +0000] "GET /index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0"',
  '192.0.2.11 - frank [21/May/2017:10:15:02 +0000] "POST /login HTTP/1.1" 302 0 "https://example.org/" "curl/7.52.1"',
  '198.51.100.7 - - [21/May/2017:10:15:04 +0000] "GET /missing HTTP/1.1" 404 209 "-" "Mozilla/5.0"',
];
const JSON_LINES = ['{"time":"2017-05-21T10:15:01Z","level":"error","msg":"snapshot failed","vm":"web01"}', '{"time":"2017-05-21T10:15:02Z","level":"info","msg":"connect in progress: 1"}'];
const OPENSSH = [
  'Dec 10 06:55:46 bastion sshd[24200]: Invalid user admin from 203.0.113.9 port 52114',
  'Dec 10 06:55:46 bastion sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9',
  'Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user admin from 203.0.113.9 port 52114 ssh2',
  'Dec 10 06:55:48 bastion sshd[24200]: Connection closed by 203.0.113.9 port 52114 [preauth]',
];
const LINUX_SYSLOG = [
  'Jun 14 15:16:01 web2 kernel: e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex',
  'Jun 14 15:16:02 web2 ntpd[2211]: synchronized to 192.0.2.1, stratum 2',
  'Jun 14 15:17:01 web2 CROND[3100]: (root) CMD (run-parts /etc/cron.hourly)',
  'Jun 14 15:17:05 web2 su(pam_unix)[3120]: session opened for user news by (uid=0)',
];

const repeat = (lines: string[], n = 10) =>
  Array.from({ length: n }, () => lines)
    .flat()
    .join('\n') + '\n';
const specific = FORMATS.filter((f) => f.id !== CATCH_ALL_FAMILY).map((f) => f.id);
const languages: { id: string; firstLine?: string }[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.languages;
const firstLine = (id: string) => new RegExp(languages.find((l) => l.id === id)!.firstLine!);

/**
 * Fixtures whose lines are a neighbour's shapes, so that only their name tells them apart: ESX 4 vpxa
 * and ESXi 5 fdm lines are hostd's (content and VS Code's firstLine say hostd).
 */
const NAME_DECIDES: Record<string, string> = { 'vpxa-esx4.log': 'esx-hostd-log', 'fdm-esxi5.log': 'esx-hostd-log' };
/** Fixtures whose first line no family's firstLine claims: `vdf-full.txt` opens with the df part. */
const FIRST_LINE_UNCLAIMED = ['vdf-full.txt'];

describe("every family's fixtures", () => {
  it('include at least one of each family', () => {
    for (const f of FORMATS) assert.ok(fixturesOf(f.id).length, `no fixture of ${f.id}: put one in test/fixtures/${f.id}/`);
  });

  for (const f of FAMILY_FIXTURES) {
    const where = f.parts.join('/');
    const name = f.parts[f.parts.length - 1];
    it(`${where}: ${f.format.id} by name and by content, and no neighbour's`, () => {
      const text = fixtureLines(f).join('\n');
      const byName = detectFormat(path.join(path.dirname(f.path), f.logName), text);
      assert.equal(byName?.format.id, f.format.id, `as ${f.logName}`);
      assert.ok(byName?.byName, `the name ${f.logName}`);
      const byContent = NAME_DECIDES[name] ?? f.format.id;
      assert.equal(detectFormat('upload.txt', text)?.format.id, byContent, 'by content');
      const first = text.split('\n').find((l) => l.trim())!;
      const claiming = languages.filter((l) => l.firstLine && new RegExp(l.firstLine).test(first)).map((l) => l.id);
      assert.deepEqual(claiming, FIRST_LINE_UNCLAIMED.includes(name) ? [] : [byContent], `firstLine on ${first}`);
    });
  }
});

describe('detection of other kinds of log', () => {
  it('claims neither an Apache access log nor JSON lines', () => {
    for (const name of ['access_log', 'access.log', 'upload.txt']) {
      assert.equal(detectFormat(name, repeat(APACHE_ACCESS)), undefined, name);
      assert.equal(detectFormat(name, repeat(JSON_LINES)), undefined, name);
    }
  });

  it('reads an OpenSSH log and a Linux syslog as plain syslog and nothing more specific', () => {
    for (const [name, lines] of [
      ['/var/log/secure', OPENSSH],
      ['auth.log', OPENSSH],
      ['messages', LINUX_SYSLOG],
      ['upload.txt', LINUX_SYSLOG],
      // even when named after a XenServer log, content decides: no line of theirs is there
      ['/var/log/SMlog', LINUX_SYSLOG],
      ['VMSSlog', OPENSSH],
    ] as const) {
      const d = detectFormat(name, repeat([...lines]));
      assert.equal(d?.format.id, 'syslog', name);
      assert.ok(!specific.includes(d!.format.id));
    }
  });

  it('does not let any family but the catch-all claim plain syslog lines', () => {
    for (const id of specific) {
      const format = FORMATS.find((f) => f.id === id)!;
      for (const line of [...OPENSSH, ...LINUX_SYSLOG, ...APACHE_ACCESS, ...JSON_LINES]) assert.equal(format.recordStart.test(line), false, `${id}: ${line}`);
    }
  });

  it('keeps unknown or empty content unclaimed', () => {
    assert.equal(detectFormat('x.log', ''), undefined);
    assert.equal(detectFormat('x.log', '\n\r\n  \n'), undefined);
    assert.equal(detectFormat('x.log', 'hello world\nthis is a note\n'), undefined);
  });
});

describe("the languages' firstLine fallback (VS Code, files opened as plain text)", () => {
  it('matches hand-written first lines of their families', () => {
    assert.ok(firstLine('netbackup-legacy-log').test('8:51:14.569 AM: [1924.2304] <2> tar_base::V_vTarMsgW: INF - x'));
    assert.ok(firstLine('xenserver-smlog').test('[4168] 2012-10-29 23:25:50.145457 Setting LVM_DEVICE'));
    for (const line of ['29.jan.2021 03:02:43 - Critical bptm (pid=50205) x', 'Dec 17, 2021 12:00:20 PM - Info bpdm (pid=1) x', '2019-04-12 10:00:01 - begin writing', '12.04.2019 1:15:02 PM - x'])
      assert.ok(firstLine('netbackup-job-details').test(line), line);
  });

  it('keeps the syslog first line off ESX vmkernel/hostd lines and off the negatives it should not take', () => {
    const syslog = firstLine('syslog');
    for (const line of [
      'Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28',
      'Aug 16 20:09:17 vmkernel: 3:12:40:56.871 cpu16:4112)ScsiDeviceIO: 1688: Command 0x1a',
      "Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error",
      'Apr 26 20:29:30 esx_host1: 84:04:56:07.658 cpu3:1037)FS3: 1974: Checking',
      ...APACHE_ACCESS,
      ...JSON_LINES,
    ])
      assert.equal(syslog.test(line), false, line);
    for (const line of [...OPENSSH, ...LINUX_SYSLOG]) assert.ok(syslog.test(line), line);
  });
});
