import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, detectFormat, formatById } from '../../../../server/src/engine';
import type { VnxCommandRecord } from '../../../../server/src/engine/formats/vnxCommandOutput';
import { readFixture } from '../../../helpers/paths';

const vnx = formatById('vnx-server-log')!;
const parse = (line: string) => vnx.parse(line) as VnxCommandRecord | undefined;
const mixed = readFixture('vnx', 'article-000-with-commands.txt');

describe('vnx-server-log: command output beside the log', () => {
  it('reads the article’s server_param row with its columns', () => {
    const line = 'snapTimeout                         NDMP          5         30         30   ';
    const r = parse(line)!;
    assert.equal(r.kind, 'server_param');
    assert.equal(r.param, 'snapTimeout');
    assert.equal(line.slice(...r.paramRange!), 'snapTimeout');
    assert.equal(r.facility, 'NDMP');
    assert.equal(r.component, 'NDMP');
    assert.equal(r.defaultValue, '5');
    assert.equal(r.currentValue, '30');
    assert.equal(r.configuredValue, '30');
    assert.equal(r.time, undefined);
    assert.equal(r.level, undefined);
  });

  it('reads prompts with the command as component, and a row without a configured value', () => {
    const p = parse('# server_param server_2 -facility -all -list | grep -i snaptimeout')!;
    assert.equal(p.kind, 'command');
    assert.equal(p.component, 'server_param');
    assert.equal(parse('[nasadmin@vnx-cs0 ~]$ nas_fs -l')!.component, 'nas_fs');
    assert.equal(parse('#  server_pax server_2 -stats')!.component, 'server_pax');
    assert.equal(parse('bufsz                            NDMP            128         128')!.configuredValue, undefined);
  });

  it('reads server_pax -stats: titles, and each PAX thread as the thread', () => {
    const line = 'nass00 is not doing backup';
    const r = parse(line)!;
    assert.equal(r.kind, 'server_pax');
    assert.equal(r.thread, 'nass00');
    assert.equal(line.slice(...r.messageRange), 'is not doing backup');
    assert.equal(parse('nasw07 No session found')!.thread, 'nasw07');
    assert.equal(parse('**************  SUMMARY PAX STATS ****************')!.kind, 'server_pax');
    assert.equal(parse('----  NASA STATS ----')!.component, 'NASA STATS');
    assert.equal(parse('server_2 :')!.kind, 'server');
  });

  it('reads nas_fs -list rows with the file system name', () => {
    const line = '2         y    1   0     40        root_fs_common      1,2';
    const r = parse(line)!;
    assert.equal(r.kind, 'nas_fs');
    assert.equal(r.fileSystem, 'root_fs_common');
    assert.equal(line.slice(...r.fileSystemRange!), 'root_fs_common');
    assert.equal(parse('1         n    1   0     10        root_fs_1           ')!.fileSystem, 'root_fs_1');
    assert.equal(parse('id      inuse type acl   volume    name                server')!.kind, 'nas_fs');
  });

  it('leaves other shell lines and the log’s wrapped lines as continuations', () => {
    for (const line of ['# ls -al', '# cd /nas/quota/slot_2/.etc/backupSnapDB', 'total 96', 'maximum concurrent sessions allowed: 8.', '....']) {
      assert.equal(parse(line), undefined, line);
    }
  });

  it('keeps a file that mixes log and command output a vnx-server-log, by content alone', () => {
    const d = detectFormat('case-notes.txt', mixed);
    assert.equal(d?.format.id, 'vnx-server-log');
    assert.ok(d!.score > 0.9, String(d!.score));
  });

  it('still finds the log’s signatures in the mixed file', () => {
    const { format, findings } = analyzeText('case-notes.txt', mixed);
    assert.equal(format, 'vnx-server-log');
    assert.ok(findings.some((f) => f.rule === 'vnx/ckpt-timer-expired'));
  });

  it('claims neither an ESX file nor the negatives for VNX through the looser row shapes', () => {
    for (const name of ['article-001.messages', 'vmkernel-esx4.log', 'hostd-esx4.log', 'vdf.txt']) {
      assert.notEqual(detectFormat('x.txt', readFixture('esx', name))?.format.id, 'vnx-server-log', name);
    }
  });
});
