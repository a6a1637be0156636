// Matched lines' records are parsed only when something reads them (analyze.ts SeenLine), and the
// VMSS correlator reads its run's pid off the text instead of the record: both must give what the
// eager parse gave.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, LogScanner } from '../../../../server/src/engine/analyze';
import type { MatchedLines } from '../../../../server/src/engine/analyze';
import type { LogFormat } from '../../../../server/src/engine/formats/logFormat';
import { xenserverVmss } from '../../../../server/src/engine/formats/xenserverVmss';
import { vmssPidOf } from '../../../../server/src/engine/rules/correlators/vmssRunOverrun';
import { prng } from '../../../helpers/prng';

const POLICY = '7b10ea29-ab0c-af14-a116-ae293560f404';

/** VMSSlog-like lines, mostly well formed, with brackets and digits where they could confuse a pid search. */
function randomVmssLine(random: () => number): string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
  let line = pick(['May 21 10:15:01 ', 'May  1 10:15:01 ', 'Dec 31 23:59:59 ', 'Foo 1 10:15:01 ', '', '[12] May 21 10:15:01 ']);
  line += pick(['xrtuk-09-11 ', 'host ', '', 'h[1] ', 'a:b ']);
  line += pick(['VMSS: ', 'VMSS:', 'VMSS[77]: ', 'SM: ', 'VMSSx: ', '']);
  line += pick(['[10123] ', '[10123]', '[1]', '[] ', '[x] ', '[12345678901234567890123] ', '[1234567890123456789012] ', '', '[', '[[42] ']);
  const n = Math.floor(random() * 4);
  for (let i = 0; i < n; i++) line += pick(['Processing policy: ' + POLICY, '===Kicking cron job for VMSS===', '[99]', '[', ']', '[7', 'x', ' ', '[0]']);
  return line;
}

/** The pid as the correlator took it before: the record's thread, else the first "[digits]". */
function oldPid(line: string): string {
  return xenserverVmss.parse(line, { year: 2017 })?.thread ?? /\[(\d+)\]/.exec(line)?.[1] ?? '';
}

describe('VMSS run pid read off the text', () => {
  it('is the thread the family parses, else the first bracketed number, on random lines', () => {
    const random = prng(23);
    let threads = 0;
    for (let i = 0; i < 40000; i++) {
      const line = randomVmssLine(random);
      assert.equal(vmssPidOf(line), oldPid(line), JSON.stringify(line));
      if (xenserverVmss.parse(line, { year: 2017 })?.thread !== undefined) threads++;
    }
    assert.ok(threads > 500, `only ${threads} lines with a thread: the generator does not exercise the parse`);
  });
});

/** A VMSSlog with overlapping runs, long runs and failures, so that both the correlator and plain rules report. */
function vmssLog(random: () => number, lines: number): string {
  const out: string[] = [];
  let minute = 0;
  for (let i = 0; i < lines; i++) {
    if (random() < 0.05) minute++;
    const stamp = `May 21 ${String(10 + (Math.floor(minute / 60) % 10)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:01`;
    const pid = 10000 + Math.floor(random() * 4);
    // mostly policies opened and closed, which the correlator watches without reporting
    const r = random();
    const message =
      r < 0.03
        ? '===Kicking cron job for VMSS==='
        : r < 0.06
          ? `snapshot start time: 2017-05-21 10:15:01.899450, end time: 2017-05-21 10:${random() < 0.5 ? '38' : '18'}:03.363721, Last expected run time: 2017-05-21 10:15:00`
          : r < 0.08
            ? 'RETURN in create_structured_alert: <XCData><message>VMSS_SNAPSHOT_MISSED_EVENT</message></XCData>'
            : r < 0.1
              ? 'VMSS_SNAPSHOT_FAILED: could not snapshot'
              : r < 0.2
                ? 'Logged in to XAPI session OpaqueRef:1234'
                : `${random() < 0.5 ? 'Processing' : 'Completed processing'} policy: ${POLICY}`;
    out.push(`${stamp} xrtuk-09-11 VMSS: [${pid}] ${message}`);
  }
  return out.join('\n') + '\n';
}

describe('records of matched lines parsed lazily', () => {
  it('parses only the lines whose record is read, and the collected records are the eager ones', () => {
    const text = vmssLog(prng(5), 4000);
    let parses = 0;
    const counting: LogFormat = { ...xenserverVmss, parse: (line, context) => (parses++, xenserverVmss.parse(line, context)) };
    // every occurrence as its own finding: the test counts the lines whose record was read
    const scanner = new LogScanner(counting, { aggregateRepeats: false }, 'VMSSlog');
    scanner.push(text);
    const { findings } = scanner.end();
    const correlated = findings.filter((f) => f.rule === 'vmss/run-overrun').length;
    const plain = findings.length - correlated;
    assert.ok(correlated > 10 && plain > 10, `${correlated} correlated and ${plain} plain findings: the log does not exercise both`);
    // the watched lines that report nothing are not parsed; a few lines go to the time range
    const watched = text.split('\n').filter((l) => /Kicking cron|policy:|snapshot start time/.test(l)).length;
    const reported = new Set(findings.map((f) => f.span.line)).size;
    assert.ok(watched - reported > 2000, `${watched} watched lines, ${reported} with findings: the log does not exercise the lazy parse`);
    assert.ok(parses <= reported + 100, `${parses} parses for ${reported} lines with findings (of ${watched} watched)`);

    // lines kept for a replay are kept by number: collecting them parses nothing more
    const collected: MatchedLines = [];
    parses = 0;
    const collecting = new LogScanner(counting, { aggregateRepeats: false }, 'VMSSlog');
    collecting.collect = collected;
    collecting.push(text);
    collecting.end();
    assert.ok(parses <= reported + 100, `${parses} parses while collecting ${collected.length} lines`);
    const collectedSet = new Set(collected);
    assert.ok(
      findings.every((f) => collectedSet.has(f.span.line)),
      'every line with a finding is collected',
    );
    assert.ok(collected.length > 3000, `${collected.length} collected of ${watched} watched lines`);
    assert.ok(
      collected.every((n, i) => i === 0 || n > collected[i - 1]),
      'collected in line order, each once',
    );
  });

  it('gives the same findings from a scan, a collecting scan and a replay', () => {
    const text = vmssLog(prng(9), 3000);
    const scanned = analyzeText('VMSSlog', text, {});
    const collected: MatchedLines = [];
    const collecting = analyzeText('VMSSlog', text, {}, collected);
    assert.deepEqual(collecting.findings, scanned.findings);
    // the matched lines read again, in pieces of a few lines each (as an editor's document gives them)
    const lines = text.split('\n');
    const pieces = [];
    for (let i = 0; i < collected.length; i += 7) {
      const lineNos = collected.slice(i, i + 7);
      pieces.push({ text: lineNos.map((n) => lines[n] + '\n').join(''), lineNos });
    }
    const replayed = new LogScanner(xenserverVmss, {}, 'VMSSlog').replay(pieces, scanned.lines);
    assert.deepEqual(replayed.findings, scanned.findings);
    const overruns = scanned.findings.filter((f) => f.rule === 'vmss/run-overrun');
    assert.ok(overruns.some((f) => f.message.includes(' took ')) && overruns.some((f) => f.message.includes('overlap')), 'both overrun templates reported');
  });
});
