// Issue 17: the Findings view names files so that they can be told apart, relative to what was analysed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileLabels } from '../../../client/src/fileLabels';
import { aggregateFacts } from '../../../client/src/findingFacts';

describe('Findings view file labels', () => {
  const root = '/cases/4711/bundle';
  it('gives same-named NetBackup logs their process folder, the others their base name', () => {
    const paths = [`${root}/netbackup/logs/bpbrm/log.050514`, `${root}/netbackup/logs/bpcd/log.050514`, `${root}/esx/var/log/vmkernel.log`];
    const labels = fileLabels(paths, [root]);
    assert.deepEqual(labels.get(paths[0]), { label: 'bpbrm/log.050514', folder: 'netbackup/logs/bpbrm' });
    assert.deepEqual(labels.get(paths[1]), { label: 'bpcd/log.050514', folder: 'netbackup/logs/bpcd' });
    assert.deepEqual(labels.get(paths[2]), { label: 'vmkernel.log', folder: 'esx/var/log' });
  });

  it('goes up as many folders as it takes, and never shows the part above the analysed folder', () => {
    const paths = [`${root}/a/x/logs/vmkernel.log`, `${root}/b/x/logs/vmkernel.log`];
    const labels = fileLabels(paths, ['/cases', root]);
    assert.equal(labels.get(paths[0])!.label, 'a/x/logs/vmkernel.log');
    assert.equal(labels.get(paths[1])!.label, 'b/x/logs/vmkernel.log');
    assert.ok(![...labels.values()].some((l) => l.folder.includes('cases')));
  });

  it('names archive members relative to their archive', () => {
    const member = '/cases/esx-host1.tgz!/var/run/log/hostd.log';
    const other = '/cases/esx-host2.tgz!/var/run/log/hostd.log';
    const labels = fileLabels([member, other], [root]);
    assert.deepEqual(labels.get(member), { label: 'esx-host1.tgz/var/run/log/hostd.log', folder: 'esx-host1.tgz/var/run/log' });
    assert.deepEqual(fileLabels([member], []).get(member), { label: 'hostd.log', folder: 'esx-host1.tgz/var/run/log' });
  });
});

describe('Findings view rows of a repeated finding', () => {
  it('says how often and from when to when, and lists example lines to open', () => {
    const facts = aggregateFacts({
      rule: 'r',
      title: 't',
      cause: 'c',
      causeTitle: 'c',
      severity: 'error',
      line: 9,
      character: 0,
      message: 'm',
      count: 1200,
      lastLine: 5000,
      firstTime: Date.UTC(2014, 4, 5, 11, 0, 0),
      lastTime: Date.UTC(2014, 4, 5, 13, 30, 5),
      examples: [20, 30, 5000],
    });
    assert.deepEqual(facts, [
      { text: '1,200 occurrences, lines 10 to 5001' },
      { text: 'first: line 10 at 2014-05-05 11:00:00', line: 9 },
      { text: 'example: line 21', line: 20 },
      { text: 'example: line 31', line: 30 },
      { text: 'last: line 5001 at 2014-05-05 13:30:05', line: 5000 },
    ]);
  });

  it('has no rows for a single finding', () => {
    assert.deepEqual(aggregateFacts({ rule: 'r', title: 't', cause: 'c', causeTitle: 'c', severity: 'error', line: 1, character: 0, message: 'm' }), []);
  });
});
