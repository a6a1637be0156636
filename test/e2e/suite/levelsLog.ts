// A hostd log with one record of each level, a host name and a device: what the theme tests colour
// (plain module: the UI test in Node loads it too).
export const LEVELS_LOG = [
  "Apr 7 17:33:18 esx_host Hostd: [2012-04-07 17:33:18.100 32AE9B90 info 'Default'] Task Created : haTask-ha-host-vim.host.DatastoreSystem.rescanVmfs-90",
  "Apr 7 17:33:19 esx_host Hostd: [2012-04-07 17:33:19.200 32AE9B90 warning 'Statssvc'] Stats collection for host is 2 intervals late",
  "Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : /var/lib/vmware/hostd/stats/hostAgentStats.idMap'",
  "Apr 7 17:33:21 esx_host Hostd: [2012-04-07 17:33:21.000 32AE9B90 verbose 'Default'] Received naa.600601604a503a00f4c1e2a1b2c3d4e5 state update",
];
