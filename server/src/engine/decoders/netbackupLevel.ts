import type { Decoder } from './decoder';
import { netbackupLine } from './netbackupLine';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// The `<N>` after the process id of a NetBackup legacy debug log line.
interface LevelTable {
  sources: TableSource[];
  notes: string[];
  levels: { n: number; name: string; severity: string; meaning: string }[];
}

export const netbackupLevelDecoder: Decoder = {
  kind: 'netbackup-log-level',
  decode(line, context) {
    const nb = netbackupLine(line, context);
    if (!nb) return [];
    const table = loadTable<LevelTable>('netbackup-log-levels');
    const entry = table.levels.find((l) => l.n === nb.level);
    const text = line.slice(nb.levelStart, nb.levelEnd);
    return [
      {
        kind: this.kind,
        text,
        start: nb.levelStart,
        end: nb.levelEnd,
        summary: entry ? `NetBackup log level ${nb.level}: ${entry.name}` : `NetBackup log level ${nb.level}: not one of the usual values (0, 1, 2, 4, 8, 16, 32)`,
        details: [...(entry ? [entry.meaning] : []), ...table.notes, ...sourceLines(table.sources)],
      },
    ];
  },
};
