// The custom rules checked in a worker thread give what the check in the server's own thread gives
// (rules, problems at their line, pack runbook folders), and a stopped check gives nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkRules } from '../../../server/src/features/customRules';
import { checkRulesInWorker } from '../../../server/src/features/rulesCheck';

function rule(id: string, pattern: string, sample: string) {
  return { id, title: 't', families: ['*'], severity: 'warning', prefilter: 'disk', pattern, message: 'm', explanation: 'x', fix: 'y', sources: [{ title: 'wiki' }], samples: [sample], counterSamples: [] };
}

function workspace(rules: object[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-rules-check-'));
  fs.mkdirSync(path.join(folder, '.logtriage'));
  fs.writeFileSync(path.join(folder, '.logtriage', 'rules.json'), JSON.stringify({ rules }, null, 1));
  return folder;
}

describe('custom rules checked in a worker thread', () => {
  it('gives the rules and problems the check in this thread gives', async () => {
    const good = workspace(Array.from({ length: 20 }, (_, i) => rule(`site/disk-${i}`, `disk${i} slow (?<ms>\\d+)`, `disk${i} slow 12`)));
    const broken = workspace([rule('site/ok', 'disk ok', 'disk ok'), rule('site/bad', 'disk (a+)+$', 'disk aaa')]);
    try {
      for (const folders of [[good], [broken], [good, broken]]) {
        const check = checkRulesInWorker(folders, true, []);
        assert.ok(check, 'a worker started');
        const inWorker = await check.result;
        assert.deepEqual(inWorker, checkRules(folders, true, []));
        assert.equal(inWorker.custom.length, folders.includes(good) ? 20 : 0);
        assert.equal(inWorker.problems.length, folders.includes(broken) ? 1 : 0);
      }
      const untrusted = await checkRulesInWorker([good], false, [])!.result;
      assert.deepEqual(untrusted.custom, []);
    } finally {
      fs.rmSync(good, { recursive: true, force: true });
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('gives nothing once stopped', async () => {
    const folder = workspace(Array.from({ length: 200 }, (_, i) => rule(`site/disk-${i}`, `disk${i} slow (?<ms>\\d+)`, `disk${i} slow 12`)));
    try {
      const check = checkRulesInWorker([folder], true, [])!;
      check.stop();
      await assert.rejects(check.result);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
