import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { VdfRecord } from '../../../../server/src/engine/formats/esxVdf';
import { readFixture } from '../../../helpers/paths';

const vdf = formatById('esx-vdf')!;
const parse = (line: string) => vdf.parse(line) as VdfRecord | undefined;
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

describe('esx-vdf', () => {
  it('reads each ramdisk row of the article with its use and severity', () => {
    const rows = lines(readFixture('esx', 'vdf.txt')).map(parse);
    const byName = new Map(rows.filter((r) => r?.kind === 'row').map((r) => [r!.component, r!]));
    const full = byName.get('hostdstats')!;
    assert.equal(full.usePercent, 100);
    assert.equal(full.level, 'error');
    assert.equal(full.size, '166M');
    assert.equal(full.available, '0B');
    assert.equal(full.mount, '--');
    assert.equal(byName.get('MAINSYS')!.level, 'info');
    assert.equal(byName.get('tmp')!.usePercent, 0);
  });

  it('gives the row as message and the name and Use% their ranges', () => {
    const line = 'hostdstats 166M 166M 0B 100% --';
    const r = parse(line)!;
    assert.equal(line.slice(...r.componentRange!), 'hostdstats');
    assert.equal(line.slice(...r.levelRange!), '100%');
    assert.deepEqual(r.messageRange, [0, line.length]);
  });

  it('warns from 90 % on', () => {
    assert.equal(parse('hostdstats                303M      281M       21M  93% --')!.level, 'warning');
    assert.equal(parse('hostdstats                303M      271M       32M  89% --')!.level, 'info');
  });

  it('reads the prompt, the headers, tardisk rows and datastore rows; the separator continues', () => {
    const kinds = lines(readFixture('esx', 'vdf.txt')).map((l) => parse(l)?.kind ?? '-');
    assert.deepEqual(kinds, ['command', 'header', 'row', 'row', '-', 'header', 'row', 'row', 'row', 'row']);
    const full = lines(readFixture('esx', 'vdf-full.txt')).map(parse);
    assert.equal(full[0]!.kind, 'header');
    assert.equal(full[0]!.component, 'Filesystem');
    assert.equal(full[1]!.component, 'VMFS-5');
    assert.equal(full[1]!.mount, '/vmfs/volumes/datastore1');
    assert.equal(full[9]!.level, 'warning');
  });

  it('does not read GNU or Linux df output', () => {
    for (const line of ['Filesystem      Size  Used Avail Use% Mounted on', '/dev/sda1        20G  5.0G   14G  27% /', 'tmpfs           3.9G     0  3.9G   0% /dev/shm']) {
      assert.equal(parse(line), undefined, line);
      assert.equal(vdf.recordStart.test(line), false, line);
    }
  });

  it('is detected by content and by name', () => {
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'vdf.txt'))?.format.id, 'esx-vdf');
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'vdf-full.txt'))?.format.id, 'esx-vdf');
    for (const name of ['vdf', 'vdf.txt', 'vdf_-h.txt', 'vdf-h.txt']) assert.equal(detectFormat(name, 'hostdstats 166M 166M 0B 100% --')?.byName, true, name);
    const df = 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        20G  5.0G   14G  27% /\ntmpfs           3.9G     0  3.9G   0% /dev/shm\n';
    assert.equal(detectFormat('df.txt', df), undefined);
  });
});
