import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import type { Token } from '../helpers/textmate';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'vnx-server-log';
const has = (tokens: Token[], text: string, scope: string) => assert.ok(scopesOf(tokens, text).includes(scope), `"${text}" lacks ${scope}: ${scopesOf(tokens, text).join(' ')}`);

describe('vnx-server-log grammar: command output beside the log', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.vnx-server');
  });

  it('scopes the prompt, the command and its options', () => {
    const [t] = tokenize(grammar, ['# server_param server_2 -facility -all -list | grep -i snaptimeout']);
    has(t, 'server_param', `entity.name.function.command.${ID}`);
    has(t, '-facility', `variable.parameter.option.${ID}`);
    has(t, '|', `keyword.operator.pipe.${ID}`);
    assert.ok(t[0].scopes.includes(`meta.command.${ID}`));
  });

  it('scopes a server_param row and marks a current value unlike the default', () => {
    const [changed, same] = tokenize(grammar, ['snapTimeout                         NDMP          5         30         30   ', 'bufsz                            NDMP            128         128']);
    has(changed, 'snapTimeout', `variable.other.property.param.${ID}`);
    has(changed, 'NDMP', `entity.name.type.component.${ID}`);
    has(changed, '5', `constant.other.value.default.${ID}`);
    has(changed, '30', `markup.changed.value.modified.${ID}`);
    assert.equal(same.filter((x) => x.text === '128')[1].scopes.includes(`constant.other.value.current.${ID}`), true);
  });

  it('scopes server_pax -stats and nas_fs -list', () => {
    const [title, pax, fs] = tokenize(grammar, ['**************  SUMMARY PAX STATS ****************', 'nass00 is not doing backup', '2         y    1   0     40        root_fs_common      1,2']);
    assert.ok(title[0].scopes.includes(`markup.heading.pax.${ID}`));
    has(pax, 'nass00', `variable.other.thread.${ID}`);
    has(fs, 'root_fs_common', `variable.other.filesystem.${ID}`);
    has(fs, '1,2', `constant.numeric.server.${ID}`);
  });

  it('still scopes the log records of the mixed file as records', () => {
    const lines = readFixture('vnx', 'article-000-with-commands.txt').split('\n');
    const tokens = tokenize(grammar, lines);
    const timer = lines.findIndex((l) => l.includes('Timer expired'));
    has(tokens[timer], '3', `invalid.illegal.severity.error.${ID}`);
    const paramRow = lines.findIndex((l) => l.startsWith('concurrentDataStreams'));
    assert.ok(tokens[paramRow][0].scopes.includes(`meta.record.server-param.${ID}`));
  });
});
