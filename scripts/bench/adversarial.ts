// Logs built to hurt: the inputs of issue 15 that once blew the analyzer's memory or time up. Each
// generator returns the text (or writes it, for the big ones) at any size, so the benchmark runs them
// at full size and the tests at a small one. Deterministic: the same size gives the same bytes.

/** A NetBackup bpbrm job that fails with status 25 after two PBX delays on its thread (article 002's shape). */
const NBU_JOB = [
  '17:46:37.262 [1660.4296] <2> bpbrm spawn_brm_child: bpbrm child pid = 5592.5372',
  '17:49:54.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001',
  '17:50:04.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 2 0x00000002',
  '17:50:04.381 [5592.5372] <2> do_vnetd_service: ... 0: remote host supports PBX, but PBX is not running: 0 0x00000000',
  '17:50:04.599 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001',
  '17:50:14.599 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 2 0x00000002',
  '17:50:15.099 [5592.5372] <2> vnet_vnetd_connect_forward_socket_begin: ... 0: ipc_string: 57287',
  '17:50:15.974 [5592.5372] <2> bpbrm start_bpcd_stat: DATA_SOCK from bpcr = 1240',
  '17:50:36.114 [5592.5372] <2> bpcr_put_vnetd_forward_socket: bpcd returned failure: 25',
  '17:50:36.114 [5592.5372] <2> bpcr_ipc_vnetd_socket_ipi_rqst: bpcr_put_vnetd_forward_socket failed: 25',
  '17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket, The operation completed successfully.  (0)',
];

/** The job repeated `repeats` times, times and thread unchanged: every status 25 sees every earlier delay of the thread. */
export function nbuStatus25Log(repeats: number): string {
  const block = NBU_JOB.join('\n') + '\n';
  return block.repeat(repeats);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function syslogStamp(t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function policyId(n: number): string {
  const h = (n * 2654435761) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-ab0c-af14-a116-${pad(n % 1e12, 12)}`;
}

/**
 * A VMSSlog where runs start and never report completion: every cron kick starts a new pid that
 * opens a policy, between kicks `fill` lines of other pids' work. Yields pieces of about 1 MB.
 */
export function* vmssOpenRunsLog(targetBytes: number, fill = 20): Generator<string> {
  let t = Date.UTC(2017, 4, 21, 10, 0, 0);
  let pid = 10_000;
  let written = 0;
  let lines: string[] = [];
  let size = 0;
  const push = (line: string) => {
    lines.push(line);
    size += line.length + 1;
  };
  while (written < targetBytes) {
    const stamp = syslogStamp(t);
    push(`${stamp} xrtuk-09-11 VMSS: [${pid}] ===Kicking cron job for VMSS===`);
    pid++;
    push(`${stamp} xrtuk-09-11 VMSS: [${pid}] No of Policies: 2`);
    push(`${stamp} xrtuk-09-11 VMSS: [${pid}] Processing policy: ${policyId(pid)}`);
    for (let i = 0; i < fill; i++) push(`${stamp} xrtuk-09-11 VMSS: [${pid - (i % 7)}] Processing VM: e2a06f32-d4ad-316f-ef20-${pad(i, 12)}`);
    pid++;
    t += 60_000; // a kick a minute: many pids, none finishing
    if (size >= 1 << 20) {
      const piece = lines.join('\n') + '\n';
      written += piece.length;
      lines = [];
      size = 0;
      yield piece;
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

/** `count` lines of an ESXi ramdisk that ran full, all on one ramdisk (a storm of one problem). */
export function* ramdiskStormLog(count: number): Generator<string> {
  const PIECE = 10_000;
  for (let done = 0; done < count; done += PIECE) {
    const lines: string[] = [];
    for (let i = done; i < Math.min(count, done + PIECE); i++) {
      const s = i % 60;
      lines.push(`2019-04-07T17:41:${pad(s)}.580Z cpu7:4182)BC: 3837: Failed to flush ${(i % 97) + 1} buffers of size 8192 each for object '' 1 4 ed6 0 0 0 0 0 0 0 0 0 0 0: No free memory for file data`);
    }
    yield lines.join('\n') + '\n';
  }
}

/** `count` SCSI check conditions on `devices` devices, in turn. */
export function* scsiStormLog(count: number, devices = 4): Generator<string> {
  const PIECE = 10_000;
  for (let done = 0; done < count; done += PIECE) {
    const lines: string[] = [];
    for (let i = done; i < Math.min(count, done + PIECE); i++) {
      lines.push(`2019-03-01T08:53:${pad(i % 60)}.573Z cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.6000000000000000000000000000000${i % devices}" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.`);
    }
    yield lines.join('\n') + '\n';
  }
}

function nbuLine(t: number, thread: string, message: string): string {
  const ms = t % 86_400_000;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)} [${thread}] <2> vnet_async_connect: ... 0: ${message}`;
}

const REFUSED = 'getsockopt SO_ERROR returned: 10061 0x0000274d';

/**
 * Refusal storms: one storm of `stormSize` refusals on thread 1.1, then `others` threads with one
 * refusal each (a storm that an evicting tracker used to drop unreported).
 */
export function refusalStormThenCrowdLog(stormSize: number, others: number): string {
  const lines: string[] = [];
  let t = 3_600_000;
  for (let i = 0; i < stormSize; i++) {
    lines.push(nbuLine(t, '1.1', 'connect in progress: 1 0x00000001'), nbuLine(t + 5, '1.1', REFUSED));
    t += 2000;
  }
  for (let i = 0; i < others; i++) lines.push(nbuLine((t += 10), `${2 + i}.7`, REFUSED));
  return lines.join('\n') + '\n';
}

/** `storms` storms of three refusals, each on its own thread. */
export function* manyRefusalStormsLog(storms: number): Generator<string> {
  const PIECE = 10_000;
  let t = 3_600_000;
  for (let done = 0; done < storms; done += PIECE) {
    const lines: string[] = [];
    for (let i = done; i < Math.min(storms, done + PIECE); i++) {
      const thread = `${100 + i}.3`;
      for (let k = 0; k < 3; k++) lines.push(nbuLine((t += 3), thread, REFUSED));
    }
    yield lines.join('\n') + '\n';
  }
}

/** A vmkernel log of about `targetBytes` where every line is a finding on its own device. */
export function everyLineAFindingLog(targetBytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const line = `2019-03-01T08:53:${pad(i % 60)}.573Z cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.${pad(i, 32)}" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x3 0x11 0x0.`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}
