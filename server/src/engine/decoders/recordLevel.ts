import { SYSLOG_LEVEL_NAMES } from '../formats/logFormat';
import type { Decoder } from './decoder';

// The numeric level some families write (VNX server_log "NDMP: 3:") is a syslog severity.
export const recordLevelDecoder: Decoder = {
  kind: 'syslog-level',
  decode(line, { format, record }) {
    if (!record?.levelRange || record.levelText === undefined || !/^[0-7]$/.test(record.levelText)) return [];
    const n = +record.levelText;
    const name = SYSLOG_LEVEL_NAMES[n];
    const [start, end] = record.levelRange;
    return [
      {
        kind: this.kind,
        text: record.levelText,
        start,
        end,
        summary: `syslog level ${n}: ${name} (${record.level})`,
        details: [
          `${format?.title ?? 'This log'} writes the message severity as a syslog level, 0 (emergency) to 7 (debug); 0–3 are errors, 4 warnings.`,
          `Facility: ${record.component ?? 'unknown'}.`,
          'Source: RFC 5424 section 6.2.1, https://www.rfc-editor.org/rfc/rfc5424#section-6.2.1',
        ],
      },
    ];
  },
};
