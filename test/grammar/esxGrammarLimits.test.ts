// Long lines and throughput for the ESX grammars and the VNX command-output rules. Timing is reported
// (node --test prints the diagnostics), never asserted: the assertion is that tokenising finishes, which
// a pattern that backtracks catastrophically would not do within the test's time limit. Lines of
// 20,000 characters or more are one token (see scripts/build-grammars.mjs), so these 1 MB lines now
// cost what vscode-textmate needs to hand a line to Oniguruma; grammarSpeed.test.ts tries each family
// just under that length too. LOGTRIAGE_10MB=1 adds 10 MB lines (about half a second each).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INITIAL } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import { loadGrammar } from '../helpers/textmate';

const MB = 1 << 20;
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const MIXED = 'Command 0x28 to device "naa.600601604a50" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe. /var/core/x key=val 10.0.0.1:902 ';

/** Per grammar: a real record with a huge message, and text shaped to make its own begin patterns work hardest. */
const CASES: Record<string, Record<string, (size: number) => string>> = {
  'text.log.esx-vmkernel': {
    'ESX 4 record, mixed message': (n) => 'Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: ' + fill(MIXED, n),
    'syslog stamp then one long token': (n) => 'Mar 1 08:53:36 ' + fill('a', n),
    'ESXi stamp then a world that never closes': (n) => '2019-03-01T08:53:36.573Z cpu3:' + fill('9', n),
    'SCSI spans that never complete': (n) => fill('H:0x0 D:0x2 Valid sense data: 0x6 0x3f Cmd(0x1234 ', n),
    'unclosed quotes': (n) => fill('"a \'b ', n),
  },
  'text.log.esx-hostd': {
    'ESX 4 record, mixed message': (n) => "[2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] " + fill(MIXED, n),
    'ESXi 5 bracket that never closes': (n) => "2015-01-01T00:00:00.000Z [FFD3AB70 info 'Default'" + fill(' opID=abc', n),
    'component quote that never closes': (n) => "[2012-04-07 17:33:20.472 32AE9B90 error '" + fill('x', n),
  },
  'text.log.esx-vobd': {
    'correlator bracket that never closes': (n) => '2019-05-02T10:44:11.326Z: [' + fill('scsiCorrelator', n),
    'event id that never closes': (n) => '2019-05-02T10:44:11.326Z: [scsiCorrelator] 1us: [vob.' + fill('scsi.device', n),
  },
  'text.log.esx-vmware': {
    'record, mixed message': (n) => '2020-01-01T00:00:00.000Z| vmx| I125: ' + fill(MIXED, n),
    'thread that never ends': (n) => '2020-01-01T00:00:00.000Z| ' + fill('vcpu-0', n),
    'module name that never reaches its colon': (n) => '2023-12-05T17:42:40.741Z In(05) vmx - ' + fill('DISKLIB-LIB_', n),
  },
  'text.log.esx-syslog': {
    'record, mixed message': (n) => '2019-05-02T10:00:01Z crond[66197]: ' + fill(MIXED, n),
    'program that never ends': (n) => '2022-06-02T05:34:56.746Z In(14) ' + fill('ConfigStore', n),
  },
  'text.log.esx-vdf': {
    'row with a huge tail': (n) => 'hostdstats 166M 166M 0B 100% --' + fill(' 166M 0B 100% --', n),
    'size columns that never end': (n) => 'hostdstats ' + fill('166M ', n),
  },
  'text.log.vnx-server': {
    'server_param row with a huge tail': (n) => 'snapTimeout                         NDMP          5         30' + fill('  30', n),
    'prompt with a huge command line': (n) => '# server_param ' + fill('-x | ', n),
  },
};

function timeLine(grammar: Awaited<ReturnType<typeof loadGrammar>>, line: string): number {
  const t0 = performance.now();
  const r = grammar.tokenizeLine(line, INITIAL);
  const ms = performance.now() - t0;
  assert.ok(r.tokens.length > 0);
  assert.equal(r.tokens.at(-1)!.endIndex >= line.length - 1, true, 'tokens cover the line');
  return ms;
}

describe('grammar long lines (no catastrophic backtracking)', () => {
  for (const [scope, cases] of Object.entries(CASES)) {
    it(`${scope}: 1 MB lines finish`, { timeout: 180_000 }, async (t) => {
      const grammar = await loadGrammar(scope);
      for (const [name, make] of Object.entries(cases)) {
        const ms = timeLine(grammar, make(MB));
        t.diagnostic(`${scope} 1 MB "${name}": ${ms.toFixed(0)} ms`);
      }
    });
  }

  it('10 MB lines finish', { skip: !process.env.LOGTRIAGE_10MB, timeout: 900_000 }, async (t) => {
    for (const [scope, cases] of Object.entries(CASES)) {
      const grammar = await loadGrammar(scope);
      const [name, make] = Object.entries(cases)[0];
      t.diagnostic(`${scope} 10 MB "${name}": ${timeLine(grammar, make(10 * MB)).toFixed(0)} ms`);
    }
  });
});

describe('grammar throughput', () => {
  const SAMPLES: Record<string, string[]> = {
    'text.log.esx-vmkernel': ['vmkernel-esx4.log', 'vmkernel-esxi65.crlf.log', 'article-001.messages'],
    'text.log.esx-hostd': ['hostd-esx4.log', 'hostd-esxi5.log', 'hostd-esxi67.log'],
    'text.log.esx-vdf': ['vdf.txt', 'vdf-full.txt'],
    'text.log.esx-vpxa': ['vpxa-esx4.log', 'vpxa-esxi67.log', 'vpxa-esxi8.log'],
    'text.log.esx-fdm': ['fdm-esxi5.log', 'fdm-esxi67.log', 'fdm-esxi8.log'],
    'text.log.esx-vobd': ['vobd-esxi67.log', 'vobd-esxi8.log'],
    'text.log.esx-vmware': ['vmware-esx4.log', 'vmware-esxi67.log', 'vmware-esxi8.log'],
    'text.log.esx-syslog': ['syslog-esxi67.log', 'syslog-esxi8.log'],
  };
  for (const [scope, files] of Object.entries(SAMPLES)) {
    it(`${scope}: lines per second over a few thousand lines`, async (t) => {
      const grammar = await loadGrammar(scope);
      const sample = files.flatMap((f) =>
        readFixture('esx', f)
          .split(/\r?\n/)
          .filter((l) => l),
      );
      const lines = Array.from({ length: Math.ceil(5000 / sample.length) }, () => sample).flat();
      let stack = INITIAL;
      const t0 = performance.now();
      for (const line of lines) stack = grammar.tokenizeLine(line, stack).ruleStack;
      const s = (performance.now() - t0) / 1000;
      t.diagnostic(`${scope}: ${lines.length} lines in ${(s * 1000).toFixed(0)} ms = ${Math.round(lines.length / s)} lines/s`);
      assert.ok(lines.length >= 5000);
    });
  }
});
