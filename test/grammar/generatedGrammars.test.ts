// syntaxes/*.tmLanguage.json are built by scripts/build-grammars.mjs from syntaxes/src (`npm run build`
// writes them; they are not committed). The files the tests read must be a fresh build, and the build's speed-ups must not change a single token: the merged
// message patterns are compared with a reference build that keeps every token a pattern of its own,
// in the order the sources list them, over every fixture line and over lines packed with tokens.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { repoRoot } from '../helpers/paths';
import { LONG_LINE_SCOPE } from '../helpers/grammarSpeed';
import { grammarsFrom, loadGrammar, tokenize } from '../helpers/textmate';

const BUILD = path.join(repoRoot, 'scripts', 'build-grammars.mjs');

/**
 * Every family's grammar, as package.json contributes them (the shared and injected grammars have no
 * language; the merged timeline's grammar is written by hand, not built from syntaxes/src).
 */
const FAMILY_SCOPES: string[] = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: { language?: string; scopeName: string }[] } }).contributes.grammars
  .filter((g) => g.language && fs.existsSync(path.join(repoRoot, 'syntaxes', 'src', `${g.language}.json`)))
  .map((g) => g.scopeName);

/** Every fixture file's lines: each grammar also meets the other families' lines, as continuations. */
function fixtureFiles(): string[][] {
  const out: string[][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, 'utf8').split(/\r?\n/));
    }
  };
  walk(path.join(repoRoot, 'test', 'fixtures'));
  return out;
}

/** Message tokens of every family, and text around them that nearly forms one. */
const FRAGMENTS = [
  'x=1',
  'key=0x1f',
  'a_b=-2.5',
  'v=abc)',
  'opID=5b7f8e33',
  'sub=Default',
  '0x1f',
  '0X2A',
  '0x0000274d',
  '12',
  '3.14',
  '007',
  '1.2.3',
  '10.0.0.1',
  '10.0.0.1:902',
  '2.2.2.2.3583',
  '256.1.1.1',
  '"quoted text"',
  "'single'",
  "don't",
  '"',
  '/var/log/x.log',
  '/a/b/',
  'a/b',
  'naa.600601604a50',
  'eui.0011',
  't10.ATA',
  'mpx.vmhba32',
  '7b10ea29-ab0c-af14-a116-ae293560f404',
  'deadbeef-0000',
  'H:0x0 D:0x2 P:0x0',
  'H:0x8 D:0x0',
  'Valid sense data: 0x6 0x3f 0xe',
  'Possible sense data: 0x2 0x4 0x1',
  'sk 0x6 asc 0x3f ascq 0xe',
  'Cmd(0x45b8c1a2f300) 0x2a',
  'Cmd 0x28',
  'Command 0x28',
  'Name: FILESYSTEM Value: /root_vdm_1/fs',
  'Name: x Value:',
  'CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724',
  'ERR - ',
  'WRN - ',
  'INF - x',
  'FTL - ',
  'failed: 25',
  'status 156',
  'STATUS: 12',
  '10061 0x0000274d',
  '...',
  '...snip...',
  '…snip…',
  'EXCEPTION',
  'E X C E P T I O N',
  'Raising exception',
  'SR_BACKEND_FAILURE_44',
  'lock: acquired',
  'lock: opening lock file',
  'pread SUCCESS',
  'pread FAILED',
  'File "/opt/x.py", line 110, in run',
  'VMSS_SNAPSHOT_SUCCEEDED',
  'VMSS_SNAPSHOT_LOCK_FAILED',
  'VMSS_OTHER',
  '<messagetype>error</messagetype>',
  '<message>',
  '</XCData>',
  '===Kicking cron job for VMSS===',
  '2017-05-21 10:15:01.899450',
  'Processing policy',
  'snapshot start time',
  'R:7c3f90b2d114',
  'D:e67010a3b45c',
  'Raised at file',
  'Called from',
  'VDI_IO_ERROR',
  'INTERNAL_ERROR',
  'A_B_C',
  '(root) CMD (x)',
  'Failed password',
  'error',
  'Segfault',
  '-x',
  '--all',
  '|',
  'ndmp570',
  'é5',
  'ÄÖ',
];
const GLUE = [' ', ' ', ' ', '', ',', '(', ')', '=', ':', '"', "'", '/', '.', '-', '[', ']', '\t'];
const PREFIXES = [
  '',
  '  ',
  '2015-05-05 12:10:10: 17451646976: NDMP: 4: ',
  '# server_param ',
  'nasw01 ',
  'Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: ',
  '2019-03-01T08:53:36.573Z cpu3:2099270)WARNING: NMP: ',
  "[2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc' opID=1 sub=x] ",
  '--> ',
  '17:50:04.006 [5592.5372] <2> vnet_async_connect: ',
  'May 18 14:00:01 h CROND[1]: ',
  'May 22 02:14:57 h SM: [30412] ',
  'May 21 10:15:01 h VMSS: [10123] ',
  'May 21 10:15:02 h xapi: [debug|h|123 thread|task R:71f1526b667a|mod] ',
  '2019-05-02T10:44:11.326Z: [scsiCorrelator] 2236476305us: [vob.scsi.device.state.permanentloss] ',
  '2020-01-01T00:00:00.000Z| vcpu-0| W115: ',
  '2023-12-05T17:42:40.741Z In(05) vcpu-0 - ',
  '2022-06-02T05:34:23Z In(14)[+] hostprofile[1001430319]: ',
  '2019-05-02T10:00:01Z crond[66197]: ',
];

/** Deterministic lines of fragments in random order and glue (a fixed-seed generator, so failures repeat). */
function packedLines(count: number): string[] {
  let seed = 20240601;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return Array.from({ length: count }, () => {
    let line = PREFIXES[next(PREFIXES.length)];
    const parts = 3 + next(12);
    for (let i = 0; i < parts; i++) line += FRAGMENTS[next(FRAGMENTS.length)] + GLUE[next(GLUE.length)];
    return line;
  });
}

/** Whether the line is one meta.long-line token: as the first line of a document and after another line. */
function isLongLine(grammar: IGrammar, line: string): boolean[] {
  return [tokenize(grammar, [line])[0], tokenize(grammar, ['x', line])[1]].map((tokens) => tokens.every((t) => t.scopes.includes(LONG_LINE_SCOPE)));
}

describe('generated grammars', () => {
  it('a line of 20,000 characters or more is one token, whatever its characters; a shorter one is coloured', async () => {
    const grammar = await loadGrammar('text.log.esx-vmkernel');
    const prefix = '2019-03-01T08:53:36.573Z cpu3:2099270)ScsiDeviceIO: ';
    const cases: [string, boolean][] = [
      [prefix + 'a'.repeat(19_999 - prefix.length), false],
      [prefix + 'a'.repeat(20_000 - prefix.length), true],
      [prefix + 'é'.repeat(20_000 - prefix.length), true],
      [prefix + 'é'.repeat(19_999 - prefix.length), false],
      [prefix + 'é'.repeat(22_000 - prefix.length) + ' a', true],
      [prefix + 'a'.repeat(19_999 - prefix.length) + 'é', true],
    ];
    for (const [line, long] of cases) assert.deepEqual(isLongLine(grammar, line), [long, long], `${line.length} characters ending ${line.slice(-3)}`);
  });

  it('the grammars in syntaxes/ are a fresh build of syntaxes/src', () => {
    const r = spawnSync(process.execPath, [BUILD, '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  describe('merged message tokens give the same tokens as one pattern per token', () => {
    let dir: string;
    let reference: (scopeName: string) => Promise<IGrammar>;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-grammars-'));
      const r = spawnSync(process.execPath, [BUILD, '--reference', dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      reference = grammarsFrom(dir);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const files = fixtureFiles();
    const packed = packedLines(400);
    for (const scope of FAMILY_SCOPES) {
      it(scope, async () => {
        const [built, ref] = await Promise.all([loadGrammar(scope), reference(scope)]);
        for (const lines of [...files, packed]) assert.deepEqual(tokenize(built, lines), tokenize(ref, lines));
        // each line alone too: the first line of a document takes another path (see build-grammars.mjs)
        for (const line of packed.slice(0, 100)) assert.deepEqual(tokenize(built, [line]), tokenize(ref, [line]), line);
      });
    }
  });
});
