// The hand-written parsers that replaced RegExps on the hot path (syslog prefix, bracketed pid,
// VMSS stamps, the correlators' bounded maps) must give exactly what the RegExp versions gave:
// each is compared here with a copy of the old code on random lines built from log-like pieces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogRecord } from '../../../../server/src/engine';
import { parseBracketPidRecord, parseSyslogPrefix, parseSyslogStamp, SYSLOG_STAMP_SOURCE } from '../../../../server/src/engine/formats/syslogPrefix';
import type { SyslogPrefix } from '../../../../server/src/engine/formats/syslogPrefix';
import type { ParseContext } from '../../../../server/src/engine/formats/logFormat';
import { xenserverVmss } from '../../../../server/src/engine/formats/xenserverVmss';
import { esxVmkernelLog } from '../../../../server/src/engine/formats/esxVmkernelLog';
import { xenserverSmlog } from '../../../../server/src/engine/formats/xenserverSmlog';
import { netbackupLegacy, netbackupLevel } from '../../../../server/src/engine/formats/netbackupLegacy';
import { BoundedMap } from '../../../../server/src/engine/rules/correlators/correlator';
import { parseStamp } from '../../../../server/src/engine/rules/correlators/vmssRunOverrun';
import { MODULE_BASE64, moduleBytes } from '../../../../server/src/engine/rules/literalFinder';
import { hasCostlyPrefix, requiredLiterals } from '../../../../server/src/engine/rules/requiredLiterals';
import { prng } from '../../../helpers/prng';

// ------------------------------------------------------------------ the RegExp versions, as they were
const PREFIX = new RegExp(`^(${SYSLOG_STAMP_SOURCE}) (?:([^\\s:\\[]+) )?([^\\s:\\[]+)(?:\\[(\\d+)\\])?: ?`);
const STAMP_ONLY = new RegExp(`^(${SYSLOG_STAMP_SOURCE}) (?:([^\\s:\\[]+) )?`);

function oldPrefix(line: string, context?: ParseContext): SyslogPrefix | undefined {
  const m = PREFIX.exec(line);
  if (m) {
    const stampEnd = m[1].length;
    const host = m[2];
    const programStart = stampEnd + 1 + (host ? host.length + 1 : 0);
    return {
      time: parseSyslogStamp(m[1], context),
      stampEnd,
      host,
      program: m[3],
      programStart,
      pid: m[4],
      pidStart: programStart + m[3].length + 1,
      messageStart: m[0].length,
    };
  }
  const s = STAMP_ONLY.exec(line);
  if (!s) return undefined;
  return { time: parseSyslogStamp(s[1], context), stampEnd: s[1].length, host: s[2], programStart: s[0].length, pidStart: s[0].length, messageStart: s[0].length };
}

function oldBracketPid(line: string, context?: ParseContext): { record: LogRecord; messageStart: number } | undefined {
  const p = oldPrefix(line, context);
  if (!p?.program) return undefined;
  let messageStart = p.messageStart;
  const record: LogRecord = {
    time: p.time,
    timeZone: 'local',
    component: p.program,
    timeRange: [0, p.stampEnd],
    componentRange: [p.programStart, p.programStart + p.program.length],
    messageRange: [messageStart, line.length],
  };
  const pid = /^\[(\d+)\] ?/.exec(line.slice(messageStart, messageStart + 24));
  if (pid) {
    record.thread = pid[1];
    record.threadRange = [messageStart + 1, messageStart + 1 + pid[1].length];
    messageStart += pid[0].length;
    record.messageRange = [messageStart, line.length];
  }
  return { record, messageStart };
}

const VMSS_RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?VMSS: `);
const SM_RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?SM(?:GC)?: `);

function oldStamp(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s.replace(' ', 'T') + 'Z');
  return Number.isNaN(t) ? undefined : t;
}

// ------------------------------------------------------------------ random lines
const PIECES = [
  'Jan',
  'Feb',
  'May',
  'Dec',
  'Foo',
  ' ',
  ' ',
  ' ',
  '  ',
  '1',
  '21',
  '01',
  '9',
  '10:15:01',
  '00:00:00',
  '23:59:60',
  '1:2:3',
  ':',
  'xrtuk-09-11',
  'host',
  'VMSS',
  'SM',
  'SMGC',
  'sshd(pam_unix)',
  'CROND',
  'VMSS:',
  'SM:',
  '[',
  ']',
  '[10123]',
  '[1]',
  '[]',
  '[x]',
  '[123456789012345678901234567]',
  ': ',
  '\t',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u3000',
  'é',
  'Ċ',
  'message',
  'Processing policy',
  '<messagetype>error</messagetype>',
  'VMSS_SNAPSHOT_FAILED',
];

function randomLine(random: () => number): string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
  const maybe = (p: number, s: string) => (random() < p ? s : '');
  const months = ['Jan', 'May', 'Dec', 'Sep'];
  let line = '';
  // mostly well-formed stamps and tags, so that every part after them gets exercised
  if (random() < 0.85) {
    const day = random() < 0.9 ? pick([' 1', '1', '21', '01', '9']) : pick(['  1', '1 ', 'x1', '']);
    line = `${pick(months)} ${day} ${random() < 0.9 ? pick(['10:15:01', '00:00:00', '23:59:59']) : pick(['1:15:01', '10:15:0x', '10:15:011'])}`;
    line += pick([' ', ' ', ' ', ' ', '  ', '\t', '']);
    line += maybe(0.6, pick(['xrtuk-09-11', 'host', 'VMSS', 'SM', 'h\u00a0x', 'a:b', 'a[b']) + pick([' ', ' ', ' ', '  ', '\u2028', '']));
    line += maybe(0.9, pick(['VMSS', 'SM', 'SMGC', 'sshd(pam_unix)', 'CROND', 'VMSSx', 'é', '']));
    line += maybe(0.3, pick(['[10123]', '[1]', '[]', '[x]', '[12', '[123456789012345678901234567]']));
    line += maybe(0.9, pick([': ', ':', ':  ', ' :']));
    line += maybe(0.6, pick(['[10123] ', '[10123]', '[1]x', '[] ', '[123456789012345678901234567] ', '[12345678901234567890123] ', '[1234567890123456789012] ', '[x] ']));
  }
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) line += pick(PIECES) + maybe(0.4, ' ');
  if (random() < 0.1) line = line.slice(0, Math.floor(random() * line.length));
  return line;
}

/** Makes the next stamp a new one for parseSyslogStamp's one-entry memory. */
function forgetStamp(): void {
  parseSyslogStamp('Jan  1 00:00:00', { year: 1999 });
}

describe('syslog prefix parsed by hand', () => {
  it('gives what the RegExp version gave, on random lines', () => {
    const random = prng(7);
    const contexts: (ParseContext | undefined)[] = [undefined, { year: 2017 }, { year: 2016 }];
    let parsed = 0;
    for (let i = 0; i < 40000; i++) {
      const line = randomLine(random);
      const context = contexts[i % 3];
      // each side reads the stamp afresh (the last stamp read is shared by both)
      const want = (forgetStamp(), oldPrefix(line, context));
      assert.deepEqual((forgetStamp(), parseSyslogPrefix(line, context)), want, JSON.stringify(line));
      // and from the kept stamp, when the line before had the same one
      assert.deepEqual(parseSyslogPrefix(line, context), want, JSON.stringify(line));
      assert.deepEqual((forgetStamp(), parseBracketPidRecord(line, context)), (forgetStamp(), oldBracketPid(line, context)), JSON.stringify(line));
      if (want?.program) parsed++;
    }
    assert.ok(parsed > 4000, `only ${parsed} lines had a tag: the generator does not exercise the parser`);
  });

  it('checks the VMSS and SM tags as the families record RegExps did', () => {
    const random = prng(11);
    let vmss = 0;
    for (let i = 0; i < 40000; i++) {
      const line = randomLine(random);
      const record = VMSS_RECORD.test(line) ? oldBracketPid(line, { year: 2017 })?.record : undefined;
      const got = xenserverVmss.parse(line, { year: 2017 });
      // the level comes on top of the shared record
      if (got) delete got.level;
      assert.deepEqual(got, record, JSON.stringify(line));
      if (record) vmss++;
      const sm = /^\[(\d+)\] \d{4}-/.test(line) || !SM_RECORD.test(line) ? undefined : oldBracketPid(line, { year: 2017 })?.record;
      const gotSm = /^\[(\d+)\] \d{4}-/.test(line) ? undefined : xenserverSmlog.parse(line, { year: 2017 });
      if (gotSm) delete gotSm.level;
      assert.deepEqual(gotSm, sm, JSON.stringify(line));
    }
    assert.ok(vmss > 200, `only ${vmss} VMSS records: the generator does not exercise the tag check`);
  });
});

describe('syslog stamps read off the line', () => {
  // every month and every day two digits can write (the time is summed in doubles past day 25),
  // in each padding, with and without a year: the same time as parseSyslogStamp reads from the stamp
  it('gives what parseSyslogStamp gives, for every month, day and padding', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    let checked = 0;
    for (const context of [undefined, { year: 2017 }, { year: 2016 }, { year: 275760 }]) {
      for (const month of months) {
        for (let day = 0; day < 100; day++) {
          const days = day < 10 ? [` ${day}`, `${day}`, `0${day}`] : [`${day}`];
          for (const d of days) {
            for (const time of ['00:00:00', '12:34:56', '23:59:59', '99:99:99']) {
              const stamp = `${month} ${d} ${time}`;
              const line = `${stamp} host VMSS: [42] message`;
              const want = (forgetStamp(), parseSyslogStamp(stamp, context));
              assert.equal(parseSyslogPrefix(line, context)?.time, want, `${line} ${JSON.stringify(context)}`);
              assert.equal(parseBracketPidRecord(line, context, ['VMSS'])?.record.time, want, `${line} ${JSON.stringify(context)}`);
              checked++;
            }
          }
        }
      }
    }
    assert.ok(checked > 10000);
  });
});

describe('VMSS run stamps read by hand', () => {
  it('gives what Date.parse gave', () => {
    const random = prng(3);
    const two = () => String(Math.floor(random() * 100)).padStart(2, '0');
    const cases = [
      '2017-05-21 00:00:02.404342',
      '2017-05-21 00:00:02',
      '2017-05-21 00:00:02.4',
      '2017-05-21 00:00:02.45',
      '2017-05-21 00:00:02.',
      '2017-02-31 00:00:00',
      '2017-01-01 24:00:00',
      '0999-01-01 00:00:00',
      '2017-05-21T00:00:02',
      '',
      undefined,
    ];
    for (let i = 0; i < 20000; i++) {
      const frac = random() < 0.5 ? '' : '.' + String(Math.floor(random() * 1e9)).slice(0, 1 + Math.floor(random() * 9));
      cases.push(`${random() < 0.9 ? '2017' : String(Math.floor(random() * 10000)).padStart(4, '0')}-${two()}-${two()} ${two()}:${two()}:${two()}${frac}`);
    }
    for (const s of cases) assert.equal(parseStamp(s), oldStamp(s), String(s));
  });

  it('gives what Date.parse gave along a run of stamps (the day kept from one stamp to the next)', () => {
    const random = prng(13);
    const two = (n: number) => String(n).padStart(2, '0');
    let day = 0;
    for (let i = 0; i < 20000; i++) {
      // mostly the same day as the stamp before, now and then another (month ends and leap days included)
      if (random() < 0.05) day = Math.floor(random() * 4 * 12 * 31);
      const year = 2015 + Math.floor(day / (12 * 31));
      const month = 1 + (Math.floor(day / 31) % 12);
      const s = `${year}-${two(month)}-${two(1 + (day % 31))} ${two(Math.floor(random() * 24))}:${two(Math.floor(random() * 60))}:${two(Math.floor(random() * 60))}.${Math.floor(random() * 1e6)}`;
      assert.equal(parseStamp(s), oldStamp(s), s);
    }
  });
});

describe('BoundedMap', () => {
  it('forgets the least recently set key, as a fresh keys() walk did', () => {
    const random = prng(5);
    for (const limit of [0, 1, 3, 64]) {
      const map = new BoundedMap<number, number>(limit);
      const model: number[] = []; // keys, least recently set first
      for (let i = 0; i < 20000; i++) {
        const key = Math.floor(random() * limit * 3 + 1);
        const op = random();
        if (op < 0.6) {
          map.set(key, i);
          const at = model.indexOf(key);
          if (at >= 0) model.splice(at, 1);
          else if (model.length >= limit) model.shift();
          model.push(key);
        } else if (op < 0.95) {
          map.delete(key);
          const at = model.indexOf(key);
          if (at >= 0) model.splice(at, 1);
        } else if (op < 0.96) {
          map.clear();
          model.length = 0;
        }
        assert.deepEqual([...map.keys()], model);
      }
    }
  });
});

describe('start-up shortcuts', () => {
  it('the literal search module kept in base64 is what the assembler gives', () => {
    assert.equal(Buffer.from(moduleBytes()).toString('base64'), MODULE_BASE64);
  });

  it('requiredLiterals answers a pattern read before with a copy the caller may change', () => {
    const first = requiredLiterals('status(?::|=)? ?25')!;
    assert.ok(first.includes('status: 25'));
    first.length = 0;
    assert.ok(requiredLiterals('status(?::|=)? ?25')!.includes('status: 25'));
  });
});

describe('quick tests only where they pay', () => {
  it('tells a costly skipped prefix (a gap, a repeat) from a cheap one (literals, groups)', () => {
    assert.equal(hasCostlyPrefix('(?:Command|Cmd) [^\\n]*?failed H:0x0*2'), true);
    assert.equal(hasCostlyPrefix('(?:a|b)+ policy: x'), true);
    assert.equal(hasCostlyPrefix('(?<phase>Processing|Completed processing) policy: (?<policy>[0-9a-f-]{36})'), false);
    assert.equal(hasCostlyPrefix('\\bVMSS_FAILED\\b'), false);
    assert.equal(hasCostlyPrefix('[Ff]ailed:? H:'), false);
  });
});

// NetBackup legacy lines, as RECORD and its groups read them before
const NBU_RECORD = /^(\d{1,2}:\d{2}:\d{2}\.\d{3})(?: ([AP]M))?:? \[(\d+)(?:\.(\d+))?\] <(\d{1,2})> ?/;
const NBU_COMPONENT = /^((?:[^\s:]|::)+(?: (?:[^\s:]|::)+)?):(?= |$)/;

function oldNetbackup(line: string, context?: ParseContext): LogRecord | undefined {
  const m = NBU_RECORD.exec(line);
  if (!m) return undefined;
  let hour = +m[1].slice(0, m[1].indexOf(':'));
  if (m[2] === 'PM' && hour < 12) hour += 12;
  if (m[2] === 'AM' && hour === 12) hour = 0;
  const [, mi, s] = m[1].split(':');
  const timeOfDay = ((hour * 60 + +mi) * 60 + +s.slice(0, 2)) * 1000 + +s.slice(3, 6);
  const timeEnd = m[1].length + (m[2] ? 3 : 0);
  const threadStart = line.indexOf('[', timeEnd) + 1;
  const thread = m[4] !== undefined ? `${m[3]}.${m[4]}` : m[3];
  const levelStart = line.indexOf('<', threadStart + thread.length);
  const levelEnd = line.indexOf('>', levelStart) + 1;
  const record: LogRecord = {
    time: (context?.day ?? 0) + timeOfDay,
    timeZone: 'local',
    thread,
    level: netbackupLevel(+m[5]),
    levelText: line.slice(levelStart, levelEnd),
    timeRange: [0, timeEnd],
    threadRange: [threadStart, threadStart + thread.length],
    levelRange: [levelStart, levelEnd],
    messageRange: [m[0].length, line.length],
  };
  const c = NBU_COMPONENT.exec(line.slice(m[0].length, m[0].length + 160));
  if (c) {
    record.component = c[1];
    record.componentRange = [m[0].length, m[0].length + c[1].length];
    const rest = m[0].length + c[0].length;
    record.messageRange = [line[rest] === ' ' ? rest + 1 : rest, line.length];
  }
  return record;
}

describe('NetBackup legacy prefix read by hand', () => {
  it('gives what the RegExp version gave, on random lines', () => {
    const random = prng(17);
    const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
    const rare = (good: string[], bad: string[]) => (random() < 0.9 ? pick(good) : pick(bad));
    let records = 0;
    for (let i = 0; i < 40000; i++) {
      let line = rare(['17:50:04.006', '8:51:14.569', '00:00:00.078', '23:59:59.999'], ['123:50:04.006', '17:5:04.006', '17:50:04.06', '17:50:04,006', 'x7:50:04.006', '', '1:2']);
      line += random() < 0.2 ? rare([' AM', ' PM'], [' am', ' XM', ' A', ' AMx']) : '';
      line += rare([' ', ': ', ' '], [':', '  ', ':: ', '']);
      line += rare(['[5592.5372]', '[1333]', '[18292.28569]'], ['[5592.]', '[.5372]', '[]', '[5592.5372', '[55a2]', '[5592 5372]']);
      line += rare([' <2> ', ' <16> ', ' <4>', ' <2>'], [' <123> ', ' <> ', '<2> ', ' <x> ', ' <2', '  <2> ']);
      line += rare(['vnet_async_connect: connect in progress: 1', 'bpbrm handle_backup: cannot create data socket', 'ConnectionCache::connectAndCache: x', '', 'VERBOSE = 0'], ['a b c: d', ':', 'x:y']);
      if (random() < 0.05) line = line.slice(0, Math.floor(random() * line.length));
      const context = i % 2 ? { day: Date.UTC(2019, 2, 1) } : undefined;
      const want = oldNetbackup(line, context);
      assert.deepEqual(netbackupLegacy.parse(line, context), want, JSON.stringify(line));
      if (want) records++;
    }
    assert.ok(records > 10000, `only ${records} records: the generator does not exercise the parser`);
  });
});

describe('vmkernel line times read without the record', () => {
  it('gives what the full parse gives, on random lines of every shape', () => {
    const random = prng(23);
    const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
    const rare = (good: string[], bad: string[]) => (random() < 0.85 ? pick(good) : pick(bad));
    let timed = 0;
    for (let i = 0; i < 30000; i++) {
      const stamp = rare(
        ['2019-03-01T08:53:36.573Z', '2023-05-23T07:40:51.404Z', 'Mar  1 08:53:36', 'Jan 14 03:22:10', '2019-03-01T08:53:36.573+01:00', 'TSC: 543468'],
        ['2019-03-01 08:53:36', '2019-13-01T08:53:36.573Z', 'Mar 1 08:53', '', 'xx'],
      );
      let line = stamp;
      line += rare([' ', ' In(182) vmkernel: ', ' esx41 vmkernel: ', ' vmkernel: ', ' esx01 hostd[1234]: ', ' esx01 sshd[99]: '], ['', '  ', ' Wa(999) ', ' vmkernel:']);
      line += rare(['2:16:49:12.573 ', '31:07:10:19.441 ', '', 'TSC: 12 '], ['2:16:49 ', '1:2:3:4.5 ']);
      line += rare(['cpu3:2099270)', 'cpu12:2097710 opID=5b7f8e33)', 'cpu0:0)'], ['cpu3:)', 'cpux:1)', 'cpu3:2099270']);
      line += rare(['ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28 failed H:0x0 D:0x2 P:0x0', 'WARNING: NMP: nmp_DeviceRequestFastDeviceProbe: x', 'ALERT: APD', 'Accepted password for root'], ['', ' ']);
      if (random() < 0.05) line = line.slice(0, Math.floor(random() * line.length));
      const context = i % 2 ? { year: 2019 } : undefined;
      const want = esxVmkernelLog.parse(line, context)?.time;
      assert.equal(esxVmkernelLog.time!(line, context), want, JSON.stringify(line));
      if (want !== undefined) timed++;
    }
    assert.ok(timed > 4000, `only ${timed} lines with a time: the generator does not exercise the forms`);
  });
});
