// Text the editor shows (issue 17, points 7 and 8): hovers lead with what to do, counts agree with
// their nouns, the status-25 hover names the nearest refusal, the Output channel has a line per
// file, and the merged timeline is named for what it merges.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, builtInRuleSet, FORMATS } from '../../../server/src/engine';
import { fillTemplate } from '../../../server/src/engine/rules/template';
import { firstSentence, hoverAt } from '../../../server/src/features/hover';
import { outputLines } from '../../../client/src/outputLines';
import { timelineTitle } from '../../../client/src/timelineTitle';
import { repoRoot } from '../../helpers/paths';

function hoverOn(file: string, lineNo: number, text: string): string {
  const content = fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8');
  const analysis = analyzeText(path.join(repoRoot, 'examples', file), content);
  const line = content.split('\n')[lineNo - 1];
  const hover = hoverAt(
    line,
    { line: lineNo - 1, character: line.indexOf(text) },
    FORMATS.find((f) => f.id === analysis.format),
    analysis.findings,
    builtInRuleSet(),
  );
  assert.ok(hover, `no hover on ${text}`);
  return (hover.contents as { value: string }).value;
}

describe('hovers', () => {
  it('lead with one line of what happened, then the fix and runbook, then the decoding, then the sources as links', () => {
    const value = hoverOn('esx/vmkernel.log', 1, 'H:0x0');
    const at = (s: string) => value.indexOf(s);
    const [what, fix, runbook, decoding, sources] = ['**Information:**', '**Fix:**', '[Open runbook:', '**H\\:0x0 D\\:0x2', '**Sources**'].map(at);
    assert.ok(what === 0 && what < fix && fix < runbook && runbook < decoding && decoding < sources, value);
    // what happened is one line, and the finding is told once (the decoding leaves out what it already says)
    assert.doesNotMatch(value.split('\n')[0], /The set of LUNs/);
    assert.equal(value.split('The set of LUNs the array presents').length - 1, 1, value);
    assert.ok(value.slice(sources).match(/^- \[[^\]]+\]\(https:\/\/[^)]+\)$/gm)!.length >= 3, value.slice(sources));
    assert.doesNotMatch(value.slice(0, sources), /Source\\?:/);
  });

  it('the status-25 hover names the refusal nearest to it, in the singular', () => {
    const value = hoverOn('netbackup/client/bpcd/log.050514', 30, 'failed: 25');
    assert.match(value, /after 1 connection problem on this thread\\, the closest at line 24/);
    assert.doesNotMatch(value, /\(s\)/);
  });

  it('a first sentence ends at a full stop or a colon before a new sentence, and a long one is cut with an ellipsis', () => {
    assert.deepEqual(firstSentence('READ(10) failed with CHECK CONDITION (0x6/0x3F/0x0E): The set of LUNs changed. ESX rescans.'), {
      head: 'READ(10) failed with CHECK CONDITION (0x6/0x3F/0x0E)',
      rest: 'The set of LUNs changed. ESX rescans.',
    });
    const long = firstSentence(`${'word '.repeat(80)}end.`);
    assert.match(long.head, /^word .* …$/);
    assert.ok(long.head.length < 210);
    assert.match(long.rest, /^… word .*end\.$/);
  });
});

describe('counted words', () => {
  it('agree with their number', () => {
    const t = 'after {count} connection {count|problem|problems}; {n} such {n|delay|delays}';
    assert.equal(fillTemplate(t, { count: '1', n: '2' }), 'after 1 connection problem; 2 such delays');
    assert.equal(fillTemplate(t, { count: '0', n: '1' }), 'after 0 connection problems; 1 such delay');
  });

  it('read properly in the NetBackup example', () => {
    const file = path.join(repoRoot, 'examples', 'netbackup', 'bpbrm', 'log.050514');
    const messages = analyzeText(file, fs.readFileSync(file, 'utf8'))
      .findings.map((f) => f.message)
      .join('\n');
    assert.match(messages, /1 such delay on thread/);
    assert.match(messages, /2 such delays on thread/);
    assert.doesNotMatch(messages, /\(s\)|\b1 such delays|\b1 \w+ problems/);
  });
});

describe('the Output channel after Analyze Folder', () => {
  it('has one line per file analysed and says why a file was left out once', () => {
    const lines = outputLines({
      files: 2,
      findings: 3,
      analysed: [
        { path: '/case/bpbrm/log.050514', family: 'NetBackup legacy debug log', lines: 31, findings: 3 },
        { path: '/case/notes.txt', family: null, lines: 1, findings: 0 },
      ],
      unreadable: [{ path: '/case/core.bin', reason: 'binary file (NUL byte in the first 8000 bytes), skipped' }],
      warnings: [],
      cancelled: false,
    });
    assert.deepEqual(lines, [
      'analyzed /case/bpbrm/log.050514: NetBackup legacy debug log, 31 lines, 3 findings',
      'analyzed /case/notes.txt: not recognised, 1 line, 0 findings',
      'not analyzed /case/core.bin: binary file (NUL byte in the first 8000 bytes)',
    ]);
  });
});

describe('the merged timeline document', () => {
  it('is named for what it merges', () => {
    assert.equal(timelineTitle(['/case/netbackup/']), 'Merged timeline of netbackup');
    assert.equal(timelineTitle(['/case/media/bpbrm/log.050514', '/case/client/vnetd/log.050514']), 'Merged timeline of bpbrm/log.050514 and vnetd/log.050514');
    assert.equal(timelineTitle(['/a/vmkernel.log', '/a/hostd.log', '/a/vobd.log']), 'Merged timeline of vmkernel.log, hostd.log and vobd.log');
    assert.equal(timelineTitle(['/a/1', '/a/2', '/a/3', '/a/4']), 'Merged timeline of 4 logs');
  });
});
