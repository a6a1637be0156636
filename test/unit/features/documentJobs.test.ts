// The whole-document features in a worker thread (features/documentJobs.ts): the same answers as
// in the server's own thread, and nothing done for a version of a document that is already gone.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentJob } from '../../../server/src/features/documentJobs';
import { DocumentJobs, runJob } from '../../../server/src/features/documentJobs';
import { LargeTextDocument } from '../../../server/src/features/largeDocument';
import { fixture, readFixture } from '../../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');

describe('document jobs in a worker thread', () => {
  const jobs = new DocumentJobs();
  after(() => jobs.dispose());
  const text = article.repeat(50) + '2015-05-05 15:00:00: 26041581568: NDMP: 6: see /tmp and KB 000123\n';
  const doc = TextDocument.create('file:///a/server_log', 'vnx-server-log', 1, text);
  const kinds: DocumentJob[] = [
    { kind: 'outline', format: 'vnx-server-log' },
    { kind: 'gaps', format: 'vnx-server-log', gapMs: 60_000, limit: 300 },
    { kind: 'links', logPath: fixture('vnx', 'article-000.server_log'), roots: [fixture()], limit: 2000 },
  ];

  it('answers as the server thread would, for each kind of job', async () => {
    for (const job of kinds) {
      const here = runJob(text, job);
      assert.deepEqual(await jobs.run(doc, job), here, job.kind);
      assert.ok(Array.isArray(here) ? here.length > 0 : (here as { folds: unknown[] }).folds.length > 0, `${job.kind} found something`);
    }
  });

  it('sends a big document in pieces, as opened and kept in blocks after edits', async () => {
    const big = new LargeTextDocument('file:///a/pieces', 'vnx-server-log', 1, article.repeat(1500)); // 3 MB
    assert.deepEqual(await jobs.run(big, kinds[0]), runJob(big.getText(), kinds[0]));
    big.update([{ range: { start: { line: 30_000, character: 0 }, end: { line: 30_001, character: 0 } }, text: article }], 2);
    assert.ok(big.textParts().length > 10, 'in blocks');
    assert.deepEqual(await jobs.run(big, kinds[0]), runJob(big.getText(), kinds[0]));
  });

  it('answers a job as outdated when its document closed while its text was on the way', async () => {
    const big = new LargeTextDocument('file:///a/closing', 'vnx-server-log', 1, article.repeat(1500));
    const job = jobs.run(big, kinds[0]);
    jobs.forget(big.uri);
    assert.equal(await job, undefined);
    // opened again, same version: the text is sent whole again
    const again = new LargeTextDocument('file:///a/closing', 'vnx-server-log', 1, article);
    assert.deepEqual(await jobs.run(again, kinds[0]), runJob(article, kinds[0]));
  });

  it('keeps the texts of the documents used last within its bound, and sends a let-go text again', async () => {
    const bounded = new DocumentJobs(undefined, 3 * article.length + 10);
    try {
      const docs = [0, 1, 2, 3].map((i) => TextDocument.create(`file:///bound/${i}`, 'vnx-server-log', 1, article.repeat(i === 3 ? 2 : 1)));
      for (const d of docs.slice(0, 3)) assert.deepEqual(await bounded.run(d, kinds[0]), runJob(d.getText(), kinds[0]));
      assert.equal(bounded.keptTextChars, 3 * article.length);
      // used again, the first is the most recent: the second and third go for the fourth (two articles long)
      await bounded.run(docs[0], kinds[0]);
      assert.deepEqual(await bounded.run(docs[3], kinds[0]), runJob(docs[3].getText(), kinds[0]));
      assert.equal(bounded.keptTextChars, 3 * article.length);
      // a text let go is sent again when a job needs it, and the answer is the same
      assert.deepEqual(await bounded.run(docs[1], kinds[0]), runJob(docs[1].getText(), kinds[0]));
      assert.ok(bounded.keptTextChars <= 3 * article.length + 10);
      // a document bigger than the bound is kept while it is the one in use
      const huge = TextDocument.create('file:///bound/huge', 'vnx-server-log', 1, article.repeat(5));
      assert.deepEqual(await bounded.run(huge, kinds[0]), runJob(huge.getText(), kinds[0]));
      assert.equal(bounded.keptTextChars, 5 * article.length);
    } finally {
      await bounded.dispose();
    }
  });

  it('drops a job whose document changed while it waited, and runs the new version', async () => {
    const big = TextDocument.create('file:///a/big', 'vnx-server-log', 1, article.repeat(2000));
    const first = jobs.run(big, kinds[0]); // keeps the worker busy
    const queued = jobs.run(big, kinds[1]);
    TextDocument.update(big, [{ text: article }], 2);
    assert.ok(await first, 'the job already running answers');
    assert.equal(await queued, undefined);
    assert.deepEqual(await jobs.run(big, kinds[1]), runJob(article, kinds[1]));
  });
});
