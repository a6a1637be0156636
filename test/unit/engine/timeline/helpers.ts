import type { RenderedLine, TimelineOptions, TimelineSummary } from '../../../../server/src/engine/timeline';
import { mergeTimeline, TimelineRenderer } from '../../../../server/src/engine/timeline';

/** Merges and renders into memory (small fixtures only). */
export async function mergeToLines(inputs: string[], options: TimelineOptions = {}): Promise<{ lines: RenderedLine[]; text: string[]; summary: TimelineSummary }> {
  const lines: RenderedLine[] = [];
  let renderer: TimelineRenderer | undefined;
  const summary = await mergeTimeline(inputs, { ...options, onReady: (s) => void (renderer = new TimelineRenderer(s.map((x) => x.tag))) }, (e) => renderer!.render(e, (l) => lines.push(l)));
  return { lines, text: lines.map((l) => l.text), summary };
}

/** The original text of a timeline line (after "<time> [tag] "). */
export function original(line: string): string {
  return line.replace(/^.{23} +\[[^\]]*\] /, '');
}
