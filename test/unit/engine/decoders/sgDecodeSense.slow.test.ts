// Every ASC/ASCQ pair, 00h/00h to FFh/FFh, decoded by our table and by sg3_utils' sg_decode_sense
// (the Debian package sg3-utils; `npm test` installs it first): the same name for every pair the
// binary names, vendor specific where it says so, unassigned where it has no name.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { ascAscqInfo } from '../../../../server/src/engine/decoders/scsiTables';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

const BINARY = 'sg_decode_sense';

/** Its version line (`-V` prints it on stderr), or undefined when the binary is not installed. */
function binaryVersion(): string | undefined {
  const r = spawnSync(BINARY, ['-V'], { encoding: 'utf8' });
  if (r.error) return undefined;
  return `${r.stdout}${r.stderr}`.trim() || 'of unknown version';
}

type Reading = { kind: 'name'; name: string } | { kind: 'vendor' } | { kind: 'unassigned' };

/** What sg_decode_sense says of one pair, from its "Additional sense: …" or "ASC=…" line. */
function readLine(line: string): Reading | undefined {
  const named = /^Additional sense: (.+)$/.exec(line);
  if (named) return { kind: 'name', name: named[1] };
  if (/^vendor specific ASC=[0-9a-f]{2}, ASCQ=[0-9a-f]{2} \(hex\)$/.test(line)) return { kind: 'vendor' };
  if (/^ASC=[0-9a-f]{2}, vendor specific qualification ASCQ=[0-9a-f]{2} \(hex\)$/.test(line)) return { kind: 'vendor' };
  if (/^ASC=[0-9a-f]{2}, ASCQ=[0-9a-f]{2} \(hex\)$/.test(line)) return { kind: 'unassigned' };
  return undefined;
}

/**
 * The sense data that decodes several pairs in one sg_decode_sense run: descriptor-format sense whose
 * own ASC/ASCQ is the first pair, carrying the others as "forwarded sense data" descriptors (SPC-5),
 * which sg_decode_sense decodes in turn between `vvvv` and `^^^^` lines.
 */
function senseFor(pairs: readonly [number, number][]): string {
  const [outer, ...inner] = pairs;
  const descriptors = inner.flatMap(([asc, ascq]) => [0x0c, 10, 0x08, 0x00, 0x72, 0x00, asc, ascq, 0, 0, 0, 0]);
  const sense = [0x72, 0x00, outer[0], outer[1], 0, 0, 0, descriptors.length, ...descriptors];
  return sense.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * The readings of one run's output. Its output stops at about 2 KB, so a batch is small, and a pair
 * whose block was cut off is simply not returned (the caller asks again, one pair per run).
 */
function readBatch(pairs: readonly [number, number][], stdout: string, out: Map<number, Reading>): void {
  const [outer, ...inner] = pairs;
  const lines = stdout.split('\n');
  const first = readLine(lines[1] ?? '');
  if (first) out.set(outer[0] * 256 + outer[1], first);
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^ v{16}$/.test(lines[i])) continue;
    const closed = /^ \^{16}$/.test(lines[i + 3] ?? '');
    const reading = readLine(lines[i + 2] ?? '');
    if (closed && reading && next < inner.length) out.set(inner[next][0] * 256 + inner[next][1], reading);
    next++;
  }
}

const END = '@@end-of-run@@';

/** Runs the batches in a few shells, each starting sg_decode_sense once per batch (cheaper than a spawn from Node each). */
async function decodeAll(pairs: [number, number][], batchSize: number): Promise<Map<number, Reading>> {
  const batches: [number, number][][] = [];
  for (let i = 0; i < pairs.length; i += batchSize) batches.push(pairs.slice(i, i + batchSize));
  const shells = Math.max(1, Math.min(4, os.availableParallelism?.() ?? 2));
  const share = Math.ceil(batches.length / shells);
  const all = new Map<number, Reading>();
  await Promise.all(
    Array.from({ length: shells }, async (_, w) => {
      const mine = batches.slice(w * share, (w + 1) * share);
      if (!mine.length) return;
      const input = mine.map(senseFor).join('\n') + '\n';
      const { stdout } = await runShell(`while read -r sense; do ${BINARY} $sense; echo ${END}; done`, input);
      stdout.split(`${END}\n`).forEach((text, i) => i < mine.length && readBatch(mine[i], text, all));
    }),
  );
  return all;
}

function runShell(script: string, input: string): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout: Buffer.concat(chunks).toString('utf8') }) : reject(new Error(`sh exited with ${code}`))));
    child.stdin.end(input);
  });
}

/** Names compared without case and punctuation; numbers by value (`[0x5]` = `0x05`); "(obs)" = "(OBSOLETE)". */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/0x([0-9a-f]+)/g, (_m, hex: string) => String(parseInt(hex, 16)))
    .replace(/\bobsolete\b/g, 'obs')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

describe('ASC/ASCQ names against sg3_utils sg_decode_sense', () => {
  const version = binaryVersion();
  const skip = version ? false : `${BINARY} not found: install the Debian package sg3-utils (npm test does, through scripts/install-test-tools.sh)`;

  it('agrees on every pair 00h/00h-FFh/FFh', { skip, timeout: 15 * 60_000 }, async (t) => {
    const pairs: [number, number][] = [];
    for (let asc = 0; asc < 256; asc++) for (let ascq = 0; ascq < 256; ascq++) pairs.push([asc, ascq]);
    const sg = await decodeAll(pairs, 8);
    // pairs whose block was cut off by the output limit: one per process
    const rest = pairs.filter(([a, q]) => !sg.has(a * 256 + q));
    for (const [k, v] of await decodeAll(rest, 1)) sg.set(k, v);
    assert.equal(sg.size, 65536, `sg_decode_sense gave no reading for ${65536 - sg.size} pairs`);

    const later = new Set(loadTable<{ later: { asc: string; ascq: string }[] }>('scsi-asc-ascq').later.map((l) => parseInt(l.asc, 16) * 256 + parseInt(l.ascq, 16)));
    const mismatches: string[] = [];
    const newer: string[] = [];
    for (const [asc, ascq] of pairs) {
      const theirs = sg.get(asc * 256 + ascq)!;
      const ours = ascAscqInfo(asc, ascq);
      const where = `${hex(asc)}h/${hex(ascq)}h`;
      if (theirs.kind === 'name') {
        if (!ours.assigned || normalise(ours.name) !== normalise(theirs.name)) mismatches.push(`${where}: ours "${ours.name}", sg_decode_sense "${theirs.name}"`);
      } else if (theirs.kind === 'vendor') {
        if (!ours.vendorSpecific) mismatches.push(`${where}: ours "${ours.name}", sg_decode_sense: vendor specific`);
      } else if (ours.assigned && later.has(asc * 256 + ascq)) {
        newer.push(`${where} ${ours.name}`); // assigned after this sg3_utils release
      } else if (ours.assigned || ours.vendorSpecific) {
        mismatches.push(`${where}: ours "${ours.name}", sg_decode_sense: not assigned`);
      }
    }
    if (newer.length) t.diagnostic(`${BINARY} ${version} predates ${newer.length} assignments we carry: ${newer.join('; ')}`);
    assert.deepEqual(mismatches, [], `${mismatches.length} pairs differ from ${BINARY} ${version}:\n${mismatches.slice(0, 60).join('\n')}`);
  });
});
