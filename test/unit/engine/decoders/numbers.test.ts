import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { numbersDecoder } from '../../../../server/src/engine/decoders/numbers';

function numbers(line: string): [string, string, string][] {
  return numbersDecoder.decode(line, {}).map((d) => {
    assert.equal(line.slice(d.start, d.end), d.text);
    return [d.kind, d.text, d.summary];
  });
}

const SNAP_DB_LINE = 'lrwxr-xr-x  1 root bin   95 Mar 10 19:39 automaticTempNDMPCkpt10-19-1426016353 -> 4294967295 0 /root_vdm_1/automaticNDMPCkpts CKMxxx_2_1555 CKMxxx_2_1556';

describe('numbers: Unix time inside names', () => {
  it('reads the article 000 checkpoint name as 2015-03-10 19:39:13 UTC, with a local-time line', () => {
    const ds = numbersDecoder.decode(SNAP_DB_LINE, {}).filter((d) => d.kind === 'epoch-seconds');
    assert.equal(ds.length, 1);
    const [d] = ds;
    assert.equal(d.text, '1426016353');
    assert.equal(d.start, SNAP_DB_LINE.indexOf('1426016353'));
    assert.equal(d.summary, 'Unix time 1426016353 = 2015-03-10 19:39:13 UTC');
    assert.ok(d.details.includes('UTC: 2015-03-10T19:39:13Z'));
    assert.ok(d.details.some((l) => l.startsWith('On this computer: ') && /UTC[+-]\d{2}:\d{2}\)$/.test(l)));
    assert.ok(d.details.some((l) => l.includes('no time zone')));
  });

  const names: [string, string, string][] = [
    ['NCB_DATASOCKET myclient_1307115858 57276;c432cf', '1307115858', 'Unix time 1307115858 = 2011-06-03 15:44:18 UTC'],
    ['dump saved to core-1426016353.log', '1426016353', 'Unix time 1426016353 = 2015-03-10 19:39:13 UTC'],
    ['job_2208988799', '2208988799', 'Unix time 2208988799 = 2039-12-31 23:59:59 UTC'],
    ['snap_946684800 created', '946684800', 'ignored: nine digits'],
  ];
  for (const [line, text, summary] of names) {
    it(`${summary.startsWith('ignored') ? 'ignores' : 'decodes'} ${text} in "${line}"`, () => {
      const got = numbers(line).filter(([k]) => k === 'epoch-seconds');
      if (summary.startsWith('ignored')) assert.deepEqual(got, []);
      else assert.deepEqual(got, [['epoch-seconds', text, summary]]);
    });
  }

  it('does not take counters, pids, ports, byte counts or timestamps for times', () => {
    for (const line of [
      'total 1426016353',
      'bytes=1426016353',
      '2015-05-05-1426016353',
      'name_0946684799',
      'name_2208988800',
      'x-14260163530',
      'lun-1426016353.5',
      '17:46:37.262 [1660.4296] <2> bpbrm spawn_brm_child: bpbrm child pid = 5592.5372',
      'CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 fd = 1240',
      '2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp570 fails at SendStream, status=92.',
      '2015-05-05 12:10:10: 17451646976: NDMP: 4: Session 570 (thread ndmp570) Name: LEVEL Value: 0',
      'read 1426016353 bytes from tape',
    ]) {
      assert.deepEqual(numbers(line), [], line);
    }
  });
});

describe('numbers: hex and unsigned values', () => {
  const cases: [string, string, string][] = [
    ['errcode 0x0000274d', '0x0000274d', '0x0000274d = 10061'],
    ['rc=0xFFFFFFFE', '0xFFFFFFFE', '0xFFFFFFFE = 4294967294 = -2 as a signed 32-bit value'],
    ['status 0xffffffff', '0xffffffff', '0xffffffff = 4294967295 = -1 as a signed 32-bit value'],
    ['base 0xfee00000', '0xfee00000', '0xfee00000 = 4276092928'],
    ['flags 0x501', '0x501', '0x501 = 1281'],
  ];
  for (const [line, text, summary] of cases) {
    it(`decodes ${text}`, () => {
      assert.deepEqual(numbers(line), [['hex-number', text, summary]]);
    });
  }

  it('gives the signed reading of a large negative in the details only', () => {
    const [d] = numbersDecoder.decode('base 0xfee00000', {});
    assert.ok(d.details.some((l) => l.includes('-18874368')));
  });

  it('skips hex that only echoes the number before it, NDMP message codes, bytes and pointers', () => {
    for (const line of [
      '17:50:35.517 [2172.4736] <2> connect_to_service: ... 0: vnet_async_connect() failed: 18 0x00000012',
      '17:50:14.939 [4544.564] <2> vnet_verify_local_accept: ... 0: localhost IPv4 peer port: 57288 0x0000dfc8',
      'NDMP: 3: error for msg 0x501, message_type=0.',
      'Valid sense data: 0x6 0x3f 0xe',
      'Cmd(0x41236d4e1340) 0x2a',
      'media_port: 0 0 0x00000000',
      'reg 0x00000002',
      'id 0x1234abcd9',
    ]) {
      assert.deepEqual(
        numbers(line).filter(([k]) => k === 'hex-number'),
        [],
        line,
      );
    }
  });

  it("shows 4294967295 as 0xFFFFFFFF = -1 (the article's backupSnapDB links)", () => {
    const got = numbers(SNAP_DB_LINE).filter(([k]) => k === 'unsigned-negative');
    assert.deepEqual(got, [['unsigned-negative', '4294967295', '4294967295 = 0xFFFFFFFF = -1 as a signed 32-bit value']]);
  });

  const unsigned: [string, string | undefined][] = [
    ['limit 4294967294', '4294967294 = 0xFFFFFFFE = -2 as a signed 32-bit value'],
    ['offset 18446744073709551615', '18446744073709551615 = 0xFFFFFFFFFFFFFFFF = -1 as a signed 64-bit value'],
    ['size 4294967296', undefined],
    ['size 4294900000', undefined],
    ['ip 1.4294967295', undefined],
    ['-4294967295', undefined],
  ];
  for (const [line, summary] of unsigned) {
    it(`${summary ? 'decodes' : 'ignores'} "${line}"`, () => {
      assert.deepEqual(
        numbers(line)
          .filter(([k]) => k === 'unsigned-negative')
          .map(([, , s]) => s),
        summary ? [summary] : [],
      );
    });
  }

  it("finds exactly the time and the -1 on the article's backupSnapDB line, through decodeLine", () => {
    assert.deepEqual(
      decodeLine(SNAP_DB_LINE).map((d) => [d.kind, d.text]),
      [
        ['epoch-seconds', '1426016353'],
        ['unsigned-negative', '4294967295'],
      ],
    );
  });
});

describe('hostile lines', () => {
  it('keep every decoding to its raw span, with no log text in summaries or details', () => {
    const line = '[x](command:workbench.action.openSettings) <script>alert(1)</script> `snap_1426016353` ![i](http://e/x.png) rc=0xFFFFFFFF errno=111 msg 0x501 ndmp WSAECONNRESET VMSS_SNAPSHOT_FAILED';
    const ds = decodeLine(line);
    assert.deepEqual(
      ds.map((d) => d.text),
      ['1426016353', '0xFFFFFFFF', '111', '0x501', 'WSAECONNRESET', 'VMSS_SNAPSHOT_FAILED'],
    );
    for (const d of ds) {
      assert.equal(line.slice(d.start, d.end), d.text);
      for (const s of [d.summary, ...d.details]) {
        for (const bad of ['command:', '<script', '](', '`', 'http://e']) assert.ok(!s.includes(bad), `${bad} in ${s}`);
      }
    }
  });
});
