// The language server's per-document state (features/documentAnalyses.ts, publishSchedule.ts): one
// analysis per version, shared by whoever asks; stale runs dropped; edits re-analysed on their lines;
// publishes debounced, and the requests that wait for them released exactly once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { builtInRuleSet } from '../../../server/src/engine';
import { DocumentAnalyses } from '../../../server/src/features/documentAnalyses';
import { EditTracker } from '../../../server/src/features/documentEdits';
import { PublishSchedule } from '../../../server/src/features/publishSchedule';
import { readFixture } from '../../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
const URI = 'file:///case/server_log';

function setUp(text = article) {
  const edits = new EditTracker();
  const open = new Map<string, TextDocument>();
  const doc = edits.create(URI, 'vnx-server-log', 1, text);
  open.set(URI, doc);
  const warnings: string[] = [];
  const analyses = new DocumentAnalyses({ documents: open, edits, options: () => ({ rules: builtInRuleSet() }), warn: (m) => warnings.push(m) });
  return { edits, open, doc, analyses, warnings };
}

const rules = (state: { analysis: { findings: { rule: string }[] } } | undefined) => state?.analysis.findings.map((f) => f.rule).sort();

describe('DocumentAnalyses', () => {
  it('analyses a version once: callers meanwhile share the run, and later ones get the cached state', async () => {
    const { doc, analyses } = setUp();
    assert.equal(analyses.quick(doc), undefined);
    const first = analyses.analyse(doc);
    assert.equal(analyses.analyse(doc), first, 'the same run');
    assert.ok(analyses.isRunning(URI));
    const state = await first;
    assert.equal(state?.version, 1);
    assert.ok(rules(state)!.includes('vnx/ckpt-timer-expired'), String(rules(state)));
    assert.equal(analyses.isRunning(URI), false);
    assert.equal(analyses.quick(doc), state);
    assert.equal(await analyses.analyse(doc), state);
  });

  it('drops a run begun before invalidateAll, and the next run has the new generation', async () => {
    const { doc, analyses } = setUp(article.repeat(200));
    const stale = analyses.analyse(doc);
    const before = analyses.generation;
    analyses.invalidateAll();
    assert.equal(analyses.generation, before + 1);
    assert.equal(await stale, undefined);
    assert.equal(analyses.quick(doc), undefined, 'nothing cached from the stale run');
    const fresh = analyses.analyse(doc);
    assert.notEqual(fresh, stale);
    assert.ok((await fresh)?.analysis.findings.length);
  });

  it('drops a run whose document changed or closed meanwhile', async () => {
    const changed = setUp();
    const run = changed.analyses.analyse(changed.doc);
    changed.edits.update(changed.doc, [{ text: 'x' }], 2);
    assert.equal(await run, undefined);
    const closed = setUp();
    const run2 = closed.analyses.analyse(closed.doc);
    closed.open.delete(URI);
    assert.equal(await run2, undefined);
  });

  it('re-analyses a line edit at once on its own lines, with the findings a full analysis gives', async () => {
    const { doc, edits, analyses } = setUp();
    await analyses.analyse(doc);
    const line = article.split('\n').findIndex((l) => l.includes('Timer expired'));
    edits.update(doc, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }], 2);
    const quick = analyses.quick(doc);
    assert.ok(quick, 'no full run needed');
    assert.equal(quick.version, 2);
    assert.ok(!rules(quick)!.includes('vnx/ckpt-timer-expired'));
    const fresh = setUp(doc.getText());
    const full = await fresh.analyses.analyse(fresh.doc);
    assert.deepEqual(rules(quick), rules(full));
  });

  it('forgets a closed document', async () => {
    const { doc, analyses } = setUp();
    await analyses.analyse(doc);
    analyses.forget(URI);
    assert.equal(analyses.quick(doc), undefined);
  });
});

/** A promise with its resolve at hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PublishSchedule', () => {
  it('publishes once for edits in quick succession, and releases waiters once that publish is done', async () => {
    const calls: string[] = [];
    const gate = deferred();
    const schedule = new PublishSchedule(
      async (uri) => (calls.push(uri), gate.promise),
      () => assert.fail('no failure'),
    );
    await schedule.whenPublished('a'); // nothing scheduled: at once
    schedule.schedule('a', 20);
    schedule.schedule('a', 20);
    schedule.schedule('a', 20);
    let released = false;
    const waiter = schedule.whenPublished('a').then(() => (released = true));
    await tick(40);
    assert.deepEqual(calls, ['a']);
    assert.equal(released, false, 'the publish is still under way');
    assert.ok(schedule.isScheduled('a'));
    gate.resolve();
    await waiter;
    assert.equal(schedule.isScheduled('a'), false);
  });

  it('keeps waiters for the newest publish when a new one is scheduled while one runs', async () => {
    const gates = [deferred(), deferred()];
    let n = 0;
    const schedule = new PublishSchedule(
      () => gates[n++].promise,
      () => undefined,
    );
    schedule.schedule('a', 0);
    await tick();
    let released = false;
    const waiter = schedule.whenPublished('a').then(() => (released = true));
    schedule.schedule('a', 0);
    gates[0].resolve();
    await tick();
    assert.equal(released, false, 'the second publish is due');
    assert.equal(n, 2);
    gates[1].resolve();
    await waiter;
  });

  it('a failing publish is reported, and its waiters go on', async () => {
    const failures: string[] = [];
    const schedule = new PublishSchedule(
      () => Promise.reject(new Error('bug')),
      (uri, e) => failures.push(`${uri}: ${(e as Error).message}`),
    );
    schedule.schedule('a', 0);
    await schedule.whenPublished('a');
    assert.deepEqual(failures, ['a: bug']);
  });

  it('cancel drops a scheduled publish and releases its waiters', async () => {
    let published = 0;
    const schedule = new PublishSchedule(
      async () => void published++,
      () => undefined,
    );
    schedule.schedule('a', 30);
    const waiter = schedule.whenPublished('a');
    schedule.cancel('a');
    await waiter;
    await tick(50);
    assert.equal(published, 0);
  });
});
