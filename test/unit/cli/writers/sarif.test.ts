// The SARIF writer on archive members (`bundle.tgz!/var/log/vmkernel.log`, nested archives): each
// archive and member an artifact, a member's URI relative to its archive through parentIndex.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { SarifWriter } from '../../../../server/src/cli/writers/sarif';
import { Tally } from '../../../../server/src/cli/writers/writer';
import type { FileOutcome, Finding } from '../../../../server/src/engine';
import { builtInRules } from '../../../../server/src/engine';
import { BufferedOutput } from '../../../../server/src/engine/io/bufferedOutput';
import { sarifValidator } from '../../../helpers/sarif';

function finding(line: number, related: Finding['related'] = []): Finding {
  return { rule: 'esx/ramdisk-full', severity: 'error', span: { line, start: 4, end: 30 }, endLine: line, count: 1, lastLine: line, message: 'ramdisk full', fix: 'free it', related };
}

async function write(outcomes: FileOutcome[]): Promise<Sarif.Log> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const out = new BufferedOutput(stream);
  const rules = builtInRules();
  const writer = new SarifWriter(out, rules, new Map(rules.map((r) => [r.id, 'built-in'])), '9.9.9');
  const tally = new Tally();
  for (const o of outcomes) {
    tally.add(o);
    await writer.file(o);
  }
  await writer.correlated({ links: [], hints: [], changed: [] }, []);
  await writer.end(tally);
  await out.flush();
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Sarif.Log;
}

const analysis = (path: string, findings: Finding[]): FileOutcome => ({ analysis: { path, format: 'esx-vmkernel-log', findings, lines: 100, warnings: [] } });

describe('SARIF writer: archive members', () => {
  it('nests members under their archive, and shares the archive between members', async () => {
    const log = await write([
      analysis('/cases/42/bundle.tgz!/var/log/vmkernel.log', [finding(9, [{ span: { line: 3, start: 0, end: 10 }, path: '/cases/42/bundle.tgz!/var/log/hostd.log', message: 'the hostd side' }])]),
      analysis('case/outer.tgz!/inner.zip!/esx 1/vmkernel.log', [finding(0)]),
    ]);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const [run] = log.runs;
    assert.equal(run.tool.driver.version, '9.9.9');
    assert.deepEqual(run.artifacts, [
      { location: { uri: 'file:///cases/42/bundle.tgz' } },
      { location: { uri: 'var/log/vmkernel.log' }, parentIndex: 0 },
      { location: { uri: 'var/log/hostd.log' }, parentIndex: 0 },
      { location: { uri: 'case/outer.tgz', uriBaseId: 'SRCROOT' } },
      { location: { uri: 'inner.zip' }, parentIndex: 3 },
      { location: { uri: 'esx%201/vmkernel.log' }, parentIndex: 4 },
    ]);
    const [first, second] = run.results!;
    assert.deepEqual(first.locations![0].physicalLocation!.artifactLocation, { uri: 'var/log/vmkernel.log', index: 1 });
    assert.deepEqual(first.locations![0].physicalLocation!.region, { startLine: 10, startColumn: 5, endLine: 10, endColumn: 31 });
    assert.deepEqual(first.relatedLocations![0].physicalLocation!.artifactLocation, { uri: 'var/log/hostd.log', index: 2 });
    assert.deepEqual(second.locations![0].physicalLocation!.artifactLocation, { uri: 'esx%201/vmkernel.log', index: 5 });
  });

  it('a plain path whose folder ends in ! is not an archive', async () => {
    const log = await write([analysis('odd!/vmkernel.log', [finding(1)])]);
    assert.equal(log.runs[0].artifacts, undefined);
    assert.deepEqual(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation, { uri: 'odd!/vmkernel.log', uriBaseId: 'SRCROOT' });
  });
});
