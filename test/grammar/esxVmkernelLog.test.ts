import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import type { Token } from '../helpers/textmate';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'esx-vmkernel-log';
const has = (tokens: Token[], text: string, scope: string) => assert.ok(scopesOf(tokens, text).includes(scope), `"${text}" lacks ${scope}: ${scopesOf(tokens, text).join(' ')}`);

describe('esx-vmkernel-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.esx-vmkernel');
  });

  it('scopes the ESX 4 line: timestamp, host, uptime, world as thread, component and message', () => {
    const [t] = tokenize(grammar, ['Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.xxxxxxxxxxxxx" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.']);
    has(t, 'Mar 1 08:53:36', `constant.other.date.timestamp.${ID}`);
    has(t, 'host.com', `variable.other.constant.host.${ID}`);
    has(t, 'vmkernel', `entity.name.type.program.${ID}`);
    has(t, '2:16:49:12.573', `constant.numeric.uptime.${ID}`);
    has(t, 'cpu3', `variable.parameter.cpu.${ID}`);
    has(t, '4099', `variable.other.thread.${ID}`);
    has(t, 'ScsiDeviceIO', `entity.name.type.component.${ID}`);
    has(t, ' to device ', `meta.message.${ID}`);
    // code spans the hovers explain, from the common grammar
    has(t, '0x28', 'constant.other.scsi-opcode.logtriage');
    has(t, 'H:0x0 D:0x2 P:0x0', 'constant.other.scsi-status.logtriage');
    has(t, 'Valid sense data: 0x6 0x3f 0xe', 'constant.other.scsi-sense.logtriage');
    has(t, '"naa.xxxxxxxxxxxxx"', 'string.quoted.logtriage');
    assert.ok(!t.some((x) => x.scopes.some((s) => s.includes('.severity.'))), 'a line without WARNING/ALERT has no severity');
  });

  it('scopes the host of a line without program as the host', () => {
    const [t] = tokenize(grammar, ["Apr 7 17:41:03 esx_host: 17:19:52:55.580 cpu7:4182)BC: 3837: Failed to flush 3 buffers of size 8192 each for object ''"]);
    has(t, 'esx_host', `variable.other.constant.host.${ID}`);
    has(t, 'BC', `entity.name.type.component.${ID}`);
  });

  it('colours WARNING as a warning and ALERT as an error, distinctly', () => {
    const [w, a] = tokenize(grammar, [
      '2019-03-01T08:53:37.101Z cpu5:2097602)WARNING: NMP: nmp_DeviceRequestFastDeviceProbe:237: NMP device "naa.6006" state in doubt',
      '2019-03-01T08:53:40.410Z cpu7:2097190)ALERT: hostd detected to be non-responsive',
    ]);
    has(w, 'WARNING', `support.function.severity.warning.${ID}`);
    has(w, 'NMP', `entity.name.type.component.${ID}`);
    has(w, '2019-03-01T08:53:37.101Z', `constant.other.date.timestamp.${ID}`);
    has(w, '2097602', `variable.other.thread.${ID}`);
    has(a, 'ALERT', `invalid.illegal.severity.error.${ID}`);
  });

  it('scopes opID, printk levels, instance modules and the ESXi 8 priority', () => {
    const [op, pk, inst, pri, dbg] = tokenize(grammar, [
      '2019-03-01T08:53:38.220Z cpu1:2099806 opID=5b7f8e33)World: 12077: VC opID esxui-6c1d-2b4e',
      '2019-03-01T08:53:39.002Z cpu12:2097544)<3>qla2xxx 0000:04:00.1: Firmware dump failed',
      '2019-03-01T08:53:41.000Z cpu2:2098021)vmw_ahci[0000001f]: scsiTaskMgmtCommand:VMK Task: VIRT_RESET',
      '2023-05-23T07:40:51.404Z In(182) vmkernel: cpu12:2097710)ScsiDeviceIO: 4672: Cmd(0x45b8c1a2f300) 0x2a failed H:0x8 D:0x0 P:0x0',
      '2019-03-01T08:53:39.002Z cpu12:2097544)<7>qla2xxx 0000:04:00.1: debug',
    ]);
    has(op, 'opID=5b7f8e33', `string.unquoted.opid.${ID}`);
    has(op, 'World', `entity.name.type.component.${ID}`);
    has(pk, '3', `invalid.illegal.severity.error.${ID}`);
    has(pk, 'qla2xxx', `entity.name.type.component.${ID}`);
    has(inst, 'vmw_ahci', `entity.name.type.component.${ID}`);
    has(pri, 'In(182)', `markup.inserted.severity.info.${ID}`);
    has(pri, '0x2a', 'constant.other.scsi-opcode.logtriage');
    has(dbg, '7', `markup.changed.severity.debug.${ID}`);
  });

  it('scopes ESXi 8 vmkwarning lines and the + marker of a continued submission', () => {
    const [wa, cont] = tokenize(grammar, [
      '2023-05-23T07:40:52.010Z Wa(180) vmkwarning: cpu3:2097152)WARNING: NMP: nmp_DeviceRequestFastDeviceProbe:237: NMP device state in doubt',
      '2023-05-23T07:40:52.011Z In(182)+ vmkernel: cpu3:2097152)ScsiDeviceIO: 4672: continued',
    ]);
    has(wa, 'Wa(180)', `support.function.severity.warning.${ID}`);
    has(wa, 'vmkwarning', `entity.name.type.program.${ID}`);
    has(wa, '2097152', `variable.other.thread.${ID}`);
    has(cont, '+', `punctuation.definition.continuation.${ID}`);
    has(cont, 'ScsiDeviceIO', `entity.name.type.component.${ID}`);
  });

  it('colours the hostd and other lines of an ESX 4 messages file', () => {
    const [h, bt, other, wrapped] = tokenize(grammar, [
      "Apr 7 17:39:16 esx_host Hostd: [2012-04-07 17:39:16.938 FFCFEE80 warning 'HostsvcPlugin'] Unable to initialize vmkernel ssl information",
      'Apr 7 17:33:20 esx_host Hostd: [00] rip 17c6bbf3',
      'Apr  7 17:44:02 esx_host vpxa[5030]: Received callback',
      'Apr  7 17:42:10 esx_host vmkernel: gen 233, mode 1, owner 4d8b9a12-3c5e7f01-8a2b-0025b500a01f mtime 1820044]',
    ]);
    has(h, 'warning', 'support.function.severity.warning.esx-hostd-log');
    has(h, 'HostsvcPlugin', 'entity.name.type.component.esx-hostd-log');
    has(bt, '17c6bbf3', 'constant.numeric.hex.address.esx-hostd-log');
    has(other, 'vpxa', `entity.name.type.component.${ID}`);
    has(other, '5030', `variable.other.thread.${ID}`);
    has(wrapped, 'Apr  7 17:42:10', `constant.other.date.timestamp.${ID}`);
    has(wrapped, '233', `meta.message.continuation.${ID}`);
    assert.ok(!wrapped.some((x) => x.scopes.some((s) => s.startsWith('meta.record'))));
  });

  it('tokenises every line of the fixtures as a record or a continuation', () => {
    for (const name of ['article-001.messages', 'vmkernel-esx4.log', 'vmkernel-esxi65.crlf.log', 'vmkwarning.log']) {
      const lines = readFixture('esx', name)
        .split(/\r?\n/)
        .filter((l) => l);
      for (const [i, tokens] of tokenize(grammar, lines).entries()) {
        const scoped = tokens.some((t) => t.scopes.some((s) => s.startsWith('meta.record') || s.startsWith('meta.message.continuation')));
        assert.ok(scoped, `${name} line ${i + 1}: ${lines[i]}`);
      }
    }
  });
});
