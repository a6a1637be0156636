import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../helpers/paths';

// `logtriage decode` over excerpts of the articles: the bundled CLI (npm run build) must print the
// same decodings the engine gives the hover.
function decode(text: string): { kind: string; text: string; summary: string; details: string[] }[] {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'decode', text, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('logtriage decode --json on the articles', () => {
  it('article 002: Winsock in decimal and hex, status 25 versus vnet 18, levels', () => {
    const doc = decode(
      [
        '17:50:35.517 [2172.4736] <2> vnet_async_connect: ... 0: getsockopt SO_ERROR returned: 10061 0x0000274d',
        '17:50:35.517 [2172.4736] <2> get_vnetd_forward_socket: vnet_connect_by_vnetd failed: 18',
        '17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25',
      ].join('\n'),
    );
    assert.deepEqual(
      doc.map((d) => [d.kind, d.text]),
      [
        ['netbackup-log-level', '<2>'],
        ['winsock-error', '10061'],
        ['winsock-error', '0x0000274d'],
        ['netbackup-log-level', '<2>'],
        ['netbackup-vnet-status', '18'],
        ['netbackup-log-level', '<16>'],
        ['netbackup-status', '25'],
      ],
    );
    assert.equal(doc[6].summary, 'NetBackup status 25: cannot connect on socket');
    assert.deepEqual(Object.keys(doc[0]), ['kind', 'text', 'summary', 'details']);
  });

  it('article 000: NDMP message in hex and decimal, status=92, the epoch name and 4294967295', () => {
    const doc = decode(
      [
        '2015-05-05 12:40:10: 150595633159: NDMP: 3: Thread ndmp570 encountered xdrrec_endofrecord error (Protocol not available ) for msg 0x501, message_type=0.',
        '2015-05-05 12:40:10: 150595633184: NDMP: 3: Session 570 (thread ndmp570 fails in sendRequest, msg=1281, err=0, fileName=../NdmpdData.cxx, lineNo=629.',
        '2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp570 fails at SendStream, status=92.',
        'lrwxr-xr-x  1 root bin   95 Mar 10 19:39 automaticTempNDMPCkpt10-19-1426016353 -> 4294967295 0 /root_vdm_1/automaticNDMPCkpts CKMxxx_2_1555 CKMxxx_2_1556',
      ].join('\n'),
    );
    const by = (text: string) => doc.filter((d) => d.text === text).map((d) => d.summary);
    assert.deepEqual(by('0x501'), ['NDMP message 0x501 (1281): NDMP_NOTIFY_DATA_HALTED']);
    assert.deepEqual(by('1281'), ['NDMP message 0x501 (1281): NDMP_NOTIFY_DATA_HALTED']);
    assert.deepEqual(by('Protocol not available'), ['errno 92 ENOPROTOOPT: Protocol not available']);
    assert.match(by('92')[0], /^VNX Data Mover NDMP status 92: undocumented; probably errno 92 ENOPROTOOPT/);
    assert.deepEqual(by('1426016353'), ['Unix time 1426016353 = 2015-03-10 19:39:13 UTC']);
    assert.deepEqual(by('4294967295'), ['4294967295 = 0xFFFFFFFF = -1 as a signed 32-bit value']);
  });

  it('article 003: a VMSS code inside XCData', () => {
    const doc = decode('May 21 10:18:03 h VMSS: [10123] RETURN in create_structured_alert: <XCData><message>VMSS_SNAPSHOT_FAILED</message></XCData>');
    assert.deepEqual(
      doc.filter((d) => d.kind === 'xapi-message').map((d) => [d.text, d.summary]),
      [['VMSS_SNAPSHOT_FAILED', 'XAPI message VMSS_SNAPSHOT_FAILED, priority 3 (service degraded)']],
    );
  });

  it('prints nothing of ours for ports, pids and fds', () => {
    const doc = decode('CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 fd = 1240 pid = 5592.5372');
    assert.deepEqual(doc, []);
  });
});
