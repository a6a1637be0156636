import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// XenServer XAPI message (alert) names and their priority, e.g. the VM Scheduled Snapshot ones
// in /var/log/VMSSlog, plain or inside the alert the plug-in records:
//   ... create_structured_alert: <XCData>...<message>VMSS_SNAPSHOT_FAILED</message></XCData>

interface XapiTable {
  sources: TableSource[];
  notes: string[];
  priorities: { n: number; name: string; meaning: string }[];
  messages: { name: string; priority: number; xapiText?: string; articleText?: string; meaning?: string }[];
}

type Entry = XapiTable['messages'][number];
let byName: Map<string, Entry> | undefined;

// Upper-case words with at least one underscore: "ALARM" alone is too common a word to claim.
const NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

export const xapiDecoder: Decoder = {
  kind: 'xapi-message',
  decode(line) {
    if (!/[A-Z]_[A-Z]/.test(line)) return [];
    const t = loadTable<XapiTable>('xapi-messages');
    byName ??= new Map(t.messages.map((m) => [m.name, m]));
    const out: Decoding[] = [];
    for (const m of line.matchAll(NAME)) {
      const entry = byName.get(m[0]);
      if (!entry) continue;
      const priority = t.priorities.find((p) => p.n === entry.priority);
      const details: string[] = [];
      if (entry.meaning) details.push(entry.meaning);
      if (entry.xapiText) details.push(`XAPI's text: "${entry.xapiText}"`);
      if (entry.articleText) details.push(`CTX224169 quotes: "${entry.articleText}"`);
      if (priority) details.push(`Priority ${priority.n}, ${priority.name}: ${priority.meaning} (1 is the most urgent, 5 informational.)`);
      details.push(...sourceLines(t.sources));
      out.push({
        kind: this.kind,
        text: m[0],
        start: m.index!,
        end: m.index! + m[0].length,
        summary: `XAPI message ${entry.name}, priority ${entry.priority}${priority ? ` (${priority.name.toLowerCase()})` : ''}`,
        details,
      });
    }
    return out;
  },
};
