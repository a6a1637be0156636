import type { DecodeContext } from './decoder';

// What the NetBackup decoders need to know about a legacy debug log line, whether or not the
// file was detected as one: the `<N>` level token and the function that wrote the message.
//   17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25
//   8:51:14.569 AM: [1924.2304] <2> tar_base::V_vTarMsgW: INF - EXIT STATUS 156: ...
// The article also elides the time ("... [2172.4736] <2> ..."); that shape counts too.
const LINE = /^(?:\d{1,2}:\d{2}:\d{2}\.\d{3}(?: [AP]M)?:?|\.\.\.) \[\d+(?:\.\d+)?\] (<\d{1,2}>) ?/;
/** "function:" or "process function:"; "::" may occur inside a C++ name. */
const FUNCTION = /^(?:[A-Za-z][\w.-]* )?([A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*)(?:\(\))?:(?= |$)/;

export interface NetBackupLine {
  /** Offsets of the `<N>` token. */
  levelStart: number;
  levelEnd: number;
  level: number;
  /** Where the message (after the level) starts. */
  messageStart: number;
  /** The function that wrote the message, when the message starts with one. */
  function?: string;
}

export function netbackupLine(line: string, context: DecodeContext): NetBackupLine | undefined {
  const m = LINE.exec(line);
  if (!m) {
    // A line of a detected NetBackup file whose prefix we do not know: nothing to anchor on.
    if (context.format?.id !== 'netbackup-legacy-log' || !context.record?.levelRange) return undefined;
    const [levelStart, levelEnd] = context.record.levelRange;
    const level = Number(line.slice(levelStart + 1, levelEnd - 1));
    if (!Number.isInteger(level)) return undefined;
    return withFunction(line, { levelStart, levelEnd, level, messageStart: levelEnd + 1 });
  }
  const levelEnd = m[0].length - (m[0].endsWith(' ') ? 1 : 0);
  const levelStart = levelEnd - m[1].length;
  return withFunction(line, { levelStart, levelEnd, level: Number(m[1].slice(1, -1)), messageStart: m[0].length });
}

function withFunction(line: string, nb: NetBackupLine): NetBackupLine {
  const f = FUNCTION.exec(line.slice(nb.messageStart, nb.messageStart + 200));
  if (f) nb.function = f[1];
  return nb;
}
