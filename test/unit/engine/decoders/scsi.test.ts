import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine } from '../../../../server/src/engine';
import { senseBytesDecoder, senseTripleDecoder, labeledScsiFieldDecoder, describeSense } from '../../../../server/src/engine/decoders/scsiSense';
import { scsiOpcodeDecoder } from '../../../../server/src/engine/decoders/scsiOpcode';
import { ascAscqInfo, ascTableFacts, opcodeInfo, scsiStatusInfo, senseKeyInfo } from '../../../../server/src/engine/decoders/scsiTables';
import { loadTable } from '../../../../server/src/engine/decoders/tables';

const SCSI_KINDS = new Set(['scsi-tuple', 'vmware-host-status', 'scsi-status', 'vmware-plugin-status', 'scsi-sense', 'scsi-sense-invalid', 'scsi-opcode', 'scsi-sense-bytes', 'scsi-sense-key', 'scsi-asc']);
const scsiOnly = (line: string) => decodeLine(line).filter((d) => SCSI_KINDS.has(d.kind));

describe('sense keys', () => {
  const cases: [number, string, string][] = [
    [0x0, 'NO SENSE', 'information'],
    [0x1, 'RECOVERED ERROR', 'information'],
    [0x2, 'NOT READY', 'warning'],
    [0x3, 'MEDIUM ERROR', 'error'],
    [0x4, 'HARDWARE ERROR', 'error'],
    [0x5, 'ILLEGAL REQUEST', 'hint'],
    [0x6, 'UNIT ATTENTION', 'information'],
    [0x7, 'DATA PROTECT', 'error'],
    [0x8, 'BLANK CHECK', 'warning'],
    [0x9, 'VENDOR SPECIFIC', 'warning'],
    [0xa, 'COPY ABORTED', 'warning'],
    [0xb, 'ABORTED COMMAND', 'warning'],
    [0xc, 'Obsolete (formerly EQUAL)', 'information'],
    [0xd, 'VOLUME OVERFLOW', 'warning'],
    [0xe, 'MISCOMPARE', 'warning'],
    [0xf, 'COMPLETED', 'information'],
  ];
  for (const [key, name, severity] of cases) {
    it(`0x${key.toString(16)} is ${name} (${severity})`, () => {
      const k = senseKeyInfo(key);
      assert.equal(k.name, name);
      assert.equal(k.severity, severity);
      assert.ok(k.meaning.length > 20, 'a one-line meaning');
    });
  }
  it('refuses values that are not 4-bit keys', () => {
    assert.equal(senseKeyInfo(0x10).name, 'not a sense key');
    assert.equal(senseKeyInfo(-1).name, 'not a sense key');
  });
});

describe('ASC/ASCQ table', () => {
  it("holds the complete T10 list of 2020-08-17 (760 fixed + 3 variable-qualifier rows), 4 later assignments and sg3_utils' 3 ranges", () => {
    assert.deepEqual(ascTableFacts(), { listDate: '2020-08-17', fixed: 760, later: 4, variableQualifier: 3, total: 767 });
    const t = loadTable<{ entries: [string, string, string][]; later: { asc: string; ascq: string }[]; variable: { source?: string }[] }>('scsi-asc-ascq');
    assert.equal(t.entries.length, 760);
    assert.equal(t.later.length, 4);
    assert.equal(t.variable.filter((v) => !v.source).length, 3);
    assert.equal(t.variable.length, 6);
    const fixed = new Set(t.entries.map(([a, q]) => `${a}/${q}`));
    assert.ok(
      t.later.every((l) => !fixed.has(`${l.asc}/${l.ascq}`)),
      'later assignments are new pairs',
    );
    const keys = t.entries.map(([a, q]) => parseInt(a, 16) * 256 + parseInt(q, 16));
    assert.ok(
      keys.every((k, i) => i === 0 || k > keys[i - 1]),
      'sorted, no duplicates',
    );
    assert.ok(t.entries.every(([, , name]) => name.trim() === name && name.length > 2));
  });

  const cases: [number, number, RegExp, { note?: RegExp; vendor?: boolean; assigned?: boolean }?][] = [
    [0x00, 0x00, /^NO ADDITIONAL SENSE INFORMATION$/],
    [0x00, 0x22, /^DEFERRED MICROCODE IS PENDING$/],
    [0x04, 0x03, /^LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED$/, { note: /offline on the array/ }],
    [0x04, 0x0a, /^LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION$/, { note: /ALUA transition/ }],
    [0x04, 0x25, /^DEPOPULATION RESTORATION IN PROGRESS$/],
    [0x0b, 0x14, /^WARNING - PHYSICAL ELEMENT STATUS CHANGE$/],
    [0x11, 0x00, /^UNRECOVERED READ ERROR$/, { note: /could not read back a block/ }],
    [0x11, 0x15, /^WRITE AFTER SANITIZE REQUIRED$/],
    [0x20, 0x00, /^INVALID COMMAND OPERATION CODE$/, { note: /does not support the command/ }],
    [0x20, 0x05, /^WRITE TYPE OPERATION WHILE IN READ CAPABLE STATE \(OBSOLETE\)$/],
    [0x24, 0x02, /^INVALID CDB FIELD WHILE IN EXPLICIT BLOCK MODEL \(OBSOLETE\)$/],
    [0x24, 0x03, /^INVALID CDB FIELD WHILE IN IMPLICIT BLOCK MODEL \(OBSOLETE\)$/],
    // Assigned after the 2020 list.
    [0x30, 0x0b, /^CLEANING TAPE EXPIRED$/],
    [0x38, 0x09, /^DEPOPULATION RESTORATION INTERRUPTED$/],
    [0x00, 0x23, /^OVERLAPPING ATOMIC COMMAND IN PROGRESS$/],
    [0x67, 0x0e, /^FEATURE NOT ENABLED$/],
    [0x24, 0x00, /^INVALID FIELD IN CDB$/, { note: /probe/ }],
    [0x25, 0x00, /^LOGICAL UNIT NOT SUPPORTED$/, { note: /PDL/ }],
    [0x27, 0x07, /^SPACE ALLOCATION FAILED WRITE PROTECT$/, { note: /out of space/ }],
    [0x29, 0x00, /^POWER ON, RESET, OR BUS DEVICE RESET OCCURRED$/, { note: /reset or powered on/ }],
    [0x29, 0x07, /^I_T NEXUS LOSS OCCURRED$/],
    [0x2a, 0x06, /^ASYMMETRIC ACCESS STATE CHANGED$/, { note: /ALUA path state change/ }],
    [0x2a, 0x09, /^CAPACITY DATA HAS CHANGED$/, { note: /resized/ }],
    [0x2c, 0x13, /^WELL KNOWN LOGICAL UNIT ACCESS REQUIRED$/],
    [0x38, 0x08, /^DEPOPULATION INTERRUPTED$/],
    [0x3b, 0x20, /^ELEMENT STATIC INFORMATION CHANGED$/],
    [0x3f, 0x0e, /^REPORTED LUNS DATA HAS CHANGED$/, { note: /mapped or unmapped.*snapshot/ }],
    [0x3f, 0x12, /^iSCSI IP ADDRESS ADDED$/],
    [0x3f, 0x1a, /^SUBSIDIARY BINDING CHANGED$/],
    [0x40, 0x00, /^RAM FAILURE \(SHOULD USE 40 NN\)$/],
    [0x44, 0x00, /^INTERNAL TARGET FAILURE$/, { note: /internal failure/ }],
    [0x44, 0x71, /^ATA DEVICE FAILED SET FEATURES$/],
    [0x47, 0x7f, /^SOME COMMANDS CLEARED BY ISCSI PROTOCOL EVENT$/],
    [0x4b, 0x15, /^PCIE TLP PREFIX BLOCKED$/],
    [0x55, 0x11, /^INSUFFICIENT RESOURCES TO BIND$/],
    [0x5d, 0x1d, /^HARDWARE IMPENDING FAILURE POWER LOSS PROTECTION CIRCUIT$/],
    [0x5d, 0x73, /^MEDIA IMPENDING FAILURE ENDURANCE LIMIT MET$/],
    [0x5d, 0xff, /^FAILURE PREDICTION THRESHOLD EXCEEDED \(FALSE\)$/, { assigned: true }],
    [0x5e, 0x47, /^POWER STATE CHANGE TO DEVICE CONTROL$/],
    [0x6f, 0x0a, /^DRIVE-HOST PAIRING SUSPENDED$/],
    [0x74, 0x79, /^SECURITY CONFLICT IN TRANSLATED DEVICE$/],
    // Variable qualifiers.
    [0x40, 0x80, /^DIAGNOSTIC FAILURE ON COMPONENT 0x80$/, { note: /failing component/ }],
    [0x40, 0xff, /^DIAGNOSTIC FAILURE ON COMPONENT 0xFF$/],
    [0x4d, 0x00, /^TAGGED OVERLAPPED COMMANDS 0x00$/, { note: /task tag/ }],
    [0x4d, 0x7f, /^TAGGED OVERLAPPED COMMANDS 0x7F$/, { note: /task tag/ }],
    [0x4d, 0xc3, /^TAGGED OVERLAPPED COMMANDS 0xC3$/],
    [0x40, 0x01, /^RAM FAILURE 0x01$/, { assigned: true }],
    [0x40, 0x7f, /^RAM FAILURE 0x7F$/],
    [0x41, 0x05, /^DATA PATH FAILURE 0x05$/],
    [0x42, 0xff, /^POWER-ON OR SELF-TEST FAILURE 0xFF$/],
    [0x70, 0x05, /^DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF 0x05$/],
    // Vendor-specific ranges.
    [0x80, 0x00, /^vendor specific \(ASC 0x80/, { vendor: true, assigned: false }],
    [0xff, 0xff, /^vendor specific \(ASC 0xFF/, { vendor: true, assigned: false }],
    [0xc4, 0x30, /^vendor specific/, { vendor: true }],
    [0x29, 0x80, /^vendor specific qualifier of ASC 0x29/, { vendor: true, note: /reset/ }],
    [0x3f, 0xfe, /^vendor specific qualifier of ASC 0x3F/, { vendor: true }],
    [0x04, 0x80, /^vendor specific qualifier of ASC 0x04/, { vendor: true }],
    // Reserved (not in the list).
    [0x0f, 0x00, /^reserved \(not assigned in the T10 list of 2020-08-17\)$/, { assigned: false }],
    [0x29, 0x08, /^reserved/, { assigned: false }],
    [0x7f, 0x00, /^reserved/, { assigned: false }],
  ];
  for (const [asc, ascq, name, more] of cases) {
    it(`0x${asc.toString(16)}/0x${ascq.toString(16)} → ${name.source}`, () => {
      const info = ascAscqInfo(asc, ascq);
      assert.match(info.name, name);
      if (more?.note) assert.match(info.note ?? '', more.note);
      if (more?.vendor !== undefined) assert.equal(info.vendorSpecific ?? false, more.vendor);
      if (more?.assigned !== undefined) assert.equal(info.assigned, more.assigned);
    });
  }

  it('0x6/0x2a/0x6 reads ASYMMETRIC ACCESS STATE CHANGED, never REPORTED LUNS DATA HAS CHANGED', () => {
    const r = describeSense(0x6, 0x2a, 0x6);
    assert.match(r.summary, /^UNIT ATTENTION: ASYMMETRIC ACCESS STATE CHANGED/);
    assert.doesNotMatch(r.summary + r.details.join(' '), /REPORTED LUNS/);
    assert.equal(r.severity, 'information');
  });
});

describe('SCSI status and operation codes', () => {
  const statuses: [number, string][] = [
    [0x00, 'GOOD'],
    [0x02, 'CHECK CONDITION'],
    [0x04, 'CONDITION MET'],
    [0x08, 'BUSY'],
    [0x18, 'RESERVATION CONFLICT'],
    [0x28, 'TASK SET FULL'],
    [0x30, 'ACA ACTIVE'],
    [0x40, 'TASK ABORTED'],
    [0x01, 'reserved'],
  ];
  for (const [code, name] of statuses) it(`status 0x${code.toString(16)} is ${name}`, () => assert.equal(scsiStatusInfo(code).name, name));

  const ops: [number, string][] = [
    [0x00, 'TEST UNIT READY'],
    [0x12, 'INQUIRY'],
    [0x1a, 'MODE SENSE(6)'],
    [0x25, 'READ CAPACITY(10)'],
    [0x28, 'READ(10)'],
    [0x2a, 'WRITE(10)'],
    [0x35, 'SYNCHRONIZE CACHE(10)'],
    [0x41, 'WRITE SAME(10)'],
    [0x42, 'UNMAP'],
    [0x4d, 'LOG SENSE'],
    [0x5e, 'PERSISTENT RESERVE IN'],
    [0x5f, 'PERSISTENT RESERVE OUT'],
    [0x85, 'ATA PASS-THROUGH(16)'],
    [0x88, 'READ(16)'],
    [0x89, 'COMPARE AND WRITE'],
    [0x8a, 'WRITE(16)'],
    [0x93, 'WRITE SAME(16)'],
    [0x94, 'ZBC OUT'],
    [0x9e, 'SERVICE ACTION IN(16)'],
    [0xa0, 'REPORT LUNS'],
    [0xa3, 'MAINTENANCE IN'],
    [0x02, 'vendor specific'],
    [0x1f, 'reserved'],
    [0x70, 'reserved'],
    [0xfe, 'vendor specific'],
  ];
  for (const [code, name] of ops) it(`opcode 0x${code.toString(16)} is ${name}`, () => assert.equal(opcodeInfo(code).name, name));

  it('covers every opcode 0x00-0xFF with a name', () => {
    for (let c = 0; c < 256; c++) assert.notEqual(opcodeInfo(c).name, 'not an operation code', `0x${c.toString(16)}`);
  });

  const lines: [string, string, string][] = [
    ['2012-11-01T04:12:00.960Z cpu17:4113)ScsiDeviceIO: 2309: Cmd(0x41244109c100) 0x28, CmdSN 0x8000006c from world 12535 to dev "naa.xxx" failed H:0xb D:0x0 P:0x0', '0x28', 'READ(10)'],
    ['Mar 1 08:53:36 host vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.x" failed H:0x0 D:0x2 P:0x0', '0x28', 'READ(10)'],
    ['0:19:05:45.146 cpu0:4478)NMP: nmp_CompleteCommandForPath: Command 0x2a (0x410001032580) to NMP device "naa.6006" failed', '0x2a', 'WRITE(10)'],
    ['cpu14:4110)NMP: nmp_ThrottleLogForDevice:2318: Cmd 0x89 (0x412441199080) to dev "naa.60a9" on path "vmhba2:C0:T1:L1" Failed:', '0x89', 'COMPARE AND WRITE'],
    ['lpfc_scsi_cmd_iocb_cmpl:2057: 0:(0):3271: FCP cmd x8a failed <4/99> sid xe20a00', 'x8a', 'WRITE(16)'],
  ];
  for (const [line, text, name] of lines) {
    it(`finds the opcode in "${line.slice(0, 50)}..."`, () => {
      const ds = scsiOpcodeDecoder.decode(line, {});
      assert.equal(ds.length, 1);
      assert.equal(ds[0].text, text);
      assert.equal(line.slice(ds[0].start, ds[0].end), text);
      assert.ok(ds[0].summary.endsWith(`: ${name}`), ds[0].summary);
    });
  }

  it('does not take a command address for an opcode', () => {
    assert.deepEqual(scsiOpcodeDecoder.decode("WARNING: NMP: nmp_DeviceAttemptFailover: Retry world failover device 'naa.6006' - issuing command 0x410001032580", {}), []);
  });
});

describe('sense triples in their written shapes', () => {
  const cases: [string, string, RegExp][] = [
    ['UA seen: sense key/asc/ascq 0x6/0x29/0x0 on path', '0x6/0x29/0x0', /^SCSI sense UNIT ATTENTION: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED/],
    ['TEST-UNIT-READY  TUR: 0x6/0x29/0x1', '0x6/0x29/0x1', /POWER ON OCCURRED/],
    ['SCSI sense key 0x6 ASC 0x29 ASCQ 0x0 reported', 'sense key 0x6 ASC 0x29 ASCQ 0x0', /UNIT ATTENTION: POWER ON, RESET/],
    ['WARNING: SCSI: 2909: CheckUnitReady on vmhba1:0:132 returned Storage initiator error 0x7/0x0 sk 0x0 asc 0x0 ascq 0x0', 'sk 0x0 asc 0x0 ascq 0x0', /^SCSI sense NO SENSE: NO ADDITIONAL SENSE INFORMATION/],
    ['Sense Key=0x5, ASC=0x24, ASCQ=0x0', 'Sense Key=0x5, ASC=0x24, ASCQ=0x0', /ILLEGAL REQUEST: INVALID FIELD IN CDB/],
    ['WARNING: SCSI: 5663: vmhba0:0:1:1 status = 0/8 0x0 0x0 0x0', '0/8 0x0 0x0 0x0', /^ESX 3\.5 SCSI status: device GOOD, host VMK_SCSI_HOST_RESET, no sense data$/],
    [
      'StorageMonitor: 196: vmhba32:183:0:0 status = 2/0 0x4 0x84 0x21',
      '2/0 0x4 0x84 0x21',
      /device CHECK CONDITION, HARDWARE ERROR: vendor specific qualifier of ASC 0x84|device CHECK CONDITION, HARDWARE ERROR: vendor specific \(ASC 0x84/,
    ],
    ['Now translating the SCSI Sense Code: **2/0 0x6 0x3f 0xe**, I get the following', '2/0 0x6 0x3f 0xe', /REPORTED LUNS DATA HAS CHANGED/],
  ];
  for (const [line, text, summary] of cases) {
    it(`"${text}"`, () => {
      const ds = senseTripleDecoder.decode(line, {});
      assert.equal(ds.length, 1, JSON.stringify(ds.map((d) => d.text)));
      assert.equal(ds[0].text, text);
      assert.equal(line.slice(ds[0].start, ds[0].end), text);
      assert.match(ds[0].summary, summary);
      assert.ok(ds[0].details.some((l) => l.startsWith('Source: ')));
    });
  }

  it("decodes the article's hand-written table, row by row", () => {
    const rows: [string, string, RegExp][] = [
      ['    Host       0x0       DID_OK - No error', '0x0', /VMK_SCSI_HOST_OK \(DID_OK\)/],
      ['    Device     0x2       CHECK CONDITION', '0x2', /CHECK CONDITION/],
      ['    Sense Key  0x6       UNIT ATTENTION', '0x6', /UNIT ATTENTION/],
      ['    ASC/ASCQ*  0x3f/0xe  REPORTED LUNS DATA HAS CHANGED', '0x3f/0xe', /REPORTED LUNS DATA HAS CHANGED/],
    ];
    for (const [line, text, summary] of rows) {
      const ds = labeledScsiFieldDecoder.decode(line, {});
      assert.equal(ds.length, 1, line);
      assert.equal(ds[0].text, text);
      assert.equal(line.slice(ds[0].start, ds[0].end), text);
      assert.match(ds[0].summary, summary);
    }
  });
});

describe('raw sense bytes', () => {
  const cases: [string, string, RegExp][] = [
    ['sense: 70 00 06 00 00 00 00 0a 00 00 00 00 3f 0e 00 00 00 00', '70 00 06 00 00 00 00 0a 00 00 00 00 3f 0e 00 00 00 00', /UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED \(0x6\/0x3F\/0x0E\)/],
    ['Sense Data: 0x70 0x0 0x5 0x0 0x0 0x0 0x0 0xa 0x0 0x0 0x0 0x0 0x24 0x0 0x0 0x0 0x0 0x0', '0x70 0x0 0x5 0x0 0x0 0x0 0x0 0xa 0x0 0x0 0x0 0x0 0x24 0x0 0x0 0x0 0x0 0x0', /ILLEGAL REQUEST: INVALID FIELD IN CDB/],
    ['f0 00 03 00 12 34 56 0a 00 00 00 00 11 00 00 00 00 00', 'f0 00 03 00 12 34 56 0a 00 00 00 00 11 00 00 00 00 00', /MEDIUM ERROR: UNRECOVERED READ ERROR/],
    ['71,00,04,00,00,00,00,0a,00,00,00,00,44,00,00,00,00,00', '71,00,04,00,00,00,00,0a,00,00,00,00,44,00,00,00,00,00', /HARDWARE ERROR: INTERNAL TARGET FAILURE/],
    ['descriptor sense 72 06 2a 06 00 00 00 00', '72 06 2a 06 00 00 00 00', /UNIT ATTENTION: ASYMMETRIC ACCESS STATE CHANGED/],
    ['sense 73 02 04 0a 00 00 00 00 plus', '73 02 04 0a 00 00 00 00', /NOT READY: LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION/],
  ];
  for (const [line, text, summary] of cases) {
    it(`"${text.slice(0, 24)}..."`, () => {
      const ds = senseBytesDecoder.decode(line, {});
      assert.equal(ds.length, 1);
      assert.equal(ds[0].text, text);
      assert.equal(line.slice(ds[0].start, ds[0].end), text);
      assert.match(ds[0].summary, summary);
      assert.match(ds[0].details[0], /^Raw sense data, \d+ bytes, (fixed|descriptor) format/);
    });
  }

  const notSense = [
    "object '' 1 4 ed6 0 0 0 0 0 0 0 0 0 0 0: No free memory for file data",
    'mac 00:50:56:84:5a:b4 enabled',
    '72 69 70 20 31 37 63 36 (ascii "rip 17c6")',
    '70 00 06 00 00 00 00 0a 00 00 00 00 3f',
    'cdb 28 00 00 00 00 08 00 00 08 00',
  ];
  for (const line of notSense) it(`leaves "${line}" alone`, () => assert.deepEqual(senseBytesDecoder.decode(line, {}), []));
});

describe('numbers that are not SCSI codes', () => {
  const lines = [
    'iSCSI: session to 10.0.0.5:3260 established',
    'The process holding the lock is hostd (1363758).',
    'BC: 3837: Failed to flush 45 buffers of size 8192 each',
    'Apr 7 17:41:03 esx_host vmkernel: 17:19:52:55.580 cpu7:4182)BC: 3837: Failed',
    '2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: done',
    'NetPort: 982: enabled port 0x3000007 with mac 00:50:56:84:5a:b4',
    'RAS KERNEL INFO CE sym 20, at 0x1438f9e0, mask 0x40',
    'released 12/31 of the slots; ratio 3/4 0x1 0x2 0x3',
    'HB state abcdef02 offset 3526656 gen 50 stamp 9521259362672',
    'Data: x0 x83 x128',
  ];
  for (const line of lines) it(`"${line}"`, () => assert.deepEqual(scsiOnly(line), []));
});
