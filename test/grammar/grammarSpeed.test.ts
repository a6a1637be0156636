// Speed of every family grammar through vscode-textmate + vscode-oniguruma, as VS Code runs them.
// Reported, never asserted (speed is proven by `npm run bench`): what is asserted is that every line
// finishes within the test's time limit, which a rule that backtracks catastrophically would not, and
// that lines from 20,000 characters on are the one long-line token.
// LOGTRIAGE_10MB=1 adds a 10 MB line per family: about 45 ms per MB here, the same as a one-rule
// grammar takes, which is vscode-textmate handing the line to Oniguruma (it is never coloured).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { LONG_LINE_SCOPE, NEAR_LIMIT } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar } from '../helpers/textmate';

const MB = 1 << 20;

interface Family {
  scope: string;
  fixtures: string[][];
  /** A record's start, to put long messages behind. */
  prefix: string;
}

const FAMILIES: Family[] = [
  {
    scope: 'text.log.vnx-server',
    fixtures: [
      ['vnx', 'article-000.server_log'],
      ['vnx', 'benign.server_log'],
      ['vnx', 'article-000-with-commands.txt'],
    ],
    prefix: '2015-05-05 12:10:10: 26041581568: NDMP: 6: ',
  },
  {
    scope: 'text.log.esx-vmkernel',
    fixtures: [
      ['esx', 'vmkernel-esx4.log'],
      ['esx', 'vmkernel-esxi65.crlf.log'],
      ['esx', 'article-001.messages'],
      ['esx', 'vmkwarning.log'],
      ['esx', 'vmkernel-esxi8.log'],
    ],
    prefix: '2019-03-01T08:53:36.573Z cpu3:2099270)ScsiDeviceIO: 1672: ',
  },
  {
    scope: 'text.log.esx-hostd',
    fixtures: [
      ['esx', 'hostd-esx4.log'],
      ['esx', 'hostd-esxi5.log'],
      ['esx', 'hostd-esxi67.log'],
      ['esx', 'hostd-esxi8.log'],
    ],
    prefix: "[2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] ",
  },
  {
    scope: 'text.log.esx-vpxa',
    fixtures: [
      ['esx', 'vpxa-esx4.log'],
      ['esx', 'vpxa-esxi67.log'],
      ['esx', 'vpxa-esxi8.log'],
    ],
    prefix: '2019-11-06T13:40:02.113Z info vpxa[2099871] [Originator@6876 sub=vpxLro] ',
  },
  {
    scope: 'text.log.esx-fdm',
    fixtures: [
      ['esx', 'fdm-esxi5.log'],
      ['esx', 'fdm-esxi67.log'],
      ['esx', 'fdm-esxi8.log'],
    ],
    prefix: '2024-02-01T10:00:00.000Z In(166) Fdm[2101234]: [Originator@6876 sub=Cluster] ',
  },
  {
    scope: 'text.log.esx-vobd',
    fixtures: [
      ['esx', 'vobd-esxi67.log'],
      ['esx', 'vobd-esxi8.log'],
    ],
    prefix: '2019-05-02T10:44:11.326Z: [scsiCorrelator] 2236476305us: [vob.scsi.device.state.permanentloss] ',
  },
  {
    scope: 'text.log.esx-vmware',
    fixtures: [
      ['esx', 'vmware-esx4.log'],
      ['esx', 'vmware-esxi67.log'],
      ['esx', 'vmware-esxi8.log'],
    ],
    prefix: '2020-01-01T00:00:00.000Z| vmx| I125: ',
  },
  {
    scope: 'text.log.esx-syslog',
    fixtures: [
      ['esx', 'syslog-esxi67.log'],
      ['esx', 'syslog-esxi8.log'],
    ],
    prefix: '2022-06-02T05:34:56.746Z In(14) ConfigStore[1001430703]: ',
  },
  {
    scope: 'text.log.esx-vdf',
    fixtures: [
      ['esx', 'vdf.txt'],
      ['esx', 'vdf-full.txt'],
    ],
    prefix: 'hostdstats 166M 166M 0B 100% --',
  },
  {
    scope: 'text.log.netbackup-legacy',
    fixtures: [
      ['netbackup', 'article-002', 'client', 'bpcd', 'log.050514'],
      ['netbackup', 'article-002', 'media', 'bpbrm', 'log.050514'],
      ['netbackup', 'article-002', 'client', 'vnetd', 'log.050514'],
      ['netbackup', 'variants', 'bpbkar', '050514.log'],
    ],
    prefix: '17:50:04.006 [5592.5372] <2> vnet_async_connect: ',
  },
  {
    scope: 'text.log.netbackup-job-details',
    fixtures: [
      ['netbackup', 'jobdetails', 'us_partial_success.txt'],
      ['netbackup', 'jobdetails', 'dayfirst_tape_84.txt'],
      ['netbackup', 'jobdetails', 'de_ampm_success.txt'],
    ],
    prefix: '04/12/2019 10:01:12 - Error bpbrm (pid=5678) ',
  },
  {
    scope: 'text.log.syslog',
    fixtures: [
      ['xenserver', 'variants', 'messages-rollover'],
      ['xenserver', 'article-003', 'cron'],
    ],
    prefix: 'May 18 14:00:01 h CROND[1]: ',
  },
  {
    scope: 'text.log.xenserver-smlog',
    fixtures: [
      ['xenserver', 'variants', 'SMlog'],
      ['xenserver', 'legacy', 'SMlog'],
    ],
    prefix: 'May 22 02:14:57 h SM: [30412] ',
  },
  {
    scope: 'text.log.xenserver-vmss',
    fixtures: [
      ['xenserver', 'variants', 'VMSSlog.1'],
      ['xenserver', 'article-003', 'VMSSlog'],
    ],
    prefix: 'May 21 10:15:01 h VMSS: [10123] ',
  },
  { scope: 'text.log.xenserver-xensource', fixtures: [['xenserver', 'variants', 'xensource.log']], prefix: 'May 21 10:15:02 h xapi: [debug|h|123 thread|task R:71f1526b667a|mod] ' },
  { scope: 'text.log.xenserver-daemon-log', fixtures: [['xenserver', 'variants', 'daemon.log']], prefix: 'Jul 29 13:11:16 h tapdisk[5923]: ' },
  { scope: 'text.log.xenserver-kern-log', fixtures: [['xenserver', 'variants', 'kern.log']], prefix: 'Jul 29 13:11:14 h kernel: [18372.103715] ' },
];

/** Message text of several shapes: tokens everywhere, digits, separators, hex, quotes, slashes, spaces, key=value, one long word. */
const SHAPES: Record<string, string> = {
  mixed: 'Cmd 0x2a to dev "naa.600601601234abcd" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x29 0x0. path=/vmfs/volumes/5a1b/vm.vmx ip 192.168.10.24:902 status=25 \'q\' 7b10ea29-ab0c-af14-a116-ae293560f404 ',
  digits: '12 3456 ',
  colons: 'a:b::',
  hex: '0x1f deadbeef 0X ',
  quotes: '"a \'b ',
  slashes: '/a/b//',
  spaces: ' ',
  'key=value': 'a=b=c ',
  'dotted numbers': '10.0.0.1.',
  word: 'x',
};

function line(prefix: string, unit: string, size: number): string {
  return prefix + unit.repeat(Math.ceil((size - prefix.length) / unit.length)).slice(0, size - prefix.length);
}

/** Milliseconds for one line, best of `runs` (each run a fresh string, as the editor hands over). */
function lineMs(grammar: IGrammar, text: string, runs: number): { ms: number; scopes: string[] } {
  let ms = Infinity;
  let scopes: string[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = (i % 2 ? ' ' : '') + text.slice(i % 2);
    const t0 = performance.now();
    const r = grammar.tokenizeLine(fresh, INITIAL);
    ms = Math.min(ms, performance.now() - t0);
    scopes = r.tokens.at(-1)!.scopes;
  }
  return { ms, scopes };
}

function sampleLines(f: Family): string[] {
  return f.fixtures.flatMap((p) =>
    readFixture(...p)
      .split(/\r?\n/)
      .filter((l) => l),
  );
}

describe('grammar speed', () => {
  for (const f of FAMILIES) {
    it(`${f.scope}: lines per second, and lines of 19 KB and 1 MB`, { timeout: 120_000 }, async (t) => {
      const grammar = await loadGrammar(f.scope);
      const sample = sampleLines(f);
      const lines = Array.from({ length: Math.ceil(5000 / sample.length) }, () => sample).flat();
      // warm up: scanners compiled, JIT settled, as in an editor that has been open a while
      for (let r = 0; r < 2; r++) {
        let stack = INITIAL;
        for (const l of lines) stack = grammar.tokenizeLine(l, stack).ruleStack;
      }
      let best = 0;
      for (let r = 0; r < 2; r++) {
        let stack = INITIAL;
        const t0 = performance.now();
        for (const l of lines) stack = grammar.tokenizeLine(l, stack).ruleStack;
        best = Math.max(best, lines.length / ((performance.now() - t0) / 1000));
      }
      t.diagnostic(`${f.scope}: ${Math.round(best)} lines/s over ${lines.length} lines`);

      const report: string[] = [];
      for (const [name, unit] of Object.entries(SHAPES)) {
        for (const prefix of [f.prefix, '']) {
          lineMs(grammar, line(prefix, unit, 300), 10);
          const near = lineMs(grammar, line(prefix, unit, NEAR_LIMIT), 2);
          const long = lineMs(grammar, line(prefix, unit, MB), 1);
          assert.ok(!near.scopes.includes(LONG_LINE_SCOPE), `19 KB ${name} is still coloured`);
          assert.ok(long.scopes.includes(LONG_LINE_SCOPE));
          report.push(`${prefix ? '' : 'bare '}${name} ${near.ms.toFixed(0)}/${long.ms.toFixed(0)}`);
        }
      }
      t.diagnostic(`${f.scope} ms for 19 KB/1 MB lines: ${report.join(', ')}`);
    });
  }

  it('10 MB lines', { skip: !process.env.LOGTRIAGE_10MB, timeout: 600_000 }, async (t) => {
    for (const f of FAMILIES) {
      const grammar = await loadGrammar(f.scope);
      lineMs(grammar, line(f.prefix, SHAPES.mixed, 300), 10);
      const { ms, scopes } = lineMs(grammar, line(f.prefix, SHAPES.mixed, 10 * MB), 2);
      assert.ok(scopes.includes(LONG_LINE_SCOPE));
      t.diagnostic(`${f.scope} 10 MB: ${ms.toFixed(0)} ms`);
    }
  });
});
