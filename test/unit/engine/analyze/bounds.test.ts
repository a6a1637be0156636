// Issue 15, small: the inputs that once made the analyzer's findings, related lists or correlator
// state grow with the log. Each is analyzed at a small size and the results must stay bounded
// (findings, related evidence) while the counts still add up to every occurrence. No timing here:
// `npm run bench` runs the same cases at full size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../../server/src/engine';
import { analyzeText } from '../../../../server/src/engine';
import { FULL_REPEATS, MAX_RELATED, MAX_SUBJECTS_PER_RULE } from '../../../../server/src/engine/rules/repeats';
import { BoundedMap } from '../../../../server/src/engine/rules/correlators/correlator';
import { everyLineAFindingLog, manyRefusalStormsLog, nbuStatus25Log, ramdiskStormLog, refusalStormThenCrowdLog, vmssOpenRunsLog } from '../../../../scripts/bench/adversarial';

const NBU = '/b/netbackup/logs/bpbrm/log.050514';
const total = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule).reduce((n, f) => n + f.count, 0);
const mostRelated = (findings: Finding[]) => Math.max(0, ...findings.map((f) => f.related.length));

describe('repeats are findings with a count', () => {
  it('status 25 ×300 on one thread: a handful of findings, every occurrence counted, related evidence capped', () => {
    const a = analyzeText(NBU, nbuStatus25Log(300));
    const all = analyzeText(NBU, nbuStatus25Log(300), { aggregateRepeats: false });
    assert.equal(all.findings.filter((f) => f.rule === 'nbu/status-25').length, 600);
    assert.ok(a.findings.length <= 4 * (FULL_REPEATS + 1), `${a.findings.length} findings`);
    for (const rule of ['nbu/status-25', 'nbu/pbx-connect-delay', 'nbu/pbx-not-running']) {
      assert.equal(total(a.findings, rule), all.findings.filter((f) => f.rule === rule).length, rule);
    }
    // every status 25 of the unaggregated run used to list every earlier delay of the thread
    assert.ok(mostRelated(all.findings) <= MAX_RELATED + 1, `${mostRelated(all.findings)} related`);
    assert.ok(mostRelated(a.findings) <= MAX_RELATED + 4, `${mostRelated(a.findings)} related`);
    const last = all.findings.filter((f) => f.rule === 'nbu/status-25').at(-1)!;
    assert.match(last.related.at(-1)!.message, /^and \d+ more/);
    const counted = a.findings.find((f) => f.rule === 'nbu/status-25' && f.count > 1)!;
    assert.equal(counted.count, 600 - FULL_REPEATS);
    assert.equal(counted.lastLine, 300 * 11 - 2);
    assert.match(counted.message, /repeated 597 times from line \d+ to line 3299/);
    assert.ok(counted.related.some((r) => r.message.startsWith('repeat at line')));
  });

  it('one occurrence after those reported apart says "once more", not "repeated 1 times from line N to line N"', () => {
    const line = (n: number) => `2024-05-01T10:00:0${n}.000Z cpu1:2097)WARNING: Heap: 3058: Heap netGPHeap already at its maximumSize. Cannot expand.`;
    const a = analyzeText('/b/vmkernel.log', Array.from({ length: FULL_REPEATS + 1 }, (_, i) => line(i)).join('\n'));
    const counted = a.findings.filter((f) => f.rule === 'esx/heap-exhausted').at(-1)!;
    assert.equal(counted.count, 1);
    assert.match(counted.message, new RegExp(`\\[once more, at line ${FULL_REPEATS + 1}, after the first ${FULL_REPEATS} reported apart\\]$`));
  });

  it('a single finding has count 1 and its own line as lastLine', () => {
    const a = analyzeText(NBU, nbuStatus25Log(1));
    assert.ok(a.findings.length > 0);
    for (const f of a.findings) assert.deepEqual([f.count, f.lastLine], [1, f.endLine]);
  });

  it('a ramdisk storm of 20,000 lines: findings bounded by distinct messages, counts add up', () => {
    const text = [...ramdiskStormLog(20_000)].join('');
    const a = analyzeText('/b/vmkernel.log', text);
    assert.equal(total(a.findings, 'esx/ramdisk-full'), 20_000);
    assert.ok(a.findings.length <= 97 * (FULL_REPEATS + 1), `${a.findings.length} findings`);
  });

  it('every line a finding on its own subject: at most MAX_SUBJECTS_PER_RULE + a few per rule', () => {
    const text = everyLineAFindingLog(800_000);
    const a = analyzeText('/b/vmkernel.log', text);
    const lines = text.split('\n').length - 1;
    assert.equal(total(a.findings, 'esx/scsi-check-condition'), lines);
    assert.ok(a.findings.length <= MAX_SUBJECTS_PER_RULE + FULL_REPEATS + 1, `${a.findings.length} findings`);
  });
});

describe('correlator state is bounded and eviction loses no finding', () => {
  it('a storm followed by 5,000 threads with one refusal each is still reported', () => {
    const a = analyzeText('/b/netbackup/logs/bpcd/log.050514', refusalStormThenCrowdLog(5, 5000));
    const storms = a.findings.filter((f) => f.rule === 'nbu/connect-refused-storm');
    assert.equal(storms.length, 1);
    assert.match(storms[0].message, /^5 connection attempts refused .* thread 1\.1 within 8 s, retrying after 2, 2, 2, 2 s:/);
    assert.ok(!a.findings.some((f) => / none s/.test(f.message)));
  });

  it('6,000 storms on 6,000 threads (more than the tracker holds): all 6,000 counted', () => {
    const a = analyzeText('/b/netbackup/logs/bpcd/log.050514', [...manyRefusalStormsLog(6000)].join(''));
    assert.equal(total(a.findings, 'nbu/connect-refused-storm'), 6000);
    assert.ok(a.findings.length <= MAX_SUBJECTS_PER_RULE + FULL_REPEATS + 1);
    assert.ok(!a.findings.some((f) => /none s/.test(f.message)), 'a storm without a back-off says so in words');
    assert.match(a.findings[0].message, /retrying at once/);
  });

  it('VMSS runs that never finish: each reported once as unfinished, a kick names the runs it found open in one finding', () => {
    const text = [...vmssOpenRunsLog(600_000)].join('');
    const a = analyzeText('/b/VMSSlog', text);
    const all = analyzeText('/b/VMSSlog', text, { aggregateRepeats: false });
    const runs = (text.match(/Processing policy/g) ?? []).length;
    const unfinished = all.findings.filter((f) => /never reported completing/.test(f.message));
    const overlaps = all.findings.filter((f) => /started while/.test(f.message));
    // every run but the last few (still within the stale window at the end) is reported unfinished, once
    assert.ok(unfinished.length >= runs - 5 && unfinished.length <= runs, `${unfinished.length} of ${runs}`);
    assert.equal(new Set(unfinished.map((f) => f.span.line)).size, unfinished.length);
    // one overlap finding per kick at most, each run named by one kick
    const kicks = (text.match(/Kicking cron job/g) ?? []).length;
    assert.ok(overlaps.length <= kicks, `${overlaps.length} overlaps for ${kicks} kicks`);
    assert.ok(mostRelated(all.findings) <= MAX_RELATED + 1);
    assert.ok(a.findings.length <= 2 * (MAX_SUBJECTS_PER_RULE + FULL_REPEATS + 1));
  });

  it('a kick that finds three runs open gives one finding naming the three', () => {
    const kick = (pid: number, t: string) => `May 21 10:${t} xrtuk VMSS: [${pid}] ===Kicking cron job for VMSS===`;
    const open = (pid: number, t: string, n: number) => `May 21 10:${t} xrtuk VMSS: [${pid}] Processing policy: 7b10ea29-ab0c-af14-a116-ae29356${String(n).padStart(5, '0')}`;
    const text = [kick(1, '00:01'), open(11, '00:02', 1), open(12, '00:03', 2), open(13, '00:04', 3), kick(2, '15:01'), ''].join('\n');
    const overlaps = analyzeText('/b/VMSSlog', text).findings.filter((f) => f.rule === 'vmss/run-overrun');
    assert.equal(overlaps.length, 1);
    assert.match(overlaps[0].message, /while 3 earlier runs were still processing a policy \(\[11\], \[12\], \[13\]; the oldest since line 2\)/);
    assert.equal(overlaps[0].related.length, 3);
  });

  it('BoundedMap hands what it forgets to its eviction callback', () => {
    const evicted: [string, number][] = [];
    const m = new BoundedMap<string, number>(2, (k, v) => evicted.push([k, v]));
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3); // refreshed, not evicted
    m.set('c', 4);
    assert.deepEqual(evicted, [['b', 2]]);
    assert.deepEqual([...m.keys()], ['a', 'c']);
  });
});
