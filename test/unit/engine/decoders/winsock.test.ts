import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { winsockDecoder } from '../../../../server/src/engine/decoders/winsock';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

function winsock(line: string): [string, number, string][] {
  return winsockDecoder.decode(line, {}).map((d) => [d.text, d.start, d.summary]);
}

describe('Winsock errors', () => {
  it('decodes both spans of the article line to WSAECONNREFUSED', () => {
    const line = '17:50:16.470 [2172.4736] <2> vnet_async_connect: ... 0: getsockopt SO_ERROR returned: 10061 0x0000274d';
    const ds = decodeLine(line).filter((d) => d.kind === 'winsock-error');
    assert.deepEqual(
      ds.map((d) => [d.text, d.start]),
      [
        ['10061', line.indexOf('10061')],
        ['0x0000274d', line.indexOf('0x0000274d')],
      ],
    );
    for (const d of ds) {
      assert.equal(d.summary, 'Winsock error 10061 WSAECONNREFUSED: Connection refused.');
      assert.ok(d.details.some((l) => l.includes('actively refused') || l.includes('nothing listens')));
      assert.ok(d.details.some((l) => l.startsWith('Source: Windows Sockets Error Codes')));
    }
    // The generic hex decoder must not add its own reading of the echo.
    assert.equal(decodeLine(line).filter((d) => d.kind === 'hex-number').length, 0);
  });

  const samples: [string, string, string][] = [
    ['recv() failed with error 10054', '10054', 'WSAECONNRESET'],
    ['WSAGetLastError() = 10060', '10060', 'WSAETIMEDOUT'],
    ['connect failed: 10065', '10065', 'WSAEHOSTUNREACH'],
    ['gethostbyname error: 11001', '11001', 'WSAHOST_NOT_FOUND'],
    ['socket error (10053) on send', '10053', 'WSAECONNABORTED'],
    ['bind returned 10048.', '10048', 'WSAEADDRINUSE'],
    ['error 0x00002746', '0x00002746', 'WSAECONNRESET'],
    ['the peer sent WSAECONNRESET', 'WSAECONNRESET', 'WSAECONNRESET'],
    ['WSANO_DATA for host', 'WSANO_DATA', 'WSANO_DATA'],
    ['status 10004', '10004', 'WSAEINTR'],
  ];
  for (const [line, text, name] of samples) {
    it(`decodes ${text} in "${line}" as ${name}`, () => {
      const ds = winsock(line);
      assert.equal(ds.length, 1, JSON.stringify(ds));
      assert.equal(ds[0][0], text);
      assert.equal(line.slice(ds[0][1], ds[0][1] + text.length), text);
      assert.ok(ds[0][2].includes(name), ds[0][2]);
    });
  }

  it('leaves ports, counts and unlisted numbers alone', () => {
    for (const line of [
      'CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.10061 fd = 1240',
      'listening on port 10061',
      'read 10054 bytes',
      'pid 10060 started',
      'error 10010',
      'error 100610',
      'error 10061.5',
      'x 10061 0x0000274e',
      'WSAEFOO is not a code',
    ]) {
      assert.deepEqual(winsock(line), [], line);
    }
  });

  it("covers 10004 to 11004 from Microsoft's list, each with hex, name and message", () => {
    const table = loadTable<{ sources: { url?: string }[]; codes: { n: number; hex: string; name: string; message: string }[] }>('winsock-errors');
    const ns = table.codes.map((c) => c.n);
    assert.equal(ns[0], 10004);
    assert.equal(ns.at(-1), 11004);
    assert.equal(table.codes.length, 62);
    for (const c of table.codes) {
      assert.equal(parseInt(c.hex, 16), c.n);
      assert.match(c.name, /^WSA/);
      assert.ok(c.message.length > 3);
    }
    assert.ok(table.sources[0].url?.startsWith('https://learn.microsoft.com/'));
  });
});
