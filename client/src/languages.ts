// Language ids the extension contributes (package.json "languages"); the server analyses these.
export const LOG_LANGUAGES = ['vnx-server-log', 'esx-vmkernel-log', 'esx-hostd-log', 'esx-vdf', 'netbackup-legacy-log', 'xenserver-vmss-log', 'xenserver-xensource-log', 'xenserver-smlog', 'xenserver-daemon-log', 'xenserver-kern-log', 'syslog'] as const;
