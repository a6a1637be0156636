import type { LogFormat } from './logFormat';
import { anyOf, parseIsoLikeTime, syslogLevel } from './logFormat';
import { parseVnxCommandLine, VNX_COMMAND_LINE } from './vnxCommandOutput';

// Dell EMC VNX / Celerra Data Mover server_log:
//   2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1, ...
// time (Data Mover local time, no zone) : thread id : facility : syslog level 0-7 : message.
const RECORD = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}): (\d+): ([A-Z][A-Z0-9_]*): ([0-7]): ?/;
// Control Station command output pasted beside the log is read too, as records of its own kinds
// (vnxCommandOutput.ts says why this family and not another).

/**
 * The Data Mover a log belongs to, when its path says (`server_log_server_2.txt`, `server_3/server_log`,
 * `slot_2/`): a mover `server_N` sits in slot N, whose files live under /nas/quota/slot_N on the
 * Control Station. The last mention wins (the file's own name over its folders).
 */
export function dataMoverOfPath(path: string): Record<string, string> {
  let slot: string | undefined;
  for (const m of path.matchAll(/(?:server_|slot_)(\d{1,2})(?!\d)/g)) slot = m[1];
  return slot === undefined ? {} : { mover: `server_${slot}`, slot };
}

export const vnxServerLog: LogFormat = {
  id: 'vnx-server-log',
  title: 'VNX Data Mover server_log',
  fileNames: [/server_log/i],
  valuesFromPath: dataMoverOfPath,
  recordStart: anyOf([RECORD, VNX_COMMAND_LINE]),
  parse(line) {
    const m = RECORD.exec(line);
    if (!m) return parseVnxCommandLine(line);
    const threadStart = m[1].length + 2;
    const componentStart = threadStart + m[2].length + 2;
    const levelStart = componentStart + m[3].length + 2;
    const level = +m[4];
    return {
      time: parseIsoLikeTime(line),
      timeZone: 'local',
      thread: m[2],
      component: m[3],
      level: syslogLevel(level),
      levelText: m[4],
      timeRange: [0, m[1].length],
      threadRange: [threadStart, threadStart + m[2].length],
      componentRange: [componentStart, componentStart + m[3].length],
      levelRange: [levelStart, levelStart + 1],
      messageRange: [m[0].length, line.length],
    };
  },
};
