import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { ndmpDecoder } from '../../../../server/src/engine/decoders/ndmp';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

const NDMP_KINDS = new Set(['ndmp-message', 'ndmp-message-type', 'ndmp-error', 'ndmp-name', 'vnx-ndmp-status']);

function ndmp(line: string): [string, string, string][] {
  return decodeLine(line)
    .filter((d) => NDMP_KINDS.has(d.kind))
    .map((d) => {
      assert.equal(line.slice(d.start, d.end), d.text);
      return [d.kind, d.text, d.summary];
    });
}

describe('NDMP codes (article 000)', () => {
  it('decodes msg 0x501 and message_type=0 on the xdrrec line', () => {
    const line = '2015-05-05 12:40:10: 150595633159: NDMP: 3: Thread ndmp570 encountered xdrrec_endofrecord error (Protocol not available ) for msg 0x501, message_type=0.';
    assert.deepEqual(ndmp(line), [
      ['ndmp-message', '0x501', 'NDMP message 0x501 (1281): NDMP_NOTIFY_DATA_HALTED'],
      ['ndmp-message-type', '0', 'NDMP message type 0: NDMP_MESSAGE_REQUEST'],
    ]);
    const [msg] = decodeLine(line).filter((d) => d.kind === 'ndmp-message');
    assert.ok(msg.details.some((l) => l.includes('halted')));
    assert.ok(msg.details.some((l) => l.startsWith('Source: Network Data Management Protocol Version 4')));
    // No generic hex reading on top of the NDMP one.
    assert.equal(decodeLine(line).filter((d) => d.kind === 'hex-number').length, 0);
  });

  it('decodes msg=1281 in decimal to the same message, and err=0 beside it', () => {
    const line = '2015-05-05 12:40:10: 150595633184: NDMP: 3: Session 570 (thread ndmp570 fails in sendRequest, msg=1281, err=0, fileName=../NdmpdData.cxx, lineNo=629.';
    assert.deepEqual(ndmp(line), [
      ['ndmp-message', '1281', 'NDMP message 0x501 (1281): NDMP_NOTIFY_DATA_HALTED'],
      ['ndmp-error', '0', 'NDMP error 0: NDMP_NO_ERR (if this is the NDMP header error code)'],
    ]);
  });

  it('says what is known of the VNX status=92 and that other values are unknown', () => {
    const line = '2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp570 fails at SendStream, status=92.';
    const [d] = decodeLine(line).filter((x) => x.kind === 'vnx-ndmp-status');
    assert.equal(d.text, '92');
    assert.equal(d.summary, 'VNX Data Mover NDMP status 92: undocumented; probably errno 92 ENOPROTOOPT, Protocol not available');
    assert.ok(d.details.some((l) => l.startsWith('Evidence: ') && l.includes('Protocol not available')));
    assert.ok(d.details.some((l) => l.includes('does not publish')));
    const other = decodeLine('2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp571 fails at SendStream, status=5.');
    assert.deepEqual(
      other.filter((x) => x.kind === 'vnx-ndmp-status').map((x) => x.summary),
      ['VNX Data Mover NDMP status 5: not documented, meaning unknown'],
    );
  });

  const more: [string, string, string][] = [
    ['NDMP: 3: sending message 0x100 to DMA', '0x100', 'NDMP message 0x100 (256): NDMP_CONFIG_GET_HOST_INFO'],
    ['ndmpd: msg: 0x400 reply error', '0x400', 'NDMP message 0x400 (1024): NDMP_DATA_GET_STATE'],
    ['ndmpd: msg 0x20000001 unknown', '0x20000001', 'NDMP message 0x20000001 (536870913): in the NDMP_EXT_PROPRIETARY_BASE range'],
    ['ndmpd: msg 0x9999 unknown', '0x9999', 'NDMP message 0x9999 (39321): not an NDMP v4 message code'],
    ['NDMP Data Halted, reason : NDMP_DATA_HALT_INTERNAL_ERROR', 'NDMP_DATA_HALT_INTERNAL_ERROR', 'NDMP data halt reason 3: NDMP_DATA_HALT_INTERNAL_ERROR'],
    ['ndmp reply error NDMP_ILLEGAL_STATE_ERR', 'NDMP_ILLEGAL_STATE_ERR', 'NDMP error code 19: NDMP_ILLEGAL_STATE_ERR'],
    ['ndmp reply error NDMP_EXT_DANDN_ILLEGAL_ERR', 'NDMP_EXT_DANDN_ILLEGAL_ERR', 'NDMP error code 30: NDMP_EXT_DANDN_ILLEGAL_ERR'],
    ['got NDMP4_NOTIFY_CONNECTION_STATUS', 'NDMP4_NOTIFY_CONNECTION_STATUS', 'NDMP message 0x502: NDMP_NOTIFY_CONNECTION_STATUS'],
  ];
  for (const [line, text, summary] of more) {
    it(`decodes ${text}`, () => {
      const ds = ndmpDecoder.decode(line, {}).filter((d) => d.text === text);
      assert.equal(ds.length, 1);
      assert.equal(ds[0].summary, summary);
    });
  }

  it('leaves look-alikes alone', () => {
    for (const line of [
      '2015-05-05 12:40:10: 13156679680: NDMP: 3: < LOG type: 2, msg_id: 0, entry: SnapSure file system creation fails, hasAssociatedMsg: 0, associatedMsgSeq: 0 >',
      '17:50:03.423 [3940.2948] <2> ProcessRequests: ... 0: msg: VNETD ACCEPT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 fd = 392',
      'smtp: msg=1281 queued',
      '2015-05-05 12:10:10: 17451646976: NDMP: 4: Session 570 (thread ndmp570) Name: LEVEL Value: 0',
      'ndmp session err=3 while idle',
      '17:50:36.114 [5592.5372] <2> bpbrm ndmp_backup: status=92',
    ]) {
      assert.deepEqual(ndmp(line), [], line);
    }
  });

  it('holds the v4 message and error enums of the specification', () => {
    const t = loadTable<{ messages: { n: number; name: string }[]; errors: { n: number; name: string }[] }>('ndmp-v4');
    assert.deepEqual(
      t.errors.map((e) => e.n),
      Array.from({ length: 31 }, (_, i) => i),
    );
    assert.equal(t.errors[30].name, 'NDMP_EXT_DANDN_ILLEGAL_ERR');
    const by = new Map(t.messages.map((m) => [m.name, m.n]));
    assert.equal(by.get('NDMP_NOTIFY_DATA_HALTED'), 1281);
    assert.equal(by.get('NDMP_CONNECT_OPEN'), 0x900);
    assert.equal(by.get('NDMP_MOVER_CONNECT'), 0xa09);
    assert.equal(new Set(t.messages.map((m) => m.n)).size, t.messages.length);
  });
});
