// Hover through the editor's own hover command, as a mouse hover would ask for it.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { exampleUri, hoverTexts, openAndWaitForDiagnostics, positionOf, unescapeMarkdown } from './helpers';

describe('hover', () => {
  it('decodes the numeric level of a VNX line as a syslog level', async () => {
    const uri = exampleUri('vnx', 'server_log');
    const { document } = await openAndWaitForDiagnostics(uri);
    const level = positionOf(document, 12, 'CMD: 3:').translate(0, 'CMD: '.length);
    assert.equal(document.lineAt(12).text.charAt(level.character), '3');
    const texts = (await hoverTexts(uri, level)).map(unescapeMarkdown);
    assert.ok(
      texts.some((text) => text.includes('syslog level 3: error')),
      `no syslog level in the hover: ${JSON.stringify(texts)}`,
    );
  });
});
