// NetBackup job details pasted into a case: recognised by content, its failure and status found,
// the status number decoded on hover.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as path from 'path';
import * as vscode from 'vscode';
import { hoverTexts, openAndWaitForDiagnostics, positionOf, repoRoot, unescapeMarkdown } from './helpers';

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

describe('NetBackup job details', () => {
  it('recognises the job details text, reports the tape failure and decodes its final status', async () => {
    const uri = vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'netbackup', 'jobdetails', 'job_details_4711.txt'));
    const { document, diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'nbu/media-write-error'));
    assert.equal(document.languageId, 'netbackup-job-details');
    const codes = diagnostics.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`);
    for (const expected of ['7:nbu/tapealert-critical', '8:nbu/image-write-failed', '9:nbu/status-code', '11:nbu/media-write-error']) {
      assert.ok(codes.includes(expected), `${expected} missing from ${codes.join(', ')}`);
    }
    const last = document.lineCount - 1 - (document.lineAt(document.lineCount - 1).text === '' ? 1 : 0);
    const texts = (await hoverTexts(uri, positionOf(document, last, '84'))).map(unescapeMarkdown);
    assert.ok(
      texts.some((t) => t.includes('NetBackup status 84: media write error')),
      `no status in the hover: ${JSON.stringify(texts)}`,
    );
  });
});
