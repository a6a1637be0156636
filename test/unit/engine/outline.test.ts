import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById, outline } from '../../../server/src/engine';
import { readFixture } from '../../helpers/paths';

const shape = (text: string, path: string) => {
  const format = detectFormat(path, text)?.format;
  return outline(text, format);
};

describe('outline and folding', () => {
  it('outlines the VNX NDMP session and folds the wrapped record', () => {
    const text = readFixture('vnx', 'article-000.server_log');
    const o = shape(text, 'server_log');
    assert.deepEqual(
      o.symbols.map((s) => [s.name, s.kind, s.startLine, s.endLine]),
      [['NDMP session 570', 'session', 1, 18]],
    );
    assert.ok(o.folds.some((f) => f.kind === 'continuation' && f.startLine === 19 && f.endLine === 20));
  });

  it('outlines VMSS runs with their policies and VMs', () => {
    const text = readFixture('xenserver', 'article-003', 'VMSSlog');
    const o = shape(text, '/var/log/VMSSlog');
    const run = o.symbols.find((s) => s.name === 'VMSS run [10123]')!;
    assert.ok(run, o.symbols.map((s) => s.name).join());
    const [policy] = run.children;
    assert.equal(policy.name, 'policy 7b10ea29-ab0c-af14-a116-ae293560f404');
    assert.deepEqual(
      policy.children.map((v) => v.name),
      ['VM e2a06f32-d4ad-316f-ef20-4e4541a5a453', 'VM 0e268e37-cbdc-5b6d-8098-89e740337c2a'],
    );
    assert.ok(policy.children[0].endLine < policy.children[1].startLine);
  });

  it('outlines NetBackup threads', () => {
    const text = readFixture('netbackup', 'article-002', 'media', 'bpbrm', 'log.050514');
    const o = shape(text, '/usr/openv/netbackup/logs/bpbrm/log.050514');
    assert.deepEqual(
      o.symbols.map((s) => s.name),
      ['[1660.4296]', '[5592.5372]'],
    );
  });

  it('outlines a hostd backtrace as one entry folding its frames', () => {
    const text = [
      "[2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left'",
      "[2012-04-07 17:33:20.492 32AE9B90 error 'App'] Backtrace:",
      '[00] rip 17c6bbf3',
      '[01] rip 17afda0e',
      '[02] rip 17c51291',
      "[2012-04-07 17:33:21.000 32AE9B90 info 'App'] next",
    ].join('\n');
    const o = outline(text, formatById('esx-hostd-log'));
    assert.deepEqual(
      o.symbols.map((s) => [s.name, s.startLine, s.endLine, s.detail]),
      [['Backtrace', 1, 4, '3 frames']],
    );
    assert.ok(o.folds.some((f) => f.kind === 'continuation' && f.startLine === 1 && f.endLine === 4));
  });

  it('outlines the devices vobd observed, a VM log’s threads, vpxa’s operations and syslog.log’s programs', () => {
    const names = (fixture: string, id: string) => outline(readFixture('esx', fixture), formatById(id)).symbols.map((s) => s.name);
    assert.deepEqual(names('vobd-esxi67.log', 'esx-vobd-log'), ['naa.60060160a1b2c3d4e5f6a7b8c9d0e1f2', 'naa.60060160a1b2c3d4e5f6a7b8c9d0e1f3']);
    assert.deepEqual(names('vmware-esxi67.log', 'esx-vmware-log'), ['vmx', 'vcpu-0', 'worker-2100340', 'vcpu-1']);
    assert.deepEqual(names('vpxa-esxi67.log', 'esx-vpxa-log'), ['LRO lro-3411']);
    const lro = outline(readFixture('esx', 'vpxa-esxi67.log'), formatById('esx-vpxa-log')).symbols[0];
    assert.deepEqual([lro.kind, lro.startLine, lro.endLine], ['run', 0, 4]);
    assert.deepEqual(names('syslog-esxi67.log', 'esx-syslog-log').slice(0, 3), ['crond', 'sftp-server', 'backup.sh']);
  });

  it('folds the --> lines under an fdm record', () => {
    const o = outline(readFixture('esx', 'fdm-esxi67.log'), formatById('esx-fdm-log'));
    assert.ok(o.folds.some((f) => f.kind === 'continuation' && f.startLine === 5 && f.endLine === 8));
  });

  it('folds runs of three or more identical messages, not two', () => {
    const line = (s: number, msg: string) => `2015-05-05 12:10:${String(s).padStart(2, '0')}: 1: CMD: 6: ${msg}`;
    const text = [line(1, 'a'), line(2, 'same'), line(3, 'same'), line(4, 'same'), line(5, 'b'), line(6, 'twice'), line(7, 'twice'), line(8, 'c')].join('\n');
    const o = outline(text, formatById('vnx-server-log'));
    assert.deepEqual(
      o.folds.filter((f) => f.kind === 'repeat'),
      [{ startLine: 1, endLine: 3, kind: 'repeat' }],
    );
  });

  it('returns nothing for an unknown format or an empty text', () => {
    assert.deepEqual(outline('whatever\nlines', undefined), { symbols: [], folds: [] });
    assert.deepEqual(outline('', formatById('vnx-server-log')), { symbols: [], folds: [] });
  });
});
