import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decoding, LogFormat } from '../../../../server/src/engine';
import { decodeLine, formatById } from '../../../../server/src/engine';
import { netbackupLevelDecoder } from '../../../../server/src/engine/decoders/netbackupLevel';
import { netbackupStatusDecoder } from '../../../../server/src/engine/decoders/netbackupStatus';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

const NB_KINDS = new Set(['netbackup-status', 'netbackup-vnet-status', 'netbackup-log-level']);

/** [kind, text, start] of the NetBackup decodings of a line, status/vnet only (levels tested apart). */
function statuses(line: string): [string, string, number][] {
  return decodeLine(line)
    .filter((d) => d.kind === 'netbackup-status' || d.kind === 'netbackup-vnet-status')
    .map((d) => [d.kind, d.text, d.start]);
}

function one(line: string, text: string): Decoding {
  const hits = decodeLine(line).filter((d) => d.text === text && NB_KINDS.has(d.kind));
  assert.equal(hits.length, 1, `one NetBackup decoding of ${text} in ${line}`);
  assert.equal(line.slice(hits[0].start, hits[0].end), text);
  return hits[0];
}

describe('NetBackup status and vnet status (article 002)', () => {
  // Each row: the article line, and every status span it must yield (kind, text), in order.
  const cases: [string, [string, string][]][] = [
    ['17:50:36.114 [5592.5372] <2> bpcr_put_vnetd_forward_socket: bpcd returned failure: 25', [['netbackup-status', '25']]],
    ['17:50:36.114 [5592.5372] <2> bpcr_ipc_vnetd_socket_ipi_rqst: bpcr_put_vnetd_forward_socket failed: 25', [['netbackup-status', '25']]],
    ['17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25', [['netbackup-status', '25']]],
    ['17:50:35.517 [2172.4736] <2> get_vnetd_forward_socket: vnet_connect_by_vnetd failed: 18', [['netbackup-vnet-status', '18']]],
    [
      '17:50:35.517 [2172.4736] <2> connect_to_service: ... 0: vnet_async_connect() failed: 18 0x00000012',
      [
        ['netbackup-vnet-status', '18'],
        ['netbackup-vnet-status', '0x00000012'],
      ],
    ],
    [
      '17:50:35.517 [2172.4736] <2> vnet_connect_to_reserved_service: ... 0: connect_to_service() failed: 18 0x00000012',
      [
        ['netbackup-vnet-status', '18'],
        ['netbackup-vnet-status', '0x00000012'],
      ],
    ],
    [
      '17:48:36.611 [2368.4288] <2> vnet_sock_ready: ... 0: Function failed: 11 0x0000000b',
      [
        ['netbackup-vnet-status', '11'],
        ['netbackup-vnet-status', '0x0000000b'],
      ],
    ],
    [
      '17:48:36.611 [2368.4288] <2> process_connect_forward_socket: ... 0: status: 11 0x0000000b',
      [
        ['netbackup-vnet-status', '11'],
        ['netbackup-vnet-status', '0x0000000b'],
      ],
    ],
    [
      '17:48:36.611 [2368.4288] <2> ProcessRequests: ... 0: status: 11 0x0000000b',
      [
        ['netbackup-vnet-status', '11'],
        ['netbackup-vnet-status', '0x0000000b'],
      ],
    ],
    [
      '17:50:03.642 [3940.2948] <2> ProcessRequests: ... 0: status: 0 0x00000000',
      [
        ['netbackup-vnet-status', '0'],
        ['netbackup-vnet-status', '0x00000000'],
      ],
    ],
    // Other spellings of a job status, each on a NetBackup-shaped line.
    ['8:51:14.569 AM: [1924.2304] <2> tar_base::V_vTarMsgW: INF - EXIT STATUS 156: snapshot error encountered', [['netbackup-status', '156']]],
    ['11:55:07.028 [1333] <4> bpbackup: status 25', [['netbackup-status', '25']]],
    ['11:55:07.028 [1333] <16> bpbackup: job failed, status=58.', [['netbackup-status', '58']]],
    ['11:55:07.028 [1333] <16> bpbrm main: status code 41', [['netbackup-status', '41']]],
    ['11:55:07.028 [1333] <16> bpbrm main: backup failed: 13', [['netbackup-status', '13']]],
  ];
  for (const [line, expected] of cases) {
    it(`decodes ${expected.map((e) => e.join(' ')).join(', ')} in "${line.slice(25, 90)}"`, () => {
      assert.deepEqual(
        statuses(line).map(([kind, text]) => [kind, text]),
        expected,
      );
      for (const [, text, start] of statuses(line)) assert.equal(line.slice(start, start + text.length), text);
    });
  }

  it('says status 25 is "cannot connect on socket", a NetBackup job status, with its source', () => {
    const d = one('17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25', '25');
    assert.equal(d.kind, 'netbackup-status');
    assert.equal(d.summary, 'NetBackup status 25: cannot connect on socket');
    assert.ok(d.details.some((l) => l.startsWith('Source: Veritas NetBackup Status Codes Reference Guide')));
    assert.ok(d.details.some((l) => /firewall/.test(l)));
  });

  it('keeps vnet 18 and 11 apart from NetBackup status codes 18 and 11', () => {
    const v18 = one('17:50:35.517 [2172.4736] <2> get_vnetd_forward_socket: vnet_connect_by_vnetd failed: 18', '18');
    assert.equal(v18.kind, 'netbackup-vnet-status');
    assert.match(v18.summary, /^vnet status 18: .*not a NetBackup status code$/);
    // NetBackup status 18 is "pipe close failed": the vnet hover must not borrow it.
    assert.ok(!v18.summary.includes('pipe close'));
    assert.ok(v18.details.some((l) => l.includes('10061')));
    const v11 = one('17:48:36.611 [2368.4288] <2> vnet_sock_ready: ... 0: Function failed: 11 0x0000000b', '11');
    assert.match(v11.summary, /^vnet status 11: timed out/);
    assert.ok(!v11.summary.includes('system call failed'));
    const hex = one('17:48:36.611 [2368.4288] <2> vnet_sock_ready: ... 0: Function failed: 11 0x0000000b', '0x0000000b');
    assert.equal(hex.summary, v11.summary);
    // The same number from a non-vnet caller is a job status.
    const nb11 = one('17:48:36.611 [2368.4288] <16> bpbrm main: bpcr_get_version failed: 11', '11');
    assert.equal(nb11.summary, 'NetBackup status 11: system call failed');
  });

  it('names an unknown vnet number as unknown and an unlisted job status as unlisted', () => {
    assert.match(one('17:48:36.611 [2368.4288] <2> vnet_sock_ready: ... 0: Function failed: 77', '77').summary, /^vnet status 77: meaning not published/);
    assert.equal(one('17:48:36.611 [2368.4288] <16> bpbrm main: status 61', '61').summary, 'NetBackup status 61: not in the status table');
  });

  it('decodes nothing on lines that are not NetBackup debug log lines', () => {
    for (const line of [
      'Ten second connection delays cause status 25 in NetBackup',
      '2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp570 fails at SendStream, status=92.',
      'May 21 10:15:01 host CROND[17114]: job failed: 25',
      'bpbrm handle_backup: failed: 25',
    ]) {
      assert.deepEqual(statuses(line), [], line);
      assert.equal(decodeLine(line).filter((d) => d.kind === 'netbackup-log-level').length, 0, line);
    }
  });

  it('does not take ports, pids, fds, counters or versions for status codes', () => {
    for (const line of [
      '17:50:04.599 [5592.5372] <2> do_vnetd_service: ... 0: via VNETD: bpcd CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 fd = 1240',
      '17:46:37.262 [1660.4296] <2> bpbrm spawn_brm_child: bpbrm child pid = 5592.5372',
      '17:48:36.611 [2368.4288] <2> vnet_sock_ready: ... 0: max_time: 120 0x00000078',
      '17:50:04.021 [5592.5372] <2> vnet_vnetd_pbx_c_supported: ... 0: VN_REQUEST_PBX_C_SUPPORTED: 13 0x0000000d',
      '17:49:54.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001',
      '17:50:15.974 [5592.5372] <2> bpbrm start_bpcd_stat: DATA_SOCK from bpcr = 1240',
      '17:50:15.974 [5592.5372] <2> bpbrm main: status 2.5 of 3',
      '17:50:15.974 [5592.5372] <2> bpbrm main: status: 12345',
    ]) {
      assert.deepEqual(statuses(line), [], line);
    }
  });
});

describe('NetBackup log level <N>', () => {
  const cases: [string, string, RegExp][] = [
    ['17:50:35.517 [2172.4736] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001', '<2>', /^NetBackup log level 2: debug/],
    ['17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25', '<16>', /^NetBackup log level 16: error$/],
    ['8:51:14.569 AM: [1924.2304] <4> tar_base::V_vTarMsgW: INF - tar message received', '<4>', /^NetBackup log level 4: information/],
    ['11:55:07.238 [1333] <8> do_pbx_service: via PBX VNETD CONNECT', '<8>', /^NetBackup log level 8: warning/],
    ['11:55:07.238 [1333] <32> bpdbm main: fatal', '<32>', /^NetBackup log level 32: critical$/],
    ['11:55:07.238 [1333] <3> bpdbm main: odd', '<3>', /not one of the usual values/],
    ['... [2172.4736] <2> vnet_async_connect: ... 0: getsockopt SO_ERROR returned: 10061 0x0000274d', '<2>', /^NetBackup log level 2/],
  ];
  for (const [line, text, summary] of cases) {
    it(`decodes ${text} as a NetBackup level`, () => {
      const d = one(line, text);
      assert.equal(d.kind, 'netbackup-log-level');
      assert.match(d.summary, summary);
      assert.ok(d.details.some((l) => l.startsWith('Source: Veritas NetBackup Logging Reference Guide')));
      // The syslog reading of a bare digit must not also claim the span.
      assert.equal(decodeLine(line).filter((x) => x.kind === 'syslog-level').length, 0);
    });
  }

  it('uses the parsed record when the line has a prefix the decoder does not know', () => {
    const format = { id: 'netbackup-legacy-log' } as LogFormat;
    const line = 'xx [1] <16> bpbrm main: status 25';
    const record = { levelRange: [7, 11] as [number, number], messageRange: [12, line.length] as [number, number] };
    const [level] = netbackupLevelDecoder.decode(line, { format, record });
    assert.equal(level.text, '<16>');
    const [status] = netbackupStatusDecoder.decode(line, { format, record });
    assert.equal(status.text, '25');
    assert.equal(netbackupStatusDecoder.decode(line, {}).length, 0);
  });
});

describe('NetBackup tables', () => {
  interface Status {
    sources: { title: string; url?: string }[];
    codes: { n: number; message: string }[];
  }
  const table = loadTable<Status>('netbackup-status');

  it('holds the 957 codes of the reference list, 0-300 nearly all assigned, and cites sources', () => {
    assert.equal(table.codes.length, 957);
    assert.ok(table.codes.filter((c) => c.n <= 300).length >= 280);
    assert.equal(new Set(table.codes.map((c) => c.n)).size, table.codes.length);
    assert.ok(table.sources.some((s) => s.url?.includes('veritas.com')));
    const by = new Map(table.codes.map((c) => [c.n, c.message]));
    assert.equal(by.get(25), 'cannot connect on socket');
    assert.equal(by.get(58), "can't connect to client");
    assert.equal(by.get(156), 'snapshot error encountered');
    assert.equal(by.get(2106), 'Disk storage server is down');
  });

  it('labels every vnet meaning as evidence from the article', () => {
    const vnet = loadTable<{ notes: string[]; statuses: { n: number; evidence: string }[] }>('netbackup-vnet-status');
    assert.deepEqual(
      vnet.statuses.map((s) => s.n),
      [0, 11, 18],
    );
    assert.ok(vnet.notes[0].includes('does not publish'));
    for (const s of vnet.statuses) assert.ok(s.evidence.length > 20);
  });
});

describe('hostile NetBackup lines', () => {
  it('keeps each decoding to the raw code span and out of the summaries', () => {
    const line = '17:50:35.517 [2172.4736] <16> process_requests: [open](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> `rm -rf /` failed: 25';
    const ds = decodeLine(line).filter((d) => NB_KINDS.has(d.kind));
    assert.deepEqual(
      ds.map((d) => d.text),
      ['<16>', '25'],
    );
    for (const d of ds) {
      assert.equal(line.slice(d.start, d.end), d.text);
      for (const s of [d.summary, ...d.details]) {
        for (const bad of ['command:', '<img', '](', '`', 'onerror']) assert.ok(!s.includes(bad), `${bad} in ${s}`);
      }
    }
  });
});

describe('NetBackup status in job details', () => {
  const jd = formatById('netbackup-job-details')!;
  const decoded = (line: string) =>
    decodeLine(line, jd)
      .filter((d) => d.kind === 'netbackup-status')
      .map((d) => [d.text, d.start, d.summary]);

  it("decodes the last line's status only after that status's own words", () => {
    assert.deepEqual(decoded('media write error  (84)'), [['84', 20, 'NetBackup status 84: media write error']]);
    assert.deepEqual(decoded('09:06:20 end writing file read failed (13)'), [['13', 39, 'NetBackup status 13: file read failed']]);
    assert.deepEqual(decoded('04/12/2019 10:00:05 - Info bpbrm (pid=5678) something unexpected went wrong (84)'), []);
  });

  it('decodes the statuses inside stamped messages, and no pid, job id or duration', () => {
    assert.deepEqual(
      decoded('05/02/2013 22:23:32 - Info bptm (pid=5186) EXITING with status 87 <----------').map((d) => d[0]),
      ['87'],
    );
    assert.deepEqual(
      decoded('01/21/2020 10:32:10 - Error nbjm (pid=6748) NBU status: 96, EMM status: No media is available').map((d) => d[0]),
      ['96'],
    );
    assert.deepEqual(decoded('04/12/2019 10:00:01 - Info nbjm (pid=1234) starting backup job (jobid=12) for client fs01'), []);
    assert.deepEqual(decoded('04/12/2019 10:01:14 - end writing; write time: 0:01:09'), []);
    assert.deepEqual(decoded('05/02/2013 22:21:52 - Critical bptm (pid=5186) sts_close_handle failed: 2060017 system call failed'), []);
  });

  it('finds the family of a stamped job details line by itself', () => {
    assert.deepEqual(
      decodeLine('29.jan.2021 03:02:52 - Info bpbkar (pid=1) EXIT STATUS 84: media write error')
        .filter((d) => d.kind === 'netbackup-status')
        .map((d) => d.text),
      ['84'],
    );
  });
});
