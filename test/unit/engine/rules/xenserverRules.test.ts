// The XenServer rules run together, as the analyzer runs them: every storage manager code gets a
// finding in each of its shapes, the most specific rule wins on a line, rates need a rate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, builtInRules, RuleSet } from '../../../../server/src/engine';
import { loadTable } from '../../../../server/src/engine/decoders/tables';
import type { SrErrorEntry } from '../../../../server/src/engine/decoders/xenserverSrErrors';

const rules = new RuleSet(builtInRules());
const findings = (text: string, format: string | null) => analyzeText('x', text + '\n', { rules, format }).findings;
const codes = loadTable<{ codes: SrErrorEntry[] }>('xenserver-sr-errors').codes;

const shapes: [string, string | null, (code: number, text: string) => string][] = [
  [
    'xensource.log',
    'xenserver-xensource-log',
    (n, t) => `Mar  4 02:11:09 xs71 xapi: [error|xs71|4211 INET :::80|dispatch:VM.start D:3c9e1b2a4f60|backtrace] VM.start R:8d2f0c1e9a77 failed with exception Server_error(SR_BACKEND_FAILURE_${n}, [ ; ${t};  ])`,
  ],
  ['SMlog', 'xenserver-smlog', (n, t) => `Mar  4 02:11:08 xs71 SM: [27183] Raising exception [${n}, ${t}]`],
  ['plain', null, (n, t) => `Error: SR_BACKEND_FAILURE_${n}(, ${t}, )`],
];

describe('XenServer SR backend failures, table-driven', () => {
  for (const [shape, format, line] of shapes) {
    it(`gives every code of the table one finding with its meaning (${shape})`, () => {
      for (const c of codes) {
        const found = findings(line(c.code, c.description), format).filter((f) => f.rule.startsWith('xs/'));
        assert.equal(found.length, 1, `${c.code}: ${found.map((f) => f.rule)}`);
        const [f] = found;
        if (f.rule === 'xs/sr-backend-failure') {
          assert.ok(f.message.includes(`error ${c.code} (${c.name}`), f.message);
          assert.ok(f.message.includes(c.description.replace(/\.$/, '')), f.message);
        } else {
          // a rule about this code's own problem, which takes the line over from the table-driven one
          assert.ok(rules.byId.get(f.rule)?.supersedes?.includes('xs/sr-backend-failure'), `${c.code}: ${f.rule}`);
          assert.ok(!/\{\w+\}/.test(f.message), f.message);
        }
      }
    });
  }

  it('keeps the backend detail and never reads _46 as _460', () => {
    const [f] = findings('Error: SR_BACKEND_FAILURE_460(, Failed to calculate changed blocks for given VDIs. [opterr=Source and target VDI are unrelated], )', 'xenserver-xensource-log');
    assert.equal(f.rule, 'xs/cbt-unrelated-vdis');
    assert.match(f.message, /SR_BACKEND_FAILURE_460\).*detail: Source and target VDI are unrelated/);
    assert.equal(findings('Error: SR_BACKEND_FAILURE_46(, The VDI is not available, )', 'xenserver-xensource-log')[0].rule, 'xs/vdi-unavailable');
    // in a file of no known family (an error pasted from a client), the table-driven rule decodes it
    assert.match(findings('Error: SR_BACKEND_FAILURE_46(, The VDI is not available, )', null)[0].message, /^Storage backend error 46 \(VDIUnavailable\)/);
  });

  it('counts the raise once: the "Raised Server_error" repeat of xapi\'s backtrace is silent', () => {
    const raised = 'Mar  4 02:11:09 xs71 xapi: [error|xs71|4211 ||backtrace] Raised Server_error(SR_BACKEND_FAILURE_46, [ ; The VDI is not available;  ])';
    assert.deepEqual(findings(raised, 'xenserver-xensource-log'), []);
  });
});

describe('XenServer rules: the most specific finding on a line', () => {
  const only = (line: string, format: string, rule: string) =>
    assert.deepEqual(
      findings(line, format).map((f) => f.rule),
      [rule],
      line,
    );
  it('names the plug failure, not the code inside it', () => {
    only(
      "May 29 13:37:18 xen3 xapi: [error|xen3|0 |creating storage D:82f45bcb8a02|xapi] Could not plug in pbd 'ada97dc5-922d-572d-4ea5-bcb59d5cc296': Server_error(SR_BACKEND_FAILURE_47, [ ; The SR is not available;  ])",
      'xenserver-xensource-log',
      'xs/pbd-plug-failed',
    );
  });
  it('names a VDI left paused, not the snapshot failure', () => {
    only("Error: SR_BACKEND_FAILURE_82(, Failed to snapshot VDI [opterr=['MAP_DUPLICATE_KEY', 'VDI', 'sm_config', 'OpaqueRef:614def7a-9926-aac7-1b65-5976a574678b', 'paused']], )", 'xenserver-xensource-log', 'xs/snapshot-vdi-left-paused');
  });
  it('names the request timeout, not the EIO it carries', () => {
    only('Mar  4 05:42:02 xs76 tapdisk[21877]: ERROR: errno -5 at __tapdisk_vbd_request_timeout: req tap-3.0 timed out, retried 120 times', 'xenserver-daemon-log', 'xs/tapdisk-request-timeout');
  });
  it('names a lost LUN, not the failed path', () => {
    only('Mar  4 05:40:00 xs76 multipathd: mpatha: remaining active paths: 0', 'xenserver-daemon-log', 'xs/multipath-all-paths-lost');
  });
});

describe('XenServer rates', () => {
  const coalesce = (vdi: string, minute: number) => `Nov 13 ${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:27 xs08 SMGC: [13829]   Running VHD coalesce on *${vdi}[VHD](1800.000G//2.500G|n)`;
  it('reports a VDI coalesced again and again, once, with the count', () => {
    const lines = Array.from({ length: 14 }, (_, i) => coalesce('ad1f957a', i * 40));
    const found = findings(lines.join('\n'), 'xenserver-smlog').filter((f) => f.rule === 'xs/coalesce-loop');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^VDI ad1f957a was coalesced 14 times within 31200 s/);
    assert.equal(found[0].span.line, 0);
  });
  it('stays silent on a single coalesce, on "already done", and on many VDIs coalesced once each', () => {
    assert.deepEqual(findings(coalesce('ad1f957a', 0), 'xenserver-smlog'), []);
    assert.deepEqual(findings('Nov 13 08:00:27 xs08 SMGC: [13829] ==> Coalesce apparently already done: skipping', 'xenserver-smlog'), []);
    const many = Array.from({ length: 20 }, (_, i) => coalesce(i.toString(16).padStart(8, '0'), i * 10));
    assert.deepEqual(findings(many.join('\n'), 'xenserver-smlog'), []);
  });
  it('stays silent on the SM lock lines of a normal day', () => {
    const text = ['lock: opening lock file', 'lock: acquired', 'lock: released', 'lock: closed'].map((s, i) => `Mar  4 03:00:0${i} xs76 SM: [2000${i}] ${s} /var/lock/sm/25e96f21-b8d3-f880-3df5-f71897c52429/sr`).join('\n');
    assert.deepEqual(findings(text, 'xenserver-smlog'), []);
  });
});
