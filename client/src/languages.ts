// Language ids the extension contributes (package.json "languages"); the server analyses these.
export const LOG_LANGUAGES = ['vnx-server-log'] as const;
