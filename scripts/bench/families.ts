// Realistic background lines for each log family: the shapes, field variety and line lengths of
// real logs of the family and of the fixtures, with near misses (lines that contain a rule's
// prefilter or most of its pattern but are not a finding). No background line is a finding.
import { FORMATS } from '../../server/src/engine';
import { fixtureFamily } from './fixtureFamily';
import type { Prng } from './prng';

export interface NoiseSource {
  /** Appends the lines of the next record (one, or a few for a multi-line record). */
  next(out: string[]): void;
  /** Lines that settle state an injected sample left open (e.g. a VMSS policy run it started). */
  afterInjection?(sample: readonly string[], out: string[]): void;
}

export interface FamilyGenerator {
  /** The format id the file must be detected as. */
  family: string;
  /** Path inside the family's folder; the name is one the family is recognised by. */
  file: string;
  seed: number;
  create(prng: Prng): NoiseSource;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));
const pad3 = (n: number) => (n < 10 ? '00' + n : n < 100 ? '0' + n : String(n));

/** A wall clock that moves forward by random steps; formats are cached per second. */
class Clock {
  private sec = -1;
  private iso = '';
  private spaced = '';
  private sys = '';
  private tod = '';
  ms: number;

  constructor(
    start: number,
    private readonly prng: Prng,
    private readonly meanStepMs: number,
  ) {
    this.ms = start;
  }

  tick(): void {
    // mostly small steps, now and then a pause
    this.ms += this.prng.chance(0.02) ? this.prng.int(1000, 20 * this.meanStepMs) : this.prng.int(0, 2 * this.meanStepMs);
  }

  private refresh(): void {
    const sec = Math.floor(this.ms / 1000);
    if (sec === this.sec) return;
    this.sec = sec;
    const d = new Date(sec * 1000);
    const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
    this.iso = `${date}T${time}`;
    this.spaced = `${date} ${time}`;
    const day = d.getUTCDate();
    this.sys = `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' + day : day} ${time}`;
    this.tod = time;
  }

  /** 2019-03-01T08:53:36.573Z */
  isoMs(): string {
    this.refresh();
    return `${this.iso}.${pad3(this.ms % 1000)}Z`;
  }
  /** 2015-05-05 12:10:10 */
  spacedSec(): string {
    this.refresh();
    return this.spaced;
  }
  /** 2017-05-21 10:15:01.899450 */
  spacedMicros(offsetMs = 0): string {
    const d = new Date(this.ms + offsetMs);
    return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)}${pad3(this.prng.int(0, 999))}`;
  }
  /** May 21 10:15:01 */
  syslog(): string {
    this.refresh();
    return this.sys;
  }
  /** 17:49:54.006 (NetBackup: time of day only) */
  timeOfDay(): string {
    this.refresh();
    return `${this.tod}.${pad3(this.ms % 1000)}`;
  }
}

const START = Date.UTC(2019, 2, 1, 8, 0, 0);

/** What sets one family's log apart: its folder name, seed and clock. */
interface FamilySpec {
  family: string;
  file: string;
  seed: number;
  /** The first line's time (ms since the epoch). */
  start: number;
  meanStepMs: number;
}

/**
 * A family whose records each follow one tick of its clock: `records` draws the family's constants
 * and returns the writer of one record (drawing from the PRNG in the same order every run).
 */
function lineFamily(spec: FamilySpec, records: (p: Prng, clock: Clock) => (out: string[]) => void): FamilyGenerator {
  return {
    family: spec.family,
    file: spec.file,
    seed: spec.seed,
    create(p) {
      const clock = new Clock(spec.start, p, spec.meanStepMs);
      const write = records(p, clock);
      return {
        next(out) {
          clock.tick();
          write(out);
        },
      };
    },
  };
}

function naa(p: Prng): string {
  return `naa.6${p.hex(31)}`;
}

// ---------------------------------------------------------------- VNX Data Mover server_log
const vnx = lineFamily({ family: 'vnx-server-log', file: 'server_log', seed: 1, start: Date.UTC(2015, 4, 5, 0, 0, 0), meanStepMs: 400 }, (p, clock) => {
  const threads = Array.from({ length: 40 }, () => String(p.int(1_000_000_000, 999_999_999_999)));
  const fs = ['fs_home', 'fs_eng01', 'fs_vmware_nfs', 'fs_cifs_share', 'root_fs_common', 'fs_db_archive'];
  const sessions = [570, 571, 612, 618, 903];
  const messages: (readonly [number, () => string])[] = [
    [12, () => `NDMP: 6: Session ${p.pick(sessions)} (thread ndmp${p.pick(sessions)}) <- msg Ndmp_Data_Start_Backup, seq=${p.int(1, 9999)}`],
    [10, () => `NDMP: 6: Session ${p.pick(sessions)} (thread ndmp${p.pick(sessions)}) -> msg NDMP_NOTIFY_DATA_HALTED seq=${p.int(1, 9999)} reply_seq=0`],
    [8, () => `NDMP: 6: Active NDMP backup/restore streams: ${p.int(0, 8)}, concurrent checkpoints: ${p.int(0, 8)}`],
    [8, () => `CFS: 6: Fs ${p.int(20, 400)} type = ckpt being mounted at /${p.pick(fs)}/.ckpt_${p.hex(6)} (t:${p.int(1, 99999)})`],
    [6, () => `UFS: 6: log: flushing logical blocks of fs ${p.pick(fs)} took ${p.int(0, 900)} ms`],
    [6, () => `KERNEL: 6: 10: Xfer: pool ${p.int(0, 7)} at 0x${p.hex(8)}, free=${p.int(100, 9000)} used=${p.int(0, 4000)}`],
    [5, () => `CMD: 6: checkCkptCnt: concurrentCkptCnt(${p.int(0, 3)}) <= concurrentDataStreams(8), proceed`],
    [5, () => `SNAPSURE: 6: SnapSure checkpoint ${p.pick(fs)}_ckpt${p.int(1, 90)} created, savVol usage ${p.int(1, 89)}%`],
    [4, () => `CIFS: 4: SMB2 session setup from ${p.ip()} user DOMAIN\\svc_backup${p.int(1, 9)} failed: 0xc000006d`],
    [4, () => `NFS: 6: Server ${p.ip()} export /${p.pick(fs)} mounted by ${p.ip()} (auth sys)`],
    [3, () => `SECURITY: 6: Kerberos: ticket for host/${p.hex(6)}.corp.example.com renewed, lifetime ${p.int(1, 10)}h`],
    [3, () => `ADMIN: 6: Command succeeded: server_export server_2 -Protocol nfs -option rw=${p.ip()} /${p.pick(fs)}`],
    [2, () => `VRPL: 4: replication session ${p.hex(8)} transfer rate ${p.int(1, 900)} KB/s, lag ${p.int(0, 300)} s`],
    [2, () => `STORAGE: 3: dskHealth: d${p.int(10, 90)} path c${p.int(0, 64)}t${p.int(0, 15)}l${p.int(0, 255)} transient error, retry succeeded`],
    [1, () => `DHSM: 4: connection to secondary http://${p.ip()}:8000/archive lost, reconnecting`],
  ];
  return (out) => {
    out.push(`${clock.spacedSec()}: ${p.pick(threads)}: ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- ESXi vmkernel.log
const vmkernel = lineFamily({ family: 'esx-vmkernel-log', file: 'vmkernel.log', seed: 2, start: START, meanStepMs: 60 }, (p, clock) => {
  const devices = Array.from({ length: 24 }, () => naa(p));
  const world = () => p.int(65536, 2_300_000);
  const cmdAddr = () => `0x45${p.hex(10)}`;
  const path = () => `vmhba${p.int(0, 4)}:C0:T${p.int(0, 7)}:L${p.int(0, 63)}`;
  const ds = ['datastore1', 'VMFS-PROD-01', 'VMFS-PROD-02', 'ssd-local', 'NFS-ISO'];
  const op = () => p.pick(['0x28', '0x2a', '0x85', '0x4d', '0x1a', '0x12', '0x9e', '0x35', '0x89', '0xfe']);
  const messages: (readonly [number, () => string])[] = [
    [10, () => `NMP: nmp_ThrottleLogForDevice:3617: Cmd ${op()} (${cmdAddr()}, ${world()}) to dev "${p.pick(devices)}" on path "${path()}" Failed: H:0x0 D:0x4 P:0x0 Possible sense data: 0x0 0x0 0x0. Act:NONE`],
    [
      8,
      () => `ScsiDeviceIO: 2927: Cmd(${cmdAddr()}) ${op()}, CmdSN 0x${p.hex(3)} from world ${world()} to dev "${p.pick(devices)}" failed H:0x0 D:0x${p.pick(['2', '4'])} P:0x0 Invalid sense data: 0x${p.hex(2)} 0x${p.hex(2)} 0x${p.hex(2)}.`,
    ],
    [8, () => `NMP: nmp_ResetDeviceLogThrottling:3349: last error status from device ${p.pick(devices)} repeated ${p.int(1, 80)} times`],
    [6, () => `NMP: nmp_DeviceUpdatePathStates:547: Activated path "${path()}" for NMP device "${p.pick(devices)}".`],
    [8, () => `vmw_ahci[000000${p.int(10, 31)}]: scsiUnmapCommand:Unmap transfer 0x${p.hex(2)} byte`],
    [6, () => `NetPort: ${p.pick([982, 1165])}: ${p.pick(['disabled', 'enabled'])} port 0x${p.hex(7)} with mac 00:50:56:${p.hex(2)}:${p.hex(2)}:${p.hex(2)}`],
    [6, () => `FS3Misc: 1759: Long VMFS rsv time on '${p.pick(ds)}' (held for ${p.int(200, 900)} msecs). # R: ${p.int(1, 3)}, # W: ${p.int(1, 3)} bytesXfer: ${p.int(1, 9)} sectors`],
    [5, () => `DLX: 3394: vol '${p.pick(ds)}': [Req mode 1] Checking liveness of [type 10c00002 offset ${p.int(3_000_000, 4_000_000)} v 8, hb offset ${p.int(3_000_000, 4_000_000)}`],
    [5, () => `VSCSI: 2590: handle ${p.int(8192, 9000)}(vscsi0:${p.int(0, 3)}):Reset request on FSS handle ${p.int(1_000_000, 9_999_999)} (0 outstanding commands) from (vmm0:vm-${p.hex(6)})`],
    [6, () => `World: 12235: VC opID ${p.hex(8)}-${p.hex(2)}-${p.hex(2)} maps to vmkernel opID ${p.hex(8)}`],
    [4, () => `CBT: 1133: Created device ${p.hex(7)}-cbt for cbt driver with filehandle ${p.int(10_000_000, 99_999_999)}`],
    [4, () => `SVM: 5121: SkipZero 0, dstFsBlockSize -1, preallocateBlocks 0, vmfsOptimizations 0, useBitmapCopy 1, destEmpty 0`],
    [4, () => `Config: 703: "SIOControlFlag2" = ${p.int(0, 1)}, Old Value: ${p.int(0, 1)}, (Status: 0x0)`],
    [3, () => `NetSched: 717: vmnic${p.int(0, 5)}-0-tx: worldID = ${world()} exits`],
    [3, () => `DVFilter: 5963: Checking disconnected filters for timeouts`],
    [3, () => `WARNING: LinScsi: SCSILinuxAbortCommands:1909: Failed, Driver ${p.pick(['fnic', 'lpfc', 'qlnativefc'])}, for vmhba${p.int(0, 4)}`],
    [3, () => `Fil3: 15338: Max Retries (10) exceeded for caller Fil3_FileIO (status 'IO was aborted by VMFS via a virt-reset on the device')`],
    [2, () => `qlnativefc: vmhba${p.int(2, 5)}(${p.int(3, 9)}:0.${p.int(0, 1)}): Inside qlnativefcAbortIsp`],
    [2, () => `Tcpip_Vmk: 1013: arp: ${p.ip()} is at 00:50:56:${p.hex(2)}:${p.hex(2)}:${p.hex(2)} on vmk${p.int(0, 3)}`],
    [2, () => `StorageApdHandler: 1204: APD Timer killed for ident [${p.pick(devices)}]`],
  ];
  return (out) => {
    const opId = p.chance(0.1) ? ` opID=${p.hex(8)}` : '';
    out.push(`${clock.isoMs()} cpu${p.int(0, 31)}:${world()}${opId})${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- ESXi 6.7 hostd.log
const hostd = lineFamily({ family: 'esx-hostd-log', file: 'hostd.log', seed: 3, start: START, meanStepMs: 120 }, (p, clock) => {
  const pid = p.int(2_099_000, 2_100_000);
  const opId = () => `${p.hex(8)}-${p.hex(2)}-${p.hex(2)}-${p.hex(2)}`;
  const vmx = () => `/vmfs/volumes/${p.hex(8)}-${p.hex(8)}-${p.hex(4)}-${p.hex(12)}/vm-${p.int(1, 400)}/vm-${p.int(1, 400)}.vmx`;
  const users = ['vpxuser', 'root', 'vpxuser:VSPHERE.LOCAL\\Administrator', 'dcui'];
  const lines: (readonly [number, () => [string, string, string]])[] = [
    [12, () => ['verbose', 'PropertyProvider', `RecordOp ASSIGN: guest.disk, ${p.int(1, 900)}. Sent notification immediately.`]],
    [10, () => ['info', 'Vimsvc.TaskManager', `Task Created : haTask-${p.int(1, 400)}-vim.VirtualMachine.createSnapshot-${p.int(100_000, 999_999)}`]],
    [10, () => ['info', 'Vimsvc.TaskManager', `Task Completed : haTask-${p.int(1, 400)}-vim.VirtualMachine.createSnapshot-${p.int(100_000, 999_999)} Status success`]],
    [8, () => ['info', `Vmsvc.vm:${vmx()}`, `SNAPSHOT: SnapshotConfigInfoReadEx: Creating new snapshot dictionary, '${vmx().replace('.vmx', '.vmsd.usd')}'.`]],
    [6, () => ['warning', `Vmsvc.vm:${vmx()}`, `Failed to find activation record, event user unknown.`]],
    [6, () => ['info', 'Solo.Vmomi', `Activation [N5Vmomi10ActivationE:0x000000${p.hex(8)}] : Invoke done [waitForUpdatesEx] on [vmodl.query.PropertyCollector:ha-property-collector]`]],
    [
      5,
      () => [
        'error',
        'SoapAdapter.HTTPService.HttpConnection',
        `Failed to read header on stream <io_obj p:0x000000${p.hex(8)}, h:${p.int(20, 90)}, <TCP '127.0.0.1 : 8307'>, <TCP '127.0.0.1 : ${p.int(30000, 60000)}'>>: N7Vmacore15SystemExceptionE(Connection reset by peer)`,
      ],
    ],
    [5, () => ['info', 'Vimsvc.ha-eventmgr', `Event ${p.int(1000, 99999)} : User root@${p.ip()} logged in as VMware-client/6.5.0`]],
    [4, () => ['info', 'Hostsvc.DatastoreSystem', `RefreshVdiskDatastores: Done refreshing datastores.`]],
    [4, () => ['info', 'Libs', `FILE: FileDeletionDisposition: Deletion of file '${vmx().replace('.vmx', '-000001-delta.vmdk')}' succeeded.`]],
    [
      3,
      () => [
        'warning',
        'Statssvc',
        `Calculated write I/O size ${p.int(512, 1_048_576)} for scsi0:${p.int(0, 4)} is out of range -- ${p.int(512, 1_048_576)},prevBytes = ${p.int(0, 1e9)} curBytes = ${p.int(0, 1e9)} prevCommands = ${p.int(0, 1e6)}curCommands = ${p.int(0, 1e6)}`,
      ],
    ],
  ];
  return (out) => {
    const [level, sub, message] = p.weighted(lines)();
    const user = p.chance(0.5) ? ` user=${p.pick(users)}` : '';
    out.push(`${clock.isoMs()} ${level} hostd[${pid + p.int(0, 40)}] [Originator@6876 sub=${sub} opID=${opId()}${user}] ${message}`);
    if (level === 'error' && p.chance(0.5)) {
      // a vmodl fault printed under the record, one `-->` line per field
      out.push('--> (vim.fault.NotAuthenticated) {', '-->    faultCause = (vmodl.MethodFault) null,', `-->    object = 'vim.VirtualMachine:${p.int(1, 400)}',`, '-->    privilegeId = "System.View",', '-->    msg = ""', '--> }');
    }
  };
});

// ---------------------------------------------------------------- ESXi 8 vpxa.log and ESXi 7 fdm.log (hostd's vmacore shapes)
type AgentLine = readonly [number, () => [level: string, sub: string, message: string]];

/** An agent log of weighted [level, sub, message] lines behind the prefix the agent writes. */
function agent(family: string, file: string, seed: number, lines: (p: Prng) => AgentLine[], prefix: (p: Prng, level: string, sub: string) => string): FamilyGenerator {
  return lineFamily({ family, file, seed, start: START, meanStepMs: 200 }, (p, clock) => {
    const weighted = lines(p);
    return (out) => {
      const [level, sub, message] = p.weighted(weighted)();
      out.push(`${clock.isoMs()} ${prefix(p, level, sub)} ${message}`);
    };
  });
}

const vpxa = agent(
  'esx-vpxa-log',
  'var/run/log/vpxa.log',
  9,
  (p) => {
    const lro = () => `lro-${p.int(1, 999_999)}`;
    return [
      [12, () => ['In(166)', 'vpxLro', `[VpxLRO] -- BEGIN ${lro()} -- vpxa -- vpxapi.VpxaService.${p.pick(['fetchQuickStats', 'retrieveChanges', 'getChanges'])} -- 52${p.hex(6)}-${p.hex(4)}-${p.hex(4)}-${p.hex(4)}-${p.hex(12)}`]],
      [12, () => ['In(166)', 'vpxLro', `[VpxLRO] -- FINISH ${lro()}`]],
      [8, () => ['Db(167)', 'VpxaHalCnxHostagent', `[WaitForUpdatesDone] Received callback`]],
      [6, () => ['In(166)', 'vpxaInvtVm', `[VpxaInvtVmChangeListener] Guest DiskInfo changed for vm ${p.int(1, 400)}`]],
      [4, () => ['Wa(164)', 'VpxaHalCnxHostagent', `[VpxaHalCnxHostagent::DoCheckForUpdates] Updates took ${p.int(2, 9)} s`]],
    ];
  },
  (p, pri, sub) => `${pri} Vpxa[${p.int(2_100_000, 2_100_200)}]: [Originator@6876 sub=${sub} opID=${p.hex(8)}-${p.hex(2)}]`,
);

const fdm = agent(
  'esx-fdm-log',
  'var/run/log/fdm.log',
  10,
  (p) => {
    const host = () => `host-${p.int(10, 99)}`;
    return [
      [12, () => ['verbose', 'Cluster', `hostId=${host()} state=Slave master=${host()} isolated=false host-list-version=${p.int(1, 99)} config-version=${p.int(1, 99)} vm-metadata-version=${p.int(1, 9999)} slv-mst-tdiff-sec=0`]],
      [8, () => ['verbose', 'Invt', `[HostStateChange::SaveToInventory] host ${host()} changed state: Live`]],
      [8, () => ['info', 'Monitor', `[VmHeartbeatMonitor] vm /vmfs/volumes/${p.hex(8)}-${p.hex(8)}/vm-${p.int(1, 400)}/vm-${p.int(1, 400)}.vmx heartbeat ok`]],
      [4, () => ['verbose', 'Election', `Sending ping to ${p.ip()}`]],
    ];
  },
  (p, level, sub) => `${level} fdm[${p.int(2_110_000, 2_110_900)}] [Originator@6876 sub=${sub} opID=SWI-${p.hex(8)}]`,
);

// ---------------------------------------------------------------- ESXi 7 vobd.log
const vobd = lineFamily({ family: 'esx-vobd-log', file: 'var/run/log/vobd.log', seed: 11, start: START, meanStepMs: 2000 }, (p, clock) => {
  let uptime = 2_236_476_305;
  const user = () => `'root@${p.ip()}'`;
  const events: (readonly [number, () => string])[] = [
    [10, () => `[UserLevelCorrelator] ${uptime}us: [vob.user.ssh.session.opened] SSH session was opened for ${user()}.`],
    [10, () => `[UserLevelCorrelator] ${uptime}us: [esx.audit.ssh.session.closed] SSH session was closed for ${user()}.`],
    [6, () => `[netCorrelator] ${uptime}us: [vob.net.vmnic.linkstate.up] vmnic vmnic${p.int(0, 5)} linkstate up`],
    [4, () => `[GenericCorrelator] ${uptime}us: [vob.user.dcui.login] DCUI login by root`],
    [3, () => `No correlator for vob.user.ssh.session.opened`],
  ];
  return (out) => {
    uptime += p.int(1000, 9_000_000);
    out.push(`${clock.isoMs()}: ${p.weighted(events)()}`);
  };
});

// ---------------------------------------------------------------- a VM's vmware.log (ESXi 6.7)
const vmwareLog = lineFamily({ family: 'esx-vmware-log', file: 'vmfs/volumes/datastore1/app01/vmware.log', seed: 12, start: START, meanStepMs: 150 }, (p, clock) => {
  const threads = ['vmx', 'vmx', 'vcpu-0', 'vcpu-1', 'mks', 'svga', 'worker-2100340'];
  const messages: (readonly [number, () => string])[] = [
    [10, () => `I125: GuestRpc: Channel ${p.int(0, 9)}, guest application toolbox.`],
    [8, () => `I125: DISKLIB-VMFS  : "/vmfs/volumes/${p.hex(8)}-${p.hex(8)}/app01/app01-00000${p.int(1, 9)}-delta.vmdk" : open successful (${p.int(8, 30)}) size = ${p.int(4096, 1e9)}, hd = 0. Type 8`],
    [8, () => `I125: ToolsBackup: changing quiesce state: ${p.pick(['IDLE -> STARTED', 'STARTED -> COMMITTED', 'COMMITTED -> FINISHED', 'FINISHED -> IDLE'])}`],
    [6, () => `I125: HBACommon: First write on scsi0:${p.int(0, 3)}.fileName='/vmfs/volumes/${p.hex(8)}/app01/app01.vmdk'`],
    [5, () => `A100: ConfigDB: Setting scsi0:${p.int(0, 3)}.redo = ""`],
    [4, () => `W115: MKS: Lost ${p.int(1, 9)} frames`],
  ];
  return (out) => {
    out.push(`${clock.isoMs()}| ${p.pick(threads)}| ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- ESXi 8 syslog.log
const esxSyslog = lineFamily({ family: 'esx-syslog-log', file: 'var/run/log/syslog.log', seed: 13, start: START, meanStepMs: 500 }, (p, clock) => {
  const messages: (readonly [number, () => string])[] = [
    [12, () => `In(14) crond[${p.int(2_099_000, 2_099_999)}]: crond: USER root pid ${p.int(2_200_000, 2_300_000)} cmd /bin/hostd-probe.sh ++group=host/vim/vmvisor/hostd-probe/stats/sh`],
    [8, () => `In(14) sftp-server[${p.int(2_200_000, 2_300_000)}]: opendir "/vmfs/volumes/${p.hex(8)}-${p.hex(8)}"`],
    [6, () => `In(14) ConfigStore[${p.int(1_001_430_000, 1_001_439_999)}]: Committed ${p.int(1, 40)} changes`],
    [4, () => `No(13) DCUI: User root logged ${p.pick(['in', 'out'])}`],
    [4, () => `In(14) settingsd[${p.int(263_000, 263_999)}]: debug [ConfigStore:${p.hex(10)} opId=${p.hex(8)}] [RunCommand] About to run command /bin/esxcli system time get`],
  ];
  return (out) => {
    out.push(`${clock.isoMs()} ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- NetBackup legacy bpbrm log
const netbackup = lineFamily({ family: 'netbackup-legacy-log', file: 'netbackup/logs/bpbrm/log.030119', seed: 4, start: Date.UTC(2019, 2, 1, 0, 0, 0), meanStepMs: 40 }, (p, clock) => {
  const threads = Array.from({ length: 12 }, () => `${p.int(10_000, 60_000)}.${p.int(10_000, 60_000)}`);
  const clients = ['fileserver01', 'sqlprod02', 'exch-mbx03', 'vcenter01', 'oracle-db7'];
  const file = () => `/data/${p.pick(['home', 'projects', 'scratch', 'db'])}/${p.hex(6)}/${p.hex(10)}.${p.pick(['dat', 'log', 'txt', 'dbf'])}`;
  const messages: (readonly [number, (thread: string, out: string[]) => string])[] = [
    [14, () => `<2> bpbrm write_file_names: buffering file name '${file()}' for output`],
    [8, () => `<2> bpbrm read_media_msg: read from media manager: 0 ${p.int(1, 9999)} 0 ${clients[0]}_${p.int(1_500_000_000, 1_600_000_000)} ${p.int(1, 9)} ${p.int(1, 900)}`],
    [6, () => `<2> logconnections: BPCD CONNECT FROM ${p.ip()}.${p.int(1024, 65535)} TO ${p.ip()}.1556 fd = ${p.int(3, 40)}`],
    [6, () => `<2> vnet_pbxConnect_ex: pbxConnectExEx Succeeded`],
    [5, () => `<2> job_connect: SO_KEEPALIVE set on socket ${p.int(3, 40)} for client ${p.pick(clients)}`],
    [5, () => `<2> ConnectionCache::connectAndCache: Acquiring new connection for host nbu-master, query type ${p.int(1, 300)}`],
    [5, () => `<4> bpbrm emit_msg: INF - Processing ${file()}`],
    [4, () => `<2> bpcr_get_version_rqst: bpcd version: 0${p.int(7, 9)}${p.int(0, 9)}00000`],
    [4, () => `<2> bpbrm main: status ${p.pick([0, 0, 0, 1, 250, 2504])} from bpbkar`],
    [3, () => `<2> bpbrm check_for_terminated_processes: child ${p.int(1000, 65000)} exited with status 0`],
    [3, () => `<2> db_error_add_to_file: dberrorq.c:midnite = ${p.int(1_500_000_000, 1_600_000_000)}`],
    [3, () => `<2> vnet_cached_getnameinfo: vnet_hosts.c.${p.int(100, 3000)}: 0: Found name ${p.pick(clients)}.corp.example.com in cache`],
    [2, () => `<16> bpbrm handle_backup: client ${p.pick(clients)} EXIT STATUS 0: the requested operation was successfully completed`],
    // a connection attempt that succeeds at once: "connect in progress: 1" with no ": 2" after it
    [
      4,
      (thread, out) => {
        out.push(`${clock.timeOfDay()} [${thread}] <2> vnet_async_connect: ../../libvlibs/vnet_connect.c.${p.int(1000, 2000)}: 0: connect in progress: 1 0x00000001`);
        clock.tick();
        return `<2> vnet_async_connect: ../../libvlibs/vnet_connect.c.${p.int(1000, 2000)}: 0: connected: 1 0x00000001`;
      },
    ],
  ];
  return (out) => {
    const thread = p.pick(threads);
    const message = p.weighted(messages)(thread, out);
    out.push(`${clock.timeOfDay()} [${thread}] ${message}`);
  };
});

// ---------------------------------------------------------------- XenServer VMSSlog
const vmss: FamilyGenerator = {
  family: 'xenserver-vmss-log',
  file: 'VMSSlog',
  seed: 5,
  create(p) {
    const clock = new Clock(Date.UTC(2017, 4, 21, 0, 0, 0), p, 2000);
    const host = 'xrtuk-09-11';
    let pid = 10_000;
    const policies = Array.from({ length: 3 }, () => p.uuid());
    const vms = Array.from({ length: 30 }, () => p.uuid());
    const line = (n: number, text: string) => `${clock.syslog()} ${host} VMSS: [${n}] ${text}`;
    return {
      // one cron run: kicked, one policy processed, a few VMs snapshotted, finished well inside 15 minutes
      next(out) {
        const kick = (pid += p.int(3, 40));
        const run = (pid += p.int(3, 40));
        const policy = p.pick(policies);
        const cycleStart = clock.ms;
        out.push(line(kick, '===Kicking cron job for VMSS==='));
        clock.tick();
        out.push(line(run, `Processing policy: ${policy}`));
        const start = clock.spacedMicros();
        for (let i = p.int(2, 8); i > 0; i--) {
          clock.tick();
          const vm = p.pick(vms);
          out.push(line(run, `Processing VM: ${vm}`));
          out.push(line(run, `Snapshot VM ${vm} with name ${p.hex(6)}_${p.int(10000, 99999)}, type ${p.pick(['snapshot', 'checkpoint'])}`));
          out.push(line(run, `Deleting ${p.int(0, 2)} old snapshots of VM ${vm}, retained ${p.int(3, 10)}`));
          if (p.chance(0.3)) {
            out.push(line(run, `RETURN in create_structured_alert: <XCData><time>${clock.spacedMicros()}</time><messagetype>info</messagetype>`));
            out.push('<message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>');
          } else {
            out.push(line(run, `RETURN in create_structured_alert: <XCData><time>${clock.spacedMicros()}</time><messagetype>info</messagetype><message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>`));
          }
        }
        clock.tick();
        out.push(line(run, `snapshot start time: ${start}, end time: ${clock.spacedMicros()}, Last expected run time: ${start.slice(0, 16)}:00`));
        out.push(line(run, `Completed processing policy: ${policy}`));
        clock.ms = cycleStart + 15 * 60_000 + p.int(0, 5000);
      },
      afterInjection(sample, out) {
        // a sample that opened a policy run leaves it open: close it, or every later kick would overlap it
        for (const s of sample) {
          const m = /\[(\d+)\] Processing policy: ([0-9a-fA-F-]{36})/.exec(s);
          if (m) out.push(line(+m[1], `Completed processing policy: ${m[2]}`));
        }
      },
    };
  },
};

// ---------------------------------------------------------------- XenServer xensource.log
const xensource = lineFamily({ family: 'xenserver-xensource-log', file: 'xensource.log', seed: 6, start: Date.UTC(2017, 4, 21, 0, 0, 0), meanStepMs: 80 }, (p, clock) => {
  const host = 'xrtuk-09-11';
  const vms = Array.from({ length: 30 }, () => p.uuid());
  const task = () => `${p.pick(['VM.snapshot', 'session.slave_local_login_with_password', 'VM.get_record', 'event.from', 'SR.scan'])} ${p.pick(['R', 'D'])}:${p.hex(12)}`;
  const messages: (readonly [number, () => string])[] = [
    [14, () => `xapi: [debug|${host}|${p.int(100, 9999)} UNIX /var/lib/xcp/xapi|${task()}|dispatcher] task dispatch:event.from D:${p.hex(12)} created by task D:${p.hex(12)}`],
    [10, () => `xapi: [ info|${host}|${p.int(100, 9999)} UNIX /var/lib/xcp/xapi|${task()}|xapi] Session.create trackid=${p.hex(32)} pool=false uname= originator=vmss is_local_superuser=true auth_user_sid= parent=trackid=${p.hex(32)}`],
    [10, () => `xcp-rrdd: [ info|${host}|${p.int(1, 20)} ||rrdd_main] memfree has changed to ${p.int(100_000, 900_000)} in domain ${p.int(1, 40)}`],
    [8, () => `xenopsd-xc: [debug|${host}|${p.int(1, 60)} |events|xenops_server] VM_DB.signal ${p.pick(vms)}`],
    [8, () => `xapi: [debug|${host}|${p.int(100, 9999)} UNIX /var/lib/xcp/xapi|${task()}|audit] VM.snapshot: VM = '${p.pick(vms)} (web${p.int(1, 40)})'; new_name = 'web${p.int(1, 40)}_2017052${p.int(1, 9)}-${p.int(1000, 2359)}'`],
    [6, () => `xapi: [ warn|${host}|${p.int(100, 9999)} UNIX /var/lib/xcp/xapi|${task()}|xapi_vm_snapshot] VM ${p.pick(vms)}: quiesce not available, taking a crash-consistent snapshot`],
    [5, () => `xapi: [debug|${host}|${p.int(100, 9999)} |${task()}|storage_access] Executed on=${p.uuid()} sr_uuid=${p.uuid()} vdi_location=${p.uuid()}`],
    [4, () => `squeezed: [debug|${host}|0 ||squeeze_xen] domid ${p.int(1, 40)} has made no progress for ${p.int(1, 10)} s; marking as inactive`],
    [3, () => `xapi: [error|${host}|${p.int(100, 9999)} UNIX /var/lib/xcp/xapi|${task()}|backtrace] Raised Server_error(SESSION_INVALID, [ OpaqueRef:${p.uuid()} ])`],
    [2, () => `xcp-networkd: [ info|${host}|${p.int(1, 9)} |monitor_thread|network_utils] /usr/bin/ovs-appctl bond/show bond0`],
  ];
  return (out) => {
    out.push(`${clock.syslog()} ${host} ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- XenServer SMlog
const smlog = lineFamily({ family: 'xenserver-smlog', file: 'SMlog', seed: 7, start: Date.UTC(2017, 4, 22, 0, 0, 0), meanStepMs: 150 }, (p, clock) => {
  const host = 'xrtuk-09-11';
  const srs = Array.from({ length: 4 }, () => p.uuid());
  const messages: (readonly [number, () => string])[] = [
    [10, () => `lock: opening lock file /var/lock/sm/${p.pick(srs)}/sr`],
    [10, () => `lock: acquired /var/lock/sm/${p.pick(srs)}/sr`],
    [10, () => `lock: released /var/lock/sm/${p.pick(srs)}/sr`],
    [8, () => `['/usr/bin/vhd-util', 'query', '--debug', '-vsf', '-n', '/dev/VG_XenStorage-${p.pick(srs)}/VHD-${p.uuid()}']`],
    [8, () => `  pread SUCCESS`],
    [6, () => `LVMCache: refreshing`],
    [5, () => `['/sbin/lvs', '--noheadings', '--units', 'b', '-o', '+lv_tags', '/dev/VG_XenStorage-${p.pick(srs)}']`],
    [5, () => `vdi_attach {'sr_uuid': '${p.pick(srs)}', 'subtask_of': 'DummyRef:|${p.uuid()}|VDI.attach', 'vdi_ref': 'OpaqueRef:${p.uuid()}'}`],
    [4, () => `Calling tap-ctl list -m ${p.int(0, 40)}`],
    [3, () => `Setting LVM_DEVICE to /dev/disk/by-scsid/36${p.hex(31)}`],
  ];
  return (out) => {
    const tag = p.chance(0.1) ? 'SMGC' : 'SM';
    out.push(`${clock.syslog()} ${host} ${tag}: [${p.int(1000, 32000)}] ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- XenServer dom0 daemon.log (tapdisk)
const daemonLog = lineFamily({ family: 'xenserver-daemon-log', file: 'daemon.log', seed: 9, start: Date.UTC(2020, 6, 29, 0, 0, 0), meanStepMs: 200 }, (p, clock) => {
  const host = 'xcp01';
  const sr = p.uuid();
  const messages: (readonly [number, () => string])[] = [
    [10, () => `received '${p.pick(['attach', 'open', 'close', 'pause', 'resume'])}' message (uuid = ${p.int(0, 40)})`],
    [10, () => `sending '${p.pick(['attach', 'open', 'close', 'pause', 'resume'])} response' message (uuid = ${p.int(0, 40)})`],
    [6, () => `/dev/VG_XenStorage-${sr}/VHD-${p.uuid()} version: tap 0x00010003, b: ${p.int(100, 60000)}, a: ${p.int(0, 900)}, f: ${p.int(0, 900)}, n: ${p.int(1000, 90000)}`],
    [5, () => `gaps written/skipped: ${p.int(0, 9)}/${p.int(0, 9)}`],
    [4, () => `tap-${p.int(0, 40)}.${p.int(0, 3)}: watchdog timeout: requests were blocked`],
    [3, () => `ERROR: errno -${p.pick(['1', '2', '22'])} at tapdisk_control_handle_request: ${p.pick(['unknown message', 'no such vbd'])}`],
    [3, () => `tapdisk-control: init, 10 x 4k buffers`],
  ];
  return (out) => {
    out.push(`${clock.syslog()} ${host} tapdisk[${p.int(1000, 32000)}]: ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- XenServer dom0 kern.log
const kernLog = lineFamily({ family: 'xenserver-kern-log', file: 'kern.log', seed: 10, start: Date.UTC(2020, 6, 29, 0, 0, 0), meanStepMs: 400 }, (p, clock) => {
  const host = 'xcp01';
  const messages: (readonly [number, () => string])[] = [
    [10, () => `vif vif-${p.int(1, 90)}-0 vif${p.int(1, 90)}.0: Guest Rx ${p.pick(['ready', 'stalled'])}`],
    [8, () => `xen-blkback: backend/vbd/${p.int(1, 90)}/${p.pick(['768', '832', '51712'])}: using ${p.int(1, 4)} queues, protocol 1 (x86_64-abi) persistent grants`],
    [6, () => `sd ${p.int(0, 9)}:0:${p.int(0, 3)}:${p.int(0, 63)}: [sd${String.fromCharCode(97 + p.int(0, 25))}] Synchronizing SCSI cache`],
    [5, () => `device-mapper: multipath: ${p.int(250, 254)}:${p.int(0, 9)}: Reinstating path ${p.int(8, 66)}:${p.int(0, 240)}.`],
    [4, () => `blktap_device_create: minor ${p.int(0, 200)} sectors ${p.int(100000, 90000000)} info_sectors 0`],
    [3, () => `EXT4-fs (dm-${p.int(0, 9)}): mounted filesystem with ordered data mode. Opts: (null)`],
  ];
  return (out) => {
    out.push(`${clock.syslog()} ${host} kernel: [${p.int(1, 999999)}.${p.int(100000, 999999)}] ${p.weighted(messages)()}`);
  };
});

// ---------------------------------------------------------------- plain syslog /var/log/messages
const syslog = lineFamily({ family: 'syslog', file: 'var/log/messages', seed: 8, start: Date.UTC(2018, 4, 18, 0, 0, 0), meanStepMs: 300 }, (p, clock) => {
  const host = 'xrtuk-12-07';
  const messages: (readonly [number, () => string])[] = [
    [10, () => `CROND[${p.int(1000, 40000)}]: (root) CMD (/usr/lib64/sa/sa1 1 1)`],
    [8, () => `sshd[${p.int(1000, 40000)}]: Accepted publickey for root from ${p.ip()} port ${p.int(1024, 65535)} ssh2: RSA SHA256:${p.hex(43)}`],
    [6, () => `sshd[${p.int(1000, 40000)}]: pam_unix(sshd:session): session opened for user root by (uid=0)`],
    [6, () => `systemd[1]: Started Session ${p.int(1, 9999)} of user root.`],
    [6, () => `kernel: [${p.int(1, 999999)}.${p.int(100000, 999999)}] sd ${p.int(0, 9)}:0:${p.int(0, 3)}:${p.int(0, 63)}: [sd${String.fromCharCode(97 + p.int(0, 25))}] Synchronizing SCSI cache`],
    [5, () => `ntpd[${p.int(900, 2000)}]: kernel time sync status change ${p.pick(['2001', '6001', '0001'])}`],
    [5, () => `multipathd: 36${p.hex(31)}: sd${String.fromCharCode(97 + p.int(0, 25))} - tur checker reports path is up`],
    [4, () => `iscsid: connection${p.int(1, 9)}:0 is operational now`],
    [4, () => `snmpd[${p.int(900, 2000)}]: Connection from UDP: [${p.ip()}]:${p.int(1024, 65535)}->[${p.ip()}]:161`],
    [3, () => `rsyslogd: [origin software="rsyslogd" swVersion="8.24.0" x-pid="${p.int(900, 2000)}" x-info="http://www.rsyslog.com"] rsyslogd was HUPed`],
    [3, () => `xinetd[${p.int(900, 2000)}]: START: nrpe pid=${p.int(1000, 40000)} from=${p.ip()}`],
    [2, () => `kernel: EXT4-fs (dm-${p.int(0, 9)}): ${p.pick(['mounted filesystem with ordered data mode. Opts: (null)', 're-mounted. Opts: (null)'])}`],
  ];
  return (out) => {
    out.push(`${clock.syslog()} ${host} ${p.weighted(messages)()}`);
  };
});

/** Families that are not logs that grow: command output, and a job's details copied from the console. */
export const NOT_GENERATED: readonly string[] = ['esx-vdf', 'netbackup-job-details'];

const HAND_WRITTEN: readonly FamilyGenerator[] = [vnx, vmkernel, hostd, vpxa, fdm, vobd, vmwareLog, esxSyslog, netbackup, vmss, xensource, smlog, daemonLog, kernLog, syslog];

/**
 * Every family the benchmark generates, each a log of its own: the hand-written generators, and for
 * any other family of FORMATS one that varies its fixtures' records (fixtureFamily.ts).
 */
export const FAMILY_GENERATORS: readonly FamilyGenerator[] = [...HAND_WRITTEN, ...FORMATS.filter((f) => !NOT_GENERATED.includes(f.id) && !HAND_WRITTEN.some((g) => g.family === f.id)).map((f, i) => fixtureFamily(f.id, 100 + i))];
