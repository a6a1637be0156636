// Language ids the extension contributes (package.json "languages"); the server analyses these.
export const LOG_LANGUAGES = ['vnx-server-log', 'esx-vmkernel-log', 'esx-hostd-log', 'esx-vpxa-log', 'esx-fdm-log', 'esx-vobd-log', 'esx-vmware-log', 'esx-vdf', 'esx-syslog-log', 'netbackup-legacy-log', 'xenserver-vmss-log', 'xenserver-xensource-log', 'xenserver-smlog', 'syslog'] as const;
