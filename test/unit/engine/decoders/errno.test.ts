import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { errnoDecoder } from '../../../../server/src/engine/decoders/errno';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

function errno(line: string): [string, number, string][] {
  return errnoDecoder.decode(line, {}).map((d) => [d.text, d.start, d.summary]);
}

describe('Linux errno', () => {
  const samples: [string, string, string][] = [
    ['connect() to 10.0.0.5:2049 failed, errno 111', '111', 'errno 111 ECONNREFUSED: Connection refused'],
    ['write failed errno=28', '28', 'errno 28 ENOSPC: No space left on device'],
    ['open: errno: 13', '13', 'errno 13 EACCES: Permission denied'],
    ['recv returned -1 (errno = 104).', '104', 'errno 104 ECONNRESET: Connection reset by peer'],
    ['socket write failed: ECONNRESET', 'ECONNRESET', 'ECONNRESET: errno 104 on Linux, Connection reset by peer'],
    ['nfs: server not responding (ETIMEDOUT)', 'ETIMEDOUT', 'ETIMEDOUT: errno 110 on Linux, Connection timed out'],
    ['read gave EWOULDBLOCK', 'EWOULDBLOCK', 'EWOULDBLOCK: errno 11 on Linux, Resource temporarily unavailable (same as EAGAIN)'],
    ['connect to bpcd failed (Connection refused)', 'Connection refused', 'errno 111 ECONNREFUSED: Connection refused'],
    ['unlink /x/y (No such file or directory)', 'No such file or directory', 'errno 2 ENOENT: No such file or directory'],
  ];
  for (const [line, text, summary] of samples) {
    it(`decodes ${text} in "${line}"`, () => {
      const ds = errno(line);
      assert.equal(ds.length, 1, JSON.stringify(ds));
      assert.equal(ds[0][0], text);
      assert.equal(line.slice(ds[0][1], ds[0][1] + text.length), text);
      assert.equal(ds[0][2], summary);
    });
  }

  it('reads the strerror text of article 000 as errno 92, without its trailing space', () => {
    const line = '2015-05-05 12:40:10: 150595633159: NDMP: 3: Thread ndmp570 encountered xdrrec_endofrecord error (Protocol not available ) for msg 0x501, message_type=0.';
    const [d] = decodeLine(line).filter((x) => x.kind === 'errno');
    assert.equal(d.text, 'Protocol not available');
    assert.equal(d.start, line.indexOf('Protocol not available'));
    assert.equal(d.summary, 'errno 92 ENOPROTOOPT: Protocol not available');
    assert.ok(d.details.some((l) => l.includes('other Unix kernels')));
  });

  it('leaves numbers, words and texts that are not stated as errno alone', () => {
    for (const line of [
      '2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing',
      'Session 570 (thread ndmp570) Name: LEVEL Value: 0',
      'exit 111 after ERROR in EXIT handler',
      'errno 999',
      'errno 41',
      'errno 11.5',
      'getsockopt SO_ERROR returned: 10061 WSAECONNREFUSED',
      'EPERMISSION denied',
      '(connection refused by policy)',
    ]) {
      assert.deepEqual(errno(line), [], line);
    }
  });

  it('holds the generic Linux numbering 1-133 from the kernel headers', () => {
    const table = loadTable<{ sources: { title: string }[]; codes: { n: number; name: string; message: string }[] }>('errno-linux');
    assert.equal(table.codes.length, 131);
    const byName = new Map(table.codes.map((c) => [c.name, c.n]));
    assert.equal(byName.get('EPERM'), 1);
    assert.equal(byName.get('ENOPROTOOPT'), 92);
    assert.equal(byName.get('ECONNREFUSED'), 111);
    assert.equal(byName.get('EHWPOISON'), 133);
    // 41 and 58 are unassigned (EWOULDBLOCK and EDEADLOCK are aliases).
    assert.ok(!table.codes.some((c) => c.n === 41 || c.n === 58));
    assert.ok(table.sources[0].title.includes('asm-generic'));
  });
});
