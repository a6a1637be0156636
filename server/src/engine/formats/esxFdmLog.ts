import type { LogFormat } from './logFormat';
import { vmacoreFormat } from './esxVmacore';

// vSphere HA agent (Fault Domain Manager) log, /var/log/fdm.log from ESXi 5.0 on, in the vmacore
// shapes of esxVmacore.ts:
//   ESXi 5.x-6.0:  2015-01-01T00:00:00.000Z [FFFB3B90 verbose 'Cluster' opID=SWI-1f2d5e7a] ...
//   ESXi 6.5-7.0:  2023-07-04T06:06:02.154Z info fdm[2110701] [Originator@6876 sub=Cluster opID=SWI-3ab50c2a] hostId=host-22 state=Master ...
//   ESXi 8.x:      2024-02-01T10:00:00.000Z In(166) Fdm[2101234]: [Originator@6876 sub=Invt] Host host-31 changed state: Dead
// ESXi 5 lines do not name the program: such a file is fdm's by its name, hostd's by content alone.
export const esxFdmLog: LogFormat = vmacoreFormat('esx-fdm-log', 'VMware vSphere HA agent (fdm) log', [/^fdm(?:-\d+)?(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i], {
  program: '[Ff]dm',
});
