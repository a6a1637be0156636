import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const daemon = formatById('xenserver-daemon-log')!;
const kern = formatById('xenserver-kern-log')!;
const daemonText = readFixture('xenserver', 'variants', 'daemon.log');
const kernText = readFixture('xenserver', 'variants', 'kern.log');

// Linux hosts that are not XenServer write files of the same names and shapes.
const DEBIAN_DAEMON = [
  'Jun 14 15:16:01 web2 systemd[1]: Started Daily apt download activities.',
  'Jun 14 15:16:02 web2 dhclient[812]: DHCPREQUEST for 192.0.2.44 on eth0 to 192.0.2.1 port 67',
  'Jun 14 15:16:02 web2 NetworkManager[640]: <info>  [1528989362.1234] dhcp4 (eth0): state changed bound -> bound',
  'Jun 14 15:16:05 web2 multipathd[455]: sda: add missing path',
];
const DEBIAN_KERN = [
  'Jun 14 15:16:01 web2 kernel: [    0.000000] Linux version 5.10.0-21-amd64 (debian-kernel@lists.debian.org)',
  'Jun 14 15:16:01 web2 kernel: [    2.114000] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex',
  'Jun 14 15:16:09 web2 kernel: [   10.500100] EXT4-fs (sda1): mounted filesystem with ordered data mode',
  'Jun 14 16:02:44 web2 kernel: [ 2803.003300] blk_update_request: I/O error, dev sdb, sector 2048 op 0x0:(READ)',
];
const many = (lines: string[]) =>
  Array.from({ length: 10 }, () => lines)
    .flat()
    .join('\n') + '\n';

describe('xenserver-daemon-log and xenserver-kern-log detection', () => {
  it('claims the XenServer daemon.log and kern.log by name and by content', () => {
    assert.deepEqual([detectFormat('/var/log/daemon.log', daemonText)?.format.id, detectFormat('/var/log/daemon.log', daemonText)?.byName], ['xenserver-daemon-log', true]);
    assert.equal(detectFormat('daemon.log.1', daemonText)?.format.id, 'xenserver-daemon-log');
    assert.equal(detectFormat('upload.txt', daemonText)?.format.id, 'xenserver-daemon-log');
    assert.deepEqual([detectFormat('/var/log/kern.log', kernText)?.format.id, detectFormat('/var/log/kern.log', kernText)?.byName], ['xenserver-kern-log', true]);
    assert.equal(detectFormat('upload.txt', kernText)?.format.id, 'xenserver-kern-log');
  });

  it('leaves a Linux daemon.log and kern.log of another host to plain syslog, whatever their name', () => {
    for (const [name, lines] of [
      ['/var/log/daemon.log', DEBIAN_DAEMON],
      ['/var/log/kern.log', DEBIAN_KERN],
      ['kern.log.2.gz', DEBIAN_KERN],
      ['upload.txt', [...DEBIAN_KERN, ...DEBIAN_DAEMON]],
    ] as const) {
      assert.equal(detectFormat(name, many([...lines]))?.format.id, 'syslog', name);
    }
    for (const line of [...DEBIAN_DAEMON, ...DEBIAN_KERN]) {
      assert.equal(daemon.recordStart.test(line), false, line);
      assert.equal(kern.recordStart.test(line), false, line);
    }
  });

  it('leaves the xapi-style daemons to xensource.log', () => {
    const line = 'Jul 29 16:36:43 ng02 xcp-rrdd: [ info||9 ||rrdd_main] memfree has changed to 165064 in domain 2';
    assert.equal(daemon.recordStart.test(line), false);
    assert.equal(detectFormat('daemon.log', many([line]))?.format.id, 'xenserver-xensource-log');
  });
});

describe('xenserver-daemon-log records', () => {
  it('splits stamp, program, pid and message; tapdisk errors are errors', () => {
    const { records, orphans } = parseRecords(daemon, daemonText, { year: 2020 });
    assert.deepEqual(orphans, []);
    assert.equal(records.length, 18);
    const first = records[0];
    assert.equal(new Date(first.record.time!).toISOString(), '2020-07-29T13:10:02.000Z');
    assert.equal(first.record.component, 'tapdisk');
    assert.equal(slice(first.text, first.record.threadRange), '5923');
    assert.equal(slice(first.text, first.record.messageRange), 'tapdisk-control: init, 10 x 4k buffers');
    const errors = records.filter((r) => r.record.level === 'error').map((r) => slice(r.text, r.record.messageRange)?.slice(0, 40));
    assert.deepEqual(errors, ['ERROR: errno -5 at __tapdisk_vbd_complet', 'ERROR: errno -5 at __tapdisk_vbd_request']);
  });
});

describe('xenserver-kern-log records', () => {
  it('reads every kernel line once the file is claimed, and marks I/O errors, failing paths and OOM', () => {
    const { records, orphans } = parseRecords(kern, kernText, { year: 2020 });
    assert.deepEqual(orphans, []);
    assert.equal(records.length, 14);
    assert.ok(records.every((r) => r.record.component === 'kernel'));
    const errors = records.filter((r) => r.record.level === 'error').map((r) => r.line);
    assert.deepEqual(errors, [7, 8, 13]);
  });
});
