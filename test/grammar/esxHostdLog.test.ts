import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import type { Token } from '../helpers/textmate';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'esx-hostd-log';
const has = (tokens: Token[], text: string, scope: string) => assert.ok(scopesOf(tokens, text).includes(scope), `"${text}" lacks ${scope}: ${scopesOf(tokens, text).join(' ')}`);

describe('esx-hostd-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.esx-hostd');
  });

  it('scopes the article line through syslog: both stamps, thread, level, component, message', () => {
    const [t] = tokenize(grammar, ["Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : /var/lib/vmware/hostd/stats/hostAgentStats.idMap'; while adding stat"]);
    has(t, 'Apr 7 17:33:20', `constant.other.date.timestamp.${ID}`);
    has(t, '2012-04-07 17:33:20.472', `constant.other.date.timestamp.${ID}`);
    has(t, 'esx_host', `variable.other.constant.host.${ID}`);
    has(t, '32AE9B90', `variable.other.thread.${ID}`);
    has(t, 'error', `invalid.illegal.severity.error.${ID}`);
    has(t, 'Statssvc', `entity.name.type.component.${ID}`);
    has(t, ' Error: ', `meta.message.${ID}`);
    has(t, "'FileIO error: No space left : /var/lib/vmware/hostd/stats/hostAgentStats.idMap'", 'string.quoted.logtriage');
  });

  it('scopes each level distinctly', () => {
    const [w, i, v, p] = tokenize(grammar, [
      "[2012-04-07 17:39:16.938 FFCFEE80 warning 'HostsvcPlugin'] Unable to initialize",
      "[2012-04-07 17:40:02.105 32B2FB90 info 'TaskManager' opID=8C2E1A4F-0000012D] Task Created",
      "[2012-04-07 17:40:02.110 32B2FB90 verbose 'ha-license-manager'] Load",
      "[2012-04-07 17:40:05.000 32B2FB90 panic 'App'] Unrecoverable error",
    ]);
    has(w, 'warning', `support.function.severity.warning.${ID}`);
    has(i, 'info', `markup.inserted.severity.info.${ID}`);
    has(i, '8C2E1A4F-0000012D', `string.unquoted.opid.${ID}`);
    has(v, 'verbose', `markup.changed.severity.debug.${ID}`);
    has(p, 'panic', `invalid.illegal.severity.error.${ID}`);
  });

  it('scopes ESXi 5, 6.5 and 8 lines', () => {
    const [e5, e65, e8] = tokenize(grammar, [
      "2015-01-01T00:00:01.214Z [FFD3AB70 error 'Default' opID=abc-124 user=root] AdapterServer caught exception",
      '2019-01-01T00:00:00.120Z warning hostd[2099806] [Originator@6876 sub=Statssvc opID=5b7f8e33-01-aa] Error: No space left',
      '2023-05-23T07:40:51.404Z Wa(164) Hostd[2100134]: [Originator@6876 sub=Vimsvc.ha-eventmgr] Event 8573',
    ]);
    has(e5, '2015-01-01T00:00:01.214Z', `constant.other.date.timestamp.${ID}`);
    has(e5, 'FFD3AB70', `variable.other.thread.${ID}`);
    has(e5, 'Default', `entity.name.type.component.${ID}`);
    has(e5, 'abc-124', `string.unquoted.opid.${ID}`);
    has(e65, 'warning', `support.function.severity.warning.${ID}`);
    has(e65, '2099806', `variable.other.thread.${ID}`);
    has(e65, 'Statssvc', `entity.name.type.component.${ID}`);
    has(e8, 'Wa(164)', `support.function.severity.warning.${ID}`);
    has(e8, 'Vimsvc.ha-eventmgr', `entity.name.type.component.${ID}`);
    has(e8, ' Event ', `meta.message.${ID}`);
  });

  it('scopes backtraces and --> lines as continuations', () => {
    const [bare, arrow] = tokenize(grammar, ['[05] rip 042a2daf', '--> backtrace[00] libvmacore.so[0x002f2e4b]: Vmacore::System::Stacktrace::CaptureFullWork(unsigned int)']);
    has(bare, '05', `constant.numeric.frame.${ID}`);
    has(bare, '042a2daf', `constant.numeric.hex.address.${ID}`);
    assert.ok(bare[0].scopes.includes(`meta.backtrace.${ID}`));
    has(arrow, '-->', `meta.message.continuation.${ID}`);
    has(arrow, '0x002f2e4b', 'constant.numeric.hex.logtriage');
  });

  it('scopes ESXi 8 lines with the + marker of a continued submission, record or continuation', () => {
    const [rec, cont] = tokenize(grammar, [
      '2023-05-23T07:40:51.404Z Er(163)+ Hostd[2100134]: [Originator@6876 sub=Default] IpmiIfcOpenIpmiOpen: open failed',
      '2023-05-23T07:40:51.405Z In(166)+ Hostd[2100134]: -->    dynamicType = <unset>,',
    ]);
    has(rec, 'Er(163)', `invalid.illegal.severity.error.${ID}`);
    has(rec, '+', `punctuation.definition.continuation.${ID}`);
    has(rec, 'Default', `entity.name.type.component.${ID}`);
    has(cont, '2100134', `variable.other.thread.${ID}`);
    assert.ok(cont.at(-1)!.scopes.includes(`meta.message.continuation.${ID}`));
  });

  it('colours vmkernel lines of a shared messages file with the vmkernel grammar', () => {
    const [t] = tokenize(grammar, ['Apr 7 17:37:45 esx_host vmkernel: 17:19:49:38.441 cpu6:53888)UserDump: 1587: Userworld coredump complete.']);
    has(t, 'UserDump', 'entity.name.type.component.esx-vmkernel-log');
    has(t, '53888', 'variable.other.thread.esx-vmkernel-log');
  });

  it('tokenises every line of the fixtures as a record, a backtrace or a continuation', () => {
    for (const name of ['article-001.messages', 'hostd-esx4.log', 'hostd-esxi5.log', 'hostd-esxi67.log']) {
      const lines = readFixture('esx', name)
        .split(/\r?\n/)
        .filter((l) => l);
      for (const [i, tokens] of tokenize(grammar, lines).entries()) {
        const scoped = tokens.some((t) => t.scopes.some((s) => /^meta\.(record|backtrace|message\.continuation)/.test(s)));
        assert.ok(scoped, `${name} line ${i + 1}: ${lines[i]}`);
      }
    }
  });
});
