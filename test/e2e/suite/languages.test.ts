// Language contributions: the extension is present, and logs get their language id.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri, openAndWaitForDiagnostics } from './helpers';

describe('languages', () => {
  it('recognises the VNX example server_log as vnx-server-log and activates the extension', async () => {
    const { document } = await openAndWaitForDiagnostics(exampleUri('vnx', 'server_log'));
    assert.equal(document.languageId, 'vnx-server-log');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
    assert.equal(extension.isActive, true);
  });
});
