// A noisy support bundle written for the tests (issue 17): a vmkernel log of `megabytes` MB whose
// benign lines carry a SCSI check condition and a busy device every `noisePerCheck` lines on `devices`
// devices (one finding per device and kind, the repeats counted into it), a few rare problems that matter (a PSOD, a device lost for good, APD),
// and two NetBackup legacy logs of one day in two process folders (`bpbrm/log.050514`, `bpcd/log.050514`).
import * as fs from 'fs';
import * as path from 'path';

export interface NoisyBundle {
  root: string;
  vmkernel: string;
  bpbrm: string;
  bpcd: string;
}

const stamp = (s: number) => new Date(Date.UTC(2024, 2, 5, 8, 0, 0) + s * 1000).toISOString();
const naa = (i: number) => `naa.6006016045a03a00${(0x1000 + i).toString(16).padStart(8, '0')}e511`;

/** A failed command: a check condition (D:0x2, unit attention) or a busy device (D:0x8). */
function failedCommand(s: number, device: number, status: 2 | 8): string {
  const sense = status === 2 ? ' Valid sense data: 0x6 0x29 0x0.' : '';
  return `${stamp(s)} cpu3:2099270)ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28, CmdSN 0x1 from world 0 to dev "${naa(device)}" failed H:0x0 D:0x${status} P:0x0${sense}`;
}

const RARE = (s: number) => [
  `${stamp(s)} cpu5:66132)@BlueScreen: #PF Exception 14 in world 66132:vmm0:SQL01 IP 0x41802e2e3a2b addr 0x0`,
  `${stamp(s + 1)} cpu2:853571)WARNING: ScsiDevice: 1223: Device :naa.60a98000572d54724a34642d71325763 has been removed or is permanently inaccessible.`,
  `${stamp(s + 2)} cpu14:33465)StorageApdHandler: 846: APD Start for ident [8a5a1336-3d574c6d]!`,
];

function writeVmkernel(file: string, megabytes: number, devices: number, noisePerCheck: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    const target = megabytes * 1024 * 1024;
    let written = 0;
    let s = 0;
    let device = 0;
    let rareAt = Math.floor(target / 2);
    while (written < target) {
      const lines: string[] = [];
      for (let i = 0; i < noisePerCheck; i++, s++) lines.push(`${stamp(s)} cpu1:2097583)NetPort: 1632: disabled port 0x${(0x4000000 + s).toString(16)} (benign noise line ${s})`);
      // every device fails a few times over the log: thousands of occurrences, one finding each
      lines.push(failedCommand(s, device % devices, 2), failedCommand(s, (device + 7) % devices, 8));
      device++;
      if (written >= rareAt) {
        lines.push(...RARE(s));
        rareAt = Infinity;
      }
      const text = lines.join('\n') + '\n';
      fs.writeSync(fd, text);
      written += Buffer.byteLength(text);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function netbackupLog(thread: string, refused: number): string {
  const lines: string[] = [];
  for (let i = 0; i < refused; i++) {
    const t = `${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:04.381`;
    lines.push(`${t} [${thread}] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001`, `${t} [${thread}] <2> bpcr_ipc_vnetd_socket_ipi_rqst: bpcr_put_vnetd_forward_socket failed: 25`);
  }
  return lines.join('\n') + '\n';
}

/** Writes the bundle under `dir/name` and says where its files are. */
export function writeNoisyBundle(dir: string, name: string, megabytes: number, devices: number, noisePerCheck = 40): NoisyBundle {
  const root = path.join(dir, name);
  const bundle: NoisyBundle = {
    root,
    vmkernel: path.join(root, 'vmware', 'esx01', 'var', 'log', 'vmkernel.log'),
    bpbrm: path.join(root, 'netbackup', 'logs', 'bpbrm', 'log.050514'),
    bpcd: path.join(root, 'netbackup', 'logs', 'bpcd', 'log.050514'),
  };
  for (const f of [bundle.vmkernel, bundle.bpbrm, bundle.bpcd]) fs.mkdirSync(path.dirname(f), { recursive: true });
  writeVmkernel(bundle.vmkernel, megabytes, devices, noisePerCheck);
  fs.writeFileSync(bundle.bpbrm, netbackupLog('5592.5372', 40));
  fs.writeFileSync(bundle.bpcd, netbackupLog('3120.2236', 12));
  return bundle;
}
