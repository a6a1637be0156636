import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import type { Token } from '../helpers/textmate';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'esx-vdf';
const has = (tokens: Token[], text: string, scope: string) => assert.ok(scopesOf(tokens, text).includes(scope), `"${text}" lacks ${scope}: ${scopesOf(tokens, text).join(' ')}`);

describe('esx-vdf grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.esx-vdf');
  });

  it('scopes the article’s table: component, sizes, Use% by severity, mount', () => {
    const [prompt, header, ok, , , full] = tokenize(
      grammar,
      readFixture('esx', 'vdf.txt')
        .split('\n')
        .filter((l) => l && !/^(?:s\.v00|tools|Tardisk|-)/.test(l)),
    );
    has(prompt, 'vdf', `entity.name.function.command.${ID}`);
    assert.ok(header[0].scopes.includes(`markup.heading.table.${ID}`));
    has(ok, 'MAINSYS', `entity.name.type.component.${ID}`);
    has(ok, '68%', `markup.inserted.severity.info.${ID}`);
    has(full, 'hostdstats', `entity.name.type.component.${ID}`);
    has(full, '166M', `constant.numeric.size.${ID}`);
    has(full, '100%', `invalid.illegal.severity.error.${ID}`);
    has(full, '--', `string.unquoted.path.mount.${ID}`);
  });

  it('scopes 90 % and more as a warning, datastore rows and tardisk rows', () => {
    const [warn, ds, tar] = tokenize(grammar, ['hostdstats                303M      281M       21M  93% --', 'VMFS-5                 499.8G    345.3G    154.5G  69% /vmfs/volumes/datastore1', 's.v00                     148M      148M']);
    has(warn, '93%', `support.function.severity.warning.${ID}`);
    has(ds, 'VMFS-5', `entity.name.type.component.${ID}`);
    has(ds, '/vmfs/volumes/datastore1', `string.unquoted.path.mount.${ID}`);
    has(tar, 's.v00', `entity.name.type.component.${ID}`);
  });

  it('gives other pasted lines message tokens only', () => {
    const [t] = tokenize(grammar, ['Error interacting with configuration file /etc/vmware/esx.conf: Failed attempting to lock file.']);
    has(t, '/etc/vmware/esx.conf', 'string.unquoted.path.logtriage');
    assert.ok(!t.some((x) => x.scopes.some((s) => s.includes('.severity.'))));
  });
});
