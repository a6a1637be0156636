// The common support-bundle layouts, recognised by their paths, and the few small files in
// them that say the product, its version and the host.

export interface Identity {
  product?: string;
  version?: string;
  host?: string;
}

interface Layout {
  name: string;
  /** Tested on each member's path inside the bundle (forward slashes). */
  path: RegExp;
  /** A host name in the path, when the layout puts one there. */
  hostInPath?: RegExp;
}

export const LAYOUTS: readonly Layout[] = [
  { name: 'VMware vm-support bundle', path: /(?:^|\/)(?:esx-[^/]+-\d{4}-\d{2}-\d{2}--\d{2}\.\d{2}[^/]*\/|commands\/vmware_-vl\.txt$|var\/run\/log\/vmkernel\.log)/, hostInPath: /(?:^|\/)esx-([^/]+?)-\d{4}-\d{2}-\d{2}--\d{2}\.\d{2}/ },
  { name: 'XenServer status report', path: /(?:^|\/)(?:bug-report-\d{8}[^/]*\/|[^/]*xensource-inventory$|[^/]*xen-bugtool[^/]*$)/ },
  { name: 'VNX support materials', path: /(?:^|\/)(?:[^/]*support_materials[^/]*|spcollect[^/]*|[^/]*(?:nas_version|server_version)[^/]*)(?:\/|$)/i },
  { name: 'NetBackup nbsu output', path: /(?:^|\/)(?:nbsu\/|[^/_]+_(?:master|media|client)_\d+[^/]*\/|NBU_[^/]+\.txt$)/, hostInPath: /(?:^|\/)([^/_]+)_(?:master|media|client)_\d+/ },
  { name: 'NetBackup logs folder', path: /(?:^|\/)netbackup\/logs\//i },
];

/** Small files whose first few KiB name the product, version or host. */
const IDENTITY_FILE = /(?:^|\/)(?:vmware_-vl\.txt|vmware_-v\.txt|[^/]*xensource-inventory|hostname(?:\.txt|\.out)?|version(?:\.txt)?|NBU_version\.txt|[^/]*(?:nas_version|server_version)[^/]*)$/;

export const IDENTITY_HEAD_BYTES = 4096;

export function isIdentityFile(path: string): boolean {
  return IDENTITY_FILE.test(path);
}

/** What an identity file's head says. */
export function readIdentity(path: string, head: string): Identity {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const vmware = /VMware (ESXi|ESX Server|ESX) (\d+\.\d+(?:\.\d+)?)(?: build-(\d+))?/.exec(head);
  if (vmware) return { product: `VMware ${vmware[1]}`, version: vmware[3] ? `${vmware[2]} build-${vmware[3]}` : vmware[2] };
  if (/xensource-inventory$/.test(base)) {
    const brand = /^PRODUCT_BRAND='([^']*)'/m.exec(head)?.[1] ?? 'XenServer';
    const version = /^PRODUCT_VERSION='([^']*)'/m.exec(head)?.[1];
    return { product: `Citrix ${brand}`, version };
  }
  const netbackup = /NetBackup[- ](\d+(?:\.\d+)+)/.exec(head);
  if (netbackup) return { product: 'Veritas NetBackup', version: netbackup[1] };
  const vnx = /(?:Version:\s*T|nas_version\D{0,40})(\d+\.\d+\.\d+\.\d+)/.exec(head) ?? (/(?:nas|server)_version/.test(base) ? /(?<![\d.])(\d{1,4}\.\d{1,4}\.\d{1,4}[.-]\d{1,6})/.exec(head) : null);
  if (vnx) return { product: 'Dell EMC VNX', version: vnx[1] };
  if (/^hostname(?:\.txt|\.out)?$/.test(base)) {
    const host = head.split(/\r?\n/)[0].trim();
    if (/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/.test(host)) return { host };
  }
  return {};
}
