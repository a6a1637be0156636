// Which families the correlation may scan: a worker keeps only the head of any other archive
// member, so every file a scan is asked of must be of a family said to be scannable.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePaths } from '../../../../server/src/engine';
import { familyMayBeScanned, scansMayWant } from '../../../../server/src/engine/correlate/needs';
import { FORMATS } from '../../../../server/src/engine/formats';
import { repoRoot } from '../../../helpers/paths';

describe('families the correlation may scan', () => {
  it('include the family of every file a scan is asked of (fixtures and examples)', async () => {
    const { files } = await analyzePaths([path.join(repoRoot, 'test', 'fixtures'), path.join(repoRoot, 'examples')]);
    const scanned = files.filter((f) => scansMayWant(f).length);
    assert.ok(scanned.length >= 4, `${scanned.length} files with scans`);
    for (const f of scanned) assert.ok(familyMayBeScanned(f.format), `${f.path} (${f.format}): ${scansMayWant(f).join(', ')}`);
  });

  it('leave out the families no relation reads', () => {
    const scannable = FORMATS.map((f) => f.id).filter(familyMayBeScanned);
    assert.deepEqual(scannable.sort(), ['netbackup-legacy-log', 'syslog', 'xenserver-daemon-log', 'xenserver-kern-log', 'xenserver-smlog', 'xenserver-vmss-log', 'xenserver-xensource-log']);
    assert.equal(familyMayBeScanned(null), false);
  });
});
