// One version: the server announces the one in package.json (as the CLI's --version does).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/paths';

describe('language server: identity', () => {
  it('names itself with the version of package.json', async () => {
    const client = new LspTestClient();
    try {
      const result = await client.initialize();
      const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      assert.deepEqual(result.serverInfo, { name: 'logtriage', version });
    } finally {
      await client.shutdown();
    }
  });
});
