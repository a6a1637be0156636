// Issue 17: a cancelled re-run of Analyze Folder leaves the previous complete results as they were.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileAnalysis } from '../../../server/src/engine';
import { FolderRun } from '../../../server/src/features/folderRun';

const analysis = (path: string, rules: string[]): FileAnalysis => ({
  path,
  format: 'esx-hostd-log',
  lines: 10,
  warnings: [],
  findings: rules.map((rule, i) => ({ rule, severity: 'error', span: { line: i, start: 0, end: 1 }, endLine: i, count: 1, lastLine: i, message: rule, fix: '', related: [] })),
});

/** What the editor shows per URI: the rules of its findings, or nothing. */
function editor(open: string[] = []) {
  const shown = new Map<string, string[]>();
  const reopened: string[] = [];
  return {
    shown,
    reopened,
    out: {
      publish: (uri: string, a: FileAnalysis) =>
        void shown.set(
          uri,
          a.findings.map((f) => f.rule),
        ),
      unpublish: (uri: string) => void shown.delete(uri),
      republishOpen: (uri: string) => (open.includes(uri) ? (reopened.push(uri), true) : false),
    },
  };
}

describe('Analyze Folder: a cancelled run', () => {
  it('puts back what the previous run showed for every file it had replaced, and withdraws files new to it', () => {
    const results = new Map<string, FileAnalysis>();
    const e = editor();
    const first = new FolderRun(results, e.out);
    first.set('file:///b/hostd.log', analysis('/b/hostd.log', ['esx/a', 'esx/b']), false);
    first.set('file:///b/vdf.txt', analysis('/b/vdf.txt', ['esx/ramdisk-full']), false);
    const before = new Map(e.shown);
    const second = new FolderRun(results, e.out);
    second.set('file:///b/hostd.log', analysis('/b/hostd.log', []), false);
    second.set('file:///b/new.log', analysis('/b/new.log', ['esx/c']), false);
    assert.deepEqual(e.shown.get('file:///b/hostd.log'), []);
    second.restore();
    assert.deepEqual(e.shown, before);
    assert.deepEqual([...results.keys()].sort(), ['file:///b/hostd.log', 'file:///b/vdf.txt']);
    assert.deepEqual(
      results.get('file:///b/hostd.log')!.findings.map((f) => f.rule),
      ['esx/a', 'esx/b'],
    );
  });

  it('leaves an open document to its own analysis, and the first result a file had is the one put back', () => {
    const results = new Map<string, FileAnalysis>();
    const e = editor(['file:///b/open.log']);
    new FolderRun(results, e.out).set('file:///b/x.log', analysis('/b/x.log', ['esx/a']), false);
    const run = new FolderRun(results, e.out);
    run.set('file:///b/x.log', analysis('/b/x.log', ['esx/b']), false);
    run.set('file:///b/x.log', analysis('/b/x.log', ['esx/c']), false); // an archive member seen twice
    run.set('file:///b/open.log', analysis('/b/open.log', ['esx/d']), true);
    assert.equal(e.shown.has('file:///b/open.log'), false);
    run.changed('file:///b/x.log', analysis('/b/x.log', ['esx/e']), false);
    assert.deepEqual(e.shown.get('file:///b/x.log'), ['esx/e']);
    run.restore();
    assert.deepEqual(e.shown.get('file:///b/x.log'), ['esx/a']);
    assert.deepEqual(e.reopened, ['file:///b/open.log']);
    assert.equal(results.has('file:///b/open.log'), false);
  });

  it('ignores changes to files it did not publish', () => {
    const e = editor();
    const run = new FolderRun(new Map(), e.out);
    run.changed('file:///b/other.log', analysis('/b/other.log', ['esx/a']), false);
    assert.equal(e.shown.size, 0);
  });
});
