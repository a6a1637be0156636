import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

function xapi(line: string) {
  return decodeLine(line).filter((d) => d.kind === 'xapi-message');
}

describe('XenServer VMSS / XAPI messages (article 003)', () => {
  it('decodes the alert inside <XCData> with its priority', () => {
    const line = 'May 21 10:18:03 xrtuk-09-11 VMSS: [10123] RETURN in create_structured_alert: <XCData><time>2017-05-21 10:18:03.369298</time><messagetype>info</messagetype><message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>';
    const [d] = xapi(line);
    assert.equal(d.text, 'VMSS_SNAPSHOT_SUCCEEDED');
    assert.equal(d.start, line.indexOf('VMSS_SNAPSHOT_SUCCEEDED'));
    assert.equal(d.summary, 'XAPI message VMSS_SNAPSHOT_SUCCEEDED, priority 5 (informational)');
    assert.ok(d.details.some((l) => l.startsWith('Source: xapi-project/xen-api, ocaml/idl/api_messages.ml')));
  });

  const codes: [string, number, RegExp][] = [
    ['VMSS_SNAPSHOT_MISSED_EVENT', 3, /another .*run was still going/],
    ['VMSS_SNAPSHOT_LOCK_FAILED', 3, /still running/],
    ['VMSS_SNAPSHOT_FAILED', 3, /SMlog/],
    ['VMSS_XAPI_LOGON_FAILURE', 3, /xe-toolstack-restart/],
    ['VMSS_LICENSE_ERROR', 3, /license/],
    ['VMSS_SNAPSHOT_SUCCEEDED', 5, /completed/],
  ];
  for (const [name, priority, meaning] of codes) {
    it(`explains ${name}, priority ${priority}`, () => {
      for (const line of [`May 21 10:30:01 xrtuk-09-11 VMSS: [10555] ${name}`, `<XCData><messagetype>error</messagetype><message>${name}</message></XCData>`, `  • '${name}': 'quoted in the article'.`]) {
        const ds = xapi(line);
        assert.equal(ds.length, 1, line);
        assert.equal(ds[0].text, name);
        assert.equal(line.slice(ds[0].start, ds[0].end), name);
        assert.match(ds[0].summary, new RegExp(`^XAPI message ${name}, priority ${priority} `));
        assert.match(ds[0].details[0], meaning);
      }
    });
  }

  it('quotes the two texts CTX224169 gives', () => {
    const [lock] = xapi('VMSS_SNAPSHOT_LOCK_FAILED');
    assert.ok(lock.details.some((l) => l.startsWith('CTX224169 quotes: "The snapshot phase is already executing')));
    const [missed] = xapi('VMSS_SNAPSHOT_MISSED_EVENT');
    assert.ok(missed.details.some((l) => l.startsWith('CTX224169 quotes: "A scheduled snapshot event was missed')));
  });

  it('knows the other XAPI messages by name and priority', () => {
    assert.equal(xapi('alert HA_HOST_FAILED raised')[0].summary, 'XAPI message HA_HOST_FAILED, priority 3 (service degraded)');
    assert.equal(xapi('VMPP_SNAPSHOT_FAILED')[0].summary, 'XAPI message VMPP_SNAPSHOT_FAILED, priority 3 (service degraded)');
    assert.equal(xapi('HOST_CLOCK_WENT_BACKWARDS')[0].summary, 'XAPI message HOST_CLOCK_WENT_BACKWARDS, priority 1 (data-loss imminent)');
  });

  it('leaves other upper-case words alone and keeps hostile text out', () => {
    for (const line of ['ALARM raised', 'VMSS: [10123] Processing policy: 7b10ea29', 'VMSS_SNAPSHOT_UNKNOWN', 'XVMSS_SNAPSHOT_FAILED', 'VMSS_SNAPSHOT_FAILED_2']) {
      assert.deepEqual(xapi(line), [], line);
    }
    const hostile = '<message>[x](command:evil)VMSS_SNAPSHOT_FAILED<img src=x></message> `VMSS_LICENSE_ERROR`';
    const ds = xapi(hostile);
    assert.deepEqual(
      ds.map((d) => d.text),
      ['VMSS_SNAPSHOT_FAILED', 'VMSS_LICENSE_ERROR'],
    );
    for (const d of ds) for (const s of [d.summary, ...d.details]) for (const bad of ['command:', '<img', '`']) assert.ok(!s.includes(bad));
  });

  it('has the priority scale and every VMSS message of xapi', () => {
    const t = loadTable<{ priorities: { n: number }[]; messages: { name: string; priority: number }[] }>('xapi-messages');
    assert.deepEqual(
      t.priorities.map((p) => p.n),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      t.messages
        .filter((m) => m.name.startsWith('VMSS_'))
        .map((m) => m.name)
        .sort(),
      ['VMSS_LICENSE_ERROR', 'VMSS_SNAPSHOT_FAILED', 'VMSS_SNAPSHOT_LOCK_FAILED', 'VMSS_SNAPSHOT_MISSED_EVENT', 'VMSS_SNAPSHOT_SUCCEEDED', 'VMSS_XAPI_LOGON_FAILURE'],
    );
  });
});
