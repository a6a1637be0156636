// Issue 15: inputs as they come (UTF-16 with a byte order mark, file names that are not UTF-8) and
// custom rules that cannot hang the server (polynomial patterns refused statically, thousands of
// rules checked in turns of the event loop).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzePaths } from '../../../../server/src/engine';
import { overlappingLoopsProblem, regexSafetyProblem } from '../../../../server/src/engine/rules/regexSafety';
import { loadRulesAsync } from '../../../../server/src/features/customRules';
import { parseSettings } from '../../../../server/src/features/settings';

const LINE = '2015-05-05 12:40:10: 26041581568: NDMP: 3: SnapSure file system creation fails\n';

describe('inputs as they come', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-inputs-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decodes UTF-16 LE and BE with a byte order mark, and opens a Latin-1 file name by its bytes', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINE, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(LINE, 'utf16le').swap16()]);
    fs.writeFileSync(path.join(dir, 'le.log'), le);
    fs.writeFileSync(path.join(dir, 'be.log'), be);
    fs.writeFileSync(Buffer.from(path.join(dir, 'caf') + '\xe9.log', 'latin1'), LINE);
    const { files, unreadable } = await analyzePaths([dir]);
    assert.deepEqual(unreadable, []);
    assert.deepEqual(files.map((f) => [path.basename(f.path), f.format, f.findings.map((x) => x.rule)]).sort(), [
      ['be.log', 'vnx-server-log', ['vnx/snapsure-create-failed']],
      ['caf\\xE9.log', 'vnx-server-log', ['vnx/snapsure-create-failed']],
      ['le.log', 'vnx-server-log', ['vnx/snapsure-create-failed']],
    ]);
  });

  it('clamps numeric settings: 1e308 diagnostics per file are 1000', () => {
    assert.equal(parseSettings({ maxDiagnosticsPerFile: 1e308 }).maxDiagnosticsPerFile, 1000);
    assert.equal(parseSettings({ maxDiagnosticsPerFile: 0 }).maxDiagnosticsPerFile, 1);
    assert.equal(parseSettings({ netbackup: { connectDelaySeconds: Infinity } }).connectDelaySeconds, 9);
  });
});

describe('custom rules cannot hang the server', () => {
  it('refuses overlapping loops in sequence statically, e.g. .*\\d.*\\d.*\\d.*Q, whatever the samples', () => {
    for (const bad of ['BC: .*\\d.*\\d.*\\d.*Q', '.*x.*y', '\\d+\\d+x', '(?<a>\\w+)_(?<b>\\w+)$']) assert.match(overlappingLoopsProblem(bad) ?? '', /^overlapping loops/, bad);
    assert.match(regexSafetyProblem('BC: .*\\d.*\\d.*\\d.*Q', '', ['BC: flush Q']) ?? '', /overlapping loops/);
    for (const ok of ['Failed to open (?<file>\\S+): (?<why>[^\\n]+)$', 'status: (?<code>\\d{1,4})\\b', 'H:0x(?<host>[0-9a-f]+) D:0x(?<device>[0-9a-f]+)', 'a.*b']) {
      assert.equal(overlappingLoopsProblem(ok), undefined, ok);
    }
  });

  it('checks 300 rules in turns: a timer keeps firing meanwhile, and every rule is loaded', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-many-rules-'));
    try {
      fs.mkdirSync(path.join(folder, '.logtriage'));
      const rules = Array.from({ length: 300 }, (_, i) => ({
        id: `site/rule-${i}`,
        title: 't',
        families: ['*'],
        severity: 'warning',
        prefilter: `disk${i}`,
        pattern: `disk${i} slow (?<ms>\\d+)`,
        message: 'slow {ms}',
        explanation: 'x',
        fix: 'y',
        sources: [{ title: 'wiki' }],
        samples: [`disk${i} slow 12`],
        counterSamples: [],
      }));
      fs.writeFileSync(path.join(folder, '.logtriage', 'rules.json'), JSON.stringify({ rules }));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const loaded = await loadRulesAsync([folder], true);
      clearInterval(timer);
      assert.equal(loaded.custom.length, 300);
      assert.deepEqual(loaded.problems, []);
      assert.ok(ticks > 3, `the timer fired ${ticks} times while 300 rules were checked`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
