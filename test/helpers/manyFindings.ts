// A NetBackup log with many distinct findings of mixed severity: on each of `threads` threads a PBX
// delay (warning) and a status 25 (error), each thread its own subject, so that none are counted
// together; plus a PBX-not-running line per thread (information, one subject: counted after 3).
export function manyFindingsLog(threads: number): string {
  const lines: string[] = [];
  const stamp = (s: number) => `${String(Math.floor(s / 3600) % 24).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
  for (let i = 0; i < threads; i++) {
    const t = 3600 + i * 20;
    const thread = `${1000 + i}.7`;
    lines.push(
      `${stamp(t)} [${thread}] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001`,
      `${stamp(t + 10)} [${thread}] <2> vnet_async_connect: ... 0: connect in progress: 2 0x00000002`,
      `${stamp(t + 10)} [${thread}] <2> do_vnetd_service: ... 0: remote host supports PBX, but PBX is not running: 0 0x00000000`,
      `${stamp(t + 12)} [${thread}] <2> bpcr_ipc_vnetd_socket_ipi_rqst: bpcr_put_vnetd_forward_socket failed: 25`,
    );
  }
  return lines.join('\n') + '\n';
}
