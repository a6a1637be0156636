// Grammars of the other logs a vm-support bundle carries: vpxa.log, fdm.log, vobd.log, a VM's vmware.log, syslog.log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFixture } from '../helpers/paths';
import type { Token } from '../helpers/textmate';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const has = (tokens: Token[], text: string, scope: string) => assert.ok(scopesOf(tokens, text).includes(scope), `"${text}" lacks ${scope}: ${scopesOf(tokens, text).join(' ')}`);
const lines = (file: string) =>
  readFixture('esx', file)
    .split(/\r?\n/)
    .filter((l) => l);

describe('esx-vpxa-log and esx-fdm-log grammars', () => {
  it('scope fdm ESXi 6.5 and 8 records with their own family name', async () => {
    const g = await loadGrammar('text.log.esx-fdm');
    const [a, , , , , w, cont] = tokenize(g, lines('fdm-esxi67.log'));
    has(a, '2023-07-04T06:06:02.154Z', 'constant.other.date.timestamp.esx-fdm-log');
    has(a, 'fdm', 'entity.name.type.program.esx-fdm-log');
    has(a, '2110701', 'variable.other.thread.esx-fdm-log');
    has(a, 'Cluster', 'entity.name.type.component.esx-fdm-log');
    has(a, 'SWI-3ab50c2a', 'string.unquoted.opid.esx-fdm-log');
    has(w, 'warning', 'support.function.severity.warning.esx-fdm-log');
    has(cont, '-->', 'punctuation.definition.continuation.esx-fdm-log');
    const [, , err] = tokenize(g, lines('fdm-esxi8.log'));
    has(err, 'Er(163)', 'invalid.illegal.severity.error.esx-fdm-log');
  });

  it('scope vpxa ESX 4 and ESXi 8 records', async () => {
    const g = await loadGrammar('text.log.esx-vpxa');
    const [, , e4] = tokenize(g, lines('vpxa-esx4.log'));
    has(e4, 'error', 'invalid.illegal.severity.error.esx-vpxa-log');
    has(e4, 'App', 'entity.name.type.component.esx-vpxa-log');
    const [, , w8] = tokenize(g, lines('vpxa-esxi8.log'));
    has(w8, 'Wa(164)', 'support.function.severity.warning.esx-vpxa-log');
    has(w8, 'Vpxa', 'entity.name.type.program.esx-vpxa-log');
  });
});

describe('esx-vobd-log grammar', () => {
  it('scopes correlator, uptime and event id; esx.problem events as warnings', async () => {
    const g = await loadGrammar('text.log.esx-vobd');
    const t = tokenize(g, lines('vobd-esxi67.log'));
    has(t[1], '2019-05-02T10:44:11.326Z', 'constant.other.date.timestamp.esx-vobd-log');
    has(t[1], 'scsiCorrelator', 'entity.name.type.component.esx-vobd-log');
    has(t[1], '2236476305', 'constant.numeric.uptime.esx-vobd-log');
    has(t[1], 'vob.scsi.device.state.permanentloss', 'entity.name.tag.event.esx-vobd-log');
    has(t[2], 'esx.problem.scsi.device.state.permanentloss', 'support.function.severity.warning.esx-vobd-log');
    const [e8] = tokenize(g, lines('vobd-esxi8.log'));
    has(e8, 'In(14)', 'markup.inserted.severity.info.esx-vobd-log');
    has(e8, '2097521', 'constant.numeric.pid.esx-vobd-log');
    has(e8, 'UserLevelCorrelator', 'entity.name.type.component.esx-vobd-log');
  });
});

describe('esx-vmware-log grammar', () => {
  it('scopes thread, level letter and module in every version', async () => {
    const g = await loadGrammar('text.log.esx-vmware');
    const t = tokenize(g, lines('vmware-esxi67.log'));
    has(t[3], 'vcpu-0', 'variable.other.thread.esx-vmware-log');
    has(t[3], 'I125', 'markup.inserted.severity.info.esx-vmware-log');
    has(t[3], 'ToolsBackup', 'entity.name.type.component.esx-vmware-log');
    has(t[4], 'W115', 'support.function.severity.warning.esx-vmware-log');
    has(t[7], 'E105', 'invalid.illegal.severity.error.esx-vmware-log');
    has(t[8], 'DISKLIB-VMFS', 'entity.name.type.component.esx-vmware-log');
    has(t[6], 'msg.snapshot.quiesce.vmerr', 'entity.name.tag.event.esx-vmware-log');
    const e8 = tokenize(g, lines('vmware-esxi8.log'));
    has(e8[1], 'vcpu-0', 'variable.other.thread.esx-vmware-log');
    has(e8[4], 'Wa(03)', 'support.function.severity.warning.esx-vmware-log');
    has(e8[5], 'SNAPSHOT', 'entity.name.type.component.esx-vmware-log');
    const [e4] = tokenize(g, lines('vmware-esx4.log'));
    has(e4, 'Apr 07 17:33:20.472', 'constant.other.date.timestamp.esx-vmware-log');
  });
});

describe('esx-syslog-log grammar', () => {
  it('scopes program, pid, vmsyslog levels and ESXi 8 priorities', async () => {
    const g = await loadGrammar('text.log.esx-syslog');
    const t = tokenize(g, lines('syslog-esxi67.log'));
    has(t[0], 'crond', 'entity.name.type.program.esx-syslog-log');
    has(t[0], '66197', 'constant.numeric.pid.esx-syslog-log');
    has(t[4], 'ERROR', 'invalid.illegal.severity.error.esx-syslog-log');
    const e8 = tokenize(g, lines('syslog-esxi8.log'));
    has(e8[2], '[+]', 'punctuation.definition.continuation.esx-syslog-log');
    has(e8[5], 'Er(11)', 'invalid.illegal.severity.error.esx-syslog-log');
    has(e8[0], 'ConfigStore', 'entity.name.type.program.esx-syslog-log');
  });
});
