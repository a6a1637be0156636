// The merged timeline over a compressed archive walks it once: the analysis (findings, the
// correlation across members) and the merge both read the text one walk spilled, and the analysis
// from the spill is the analysis of the archive read directly.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { CorrelationResult } from '../../../server/src/engine';
import { analyzePaths } from '../../../server/src/engine';
import { liveTempDirs } from '../../../server/src/engine/io/tempDir';
import { ArchiveSpill } from '../../../server/src/engine/timeline/archiveSpill';
import { buildTimeline } from '../../../server/src/features/timeline';
import type { TarItem } from '../../helpers/archives';
import { countReads, tgzBytes } from '../../helpers/archives';
import { fixture } from '../../helpers/paths';

let dir: string;
let archive: string;

/** The fixtures' logs of two NetBackup hosts and a failed VMSS run as members (SMlog gzipped inside), with a member cut short. */
function members(): TarItem[] {
  const items: TarItem[] = [];
  for (const bundle of ['nbu-two-hosts', 'vmss-failed-run']) {
    const root = fixture('timeline', bundle);
    for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      const name = `bundle/${bundle}/${path.relative(root, file)}`;
      const data = fs.readFileSync(file);
      items.push(e.name === 'SMlog' ? { name: `${name}.gz`, data: zlib.gzipSync(data) } : { name, data, mtime: new Date('2017-06-01T00:00:00Z') });
    }
  }
  const gz = zlib.gzipSync(fs.readFileSync(fixture('timeline', 'vmss-failed-run', 'xensource.log')));
  items.push({ name: 'bundle/cut/xensource.log.1.gz', data: gz.subarray(0, gz.length - 40) });
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-timeline-archive-'));
  archive = path.join(dir, 'bundle.tgz');
  fs.writeFileSync(archive, await tgzBytes(members()));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('merged timeline over an archive', () => {
  it('walks the archive once for the analysis, the correlation and the merge', async () => {
    const counted = await countReads(archive, () => buildTimeline({ uri: 'logtriage-timeline:/t', paths: [archive] }, {}));
    assert.equal(counted.reads, 1, 'one streamed read of the archive');
    const { result } = counted.result;
    assert.ok(result.links > 0, 'findings related across members');
    assert.ok(result.files.length >= 7);
    assert.deepEqual(liveTempDirs(), [], 'the spill is removed');
  });

  it('analyses members from the spill as from the archive: findings, warnings, relations, bundle', async () => {
    let direct: CorrelationResult | undefined;
    let spilled: CorrelationResult | undefined;
    const fromArchive = await analyzePaths([archive], {}, { onCorrelated: (r) => void (direct = r) });
    const spill = new ArchiveSpill();
    try {
      const fromSpill = await analyzePaths([archive], { spill }, { onCorrelated: (r) => void (spilled = r) });
      assert.deepEqual(fromSpill, fromArchive);
      assert.deepEqual(spilled?.links, direct?.links);
      assert.deepEqual(spilled?.hints, direct?.hints);
      assert.ok(
        fromArchive.files.some((f) => f.warnings.some((w) => /truncated|unexpected end/i.test(w))),
        'the cut member says so',
      );
    } finally {
      await spill.remove();
    }
  });
});
