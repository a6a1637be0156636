// The merged timeline document (`logtriage-timeline:`): the server builds its text from disk, maps
// the files' findings onto its lines as diagnostics (related evidence pointing at the timeline line
// when it is there, at the file otherwise), and answers hovers on it with each line's own family.
import type { CancellationToken, Connection, Diagnostic, Hover, Position, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, Finding, LogFormat, RuleSet } from '../engine';
import { analyzePaths, detectFormat, formatById } from '../engine';
import type { ClockOffsetRule, TimeBound, TimelineSourceInfo } from '../engine/timeline';
import { ArchiveSpill } from '../engine/timeline/archiveSpill';
import { dateRulesFromSettings, formatOffset, isoTime, mergeTimeline, offsetRulesFromSeconds, parseTimeBound, splitTimelineLine, TimelineRenderer } from '../engine/timeline';
import type { TimelineFile, TimelineParams, TimelineResult } from '../protocol';
import { TIMELINE_REQUEST, TIMELINE_SCHEME } from '../protocol';
import { toDiagnostic } from './diagnostics';
import { forgetGapLenses } from './gaps';
import { hoverAt } from './hover';
import { onRequest } from './messages';
import { timelineGapSeconds, timelineOffsetSeconds, timelineYear } from './settings';

/** VS Code hands extensions no document over 50 MB; the timeline stops well before. */
const MAX_TEXT_CHARS = 40 * 1024 * 1024;
const MAX_DIAGNOSTICS = 3000;

export function isTimelineUri(uri: string): boolean {
  return uri.startsWith(`${TIMELINE_SCHEME}:`);
}

/** What hovers and re-publication need of a timeline document. */
interface TimelineState {
  files: TimelineFile[];
  lineFiles: number[];
  /** Findings by timeline line, their spans in the original line's coordinates. */
  findings: Map<number, Finding[]>;
  diagnostics: Diagnostic[];
}

const states = new Map<string, TimelineState>();

/** The `logtriage.timeline` settings section, read defensively. */
export interface TimelineSettings {
  offsets: ClockOffsetRule[];
  gapSeconds: number;
  year?: number;
}

export function timelineSettings(section: unknown): TimelineSettings {
  const t = ((section ?? {}) as { timeline?: { offsets?: unknown; gapSeconds?: unknown; year?: unknown } }).timeline ?? {};
  const year = timelineYear(t.year);
  return {
    offsets: offsetRulesFromSeconds(timelineOffsetSeconds(t.offsets)),
    gapSeconds: timelineGapSeconds(t.gapSeconds),
    ...(year !== undefined ? { year } : {}),
  };
}

function bound(text: string | undefined): TimeBound | undefined {
  return text ? parseTimeBound(text) : undefined;
}

/** A time-of-day log whose day came from its modification time, or from nowhere. */
function dayUncertain(s: TimelineSourceInfo): boolean {
  return s.dayFrom === 'mtime' || s.dayFrom === 'none';
}

function fileInfo(s: TimelineSourceInfo): TimelineFile {
  return {
    path: s.path,
    tag: s.tag,
    format: s.format,
    offsetSeconds: s.offsetMs / 1000,
    ...(s.basis ? { basis: s.basis } : {}),
    ...(s.unplaced ? { notPlaced: s.unplaced } : {}),
    ...(s.unreadable ? { error: s.unreadable } : {}),
    records: s.records,
    ...(dayUncertain(s) ? { dayUncertain: true } : {}),
  };
}

/** Builds the timeline of `params.paths`, its diagnostics and its state for hovers. */
/** The notes on top of a timeline: what it covers, each file and how its times were placed, what is missing. */
function timelineHeader(summary: Awaited<ReturnType<typeof mergeTimeline>>, files: TimelineResult['files'], hints: TimelineResult['hints'], truncated: boolean): { text: string; file: number }[] {
  const header: { text: string; file: number }[] = [];
  const span = summary.firstTime !== undefined ? `${isoTime(summary.firstTime)} to ${isoTime(summary.lastTime!)}` : 'no lines';
  header.push({ text: `# Log Triage timeline of ${files.length} file${files.length === 1 ? '' : 's'}: ${span}${truncated ? ' (cut at the size limit: narrow it with from/to)' : ''}`, file: -1 });
  for (const s of summary.sources) {
    if (s.unplaced || s.unreadable) continue;
    const parts = [s.format ?? 'no known family', ...(s.basis ? [s.basis] : []), ...(s.offsetMs ? [`clock offset ${formatOffset(s.offsetMs)}`] : [])];
    header.push({ text: `# [${s.tag}] ${s.path}: ${parts.join(', ')}`, file: s.index });
  }
  for (const s of summary.sources) if (s.unplaced) header.push({ text: `# [${s.tag}] not placed: ${s.path}: ${s.unplaced}`, file: s.index });
  for (const s of summary.sources) if (s.unreadable) header.push({ text: `# [${s.tag}] unreadable: ${s.path}: ${s.unreadable}`, file: s.index });
  for (const u of summary.unreadable) header.push({ text: `# unreadable: ${u.path}: ${u.reason}`, file: -1 });
  for (const h of hints) header.push({ text: `# clocks: ${h.message}`, file: -1 });
  return header;
}

export async function buildTimeline(params: TimelineParams, analyzeOptions: AnalyzeOptions, token?: CancellationToken): Promise<{ result: TimelineResult; state: TimelineState }> {
  // the client passes its settings as it read them: bounded here as the settings are
  const offsets = offsetRulesFromSeconds(timelineOffsetSeconds(params.offsets));
  const year = timelineYear(params.year);
  const isCancelled = () => !!token?.isCancellationRequested;
  // an archive is walked once: its members' text goes to a spill that the analysis and the merge both read
  const spill = new ArchiveSpill();
  try {
    return await analyzeAndMerge(params, analyzeOptions, { offsets, year, isCancelled, spill });
  } finally {
    await spill.remove();
  }
}

async function analyzeAndMerge(
  params: TimelineParams,
  analyzeOptions: AnalyzeOptions,
  { offsets, year, isCancelled, spill }: { offsets: ClockOffsetRule[]; year: number | undefined; isCancelled: () => boolean; spill: ArchiveSpill },
): Promise<{ result: TimelineResult; state: TimelineState }> {
  // 1. findings of every file, related across files on the timeline's clock
  const hints: TimelineResult['hints'] = [];
  const hintPaths: string[] = [];
  let links = 0;
  const { files: analyses } = await analyzePaths(
    params.paths,
    { ...analyzeOptions, clockOffsets: offsets, year, isCancelled, spill },
    {
      onCorrelated: (r) => {
        for (const h of r.hints) {
          hints.push({ message: h.message, tag: '', offsetSeconds: h.suggestedOffsetMs / 1000 });
          hintPaths.push(h.path);
        }
        links = r.links.length;
      },
    },
  );
  const findingsOf = new Map(analyses.map((a) => [a.path, a.findings]));
  // 2. the merge; lines of findings and of their evidence are remembered where they land
  let infos: readonly TimelineSourceInfo[] = [];
  let renderer: TimelineRenderer | undefined;
  const body: string[] = [];
  const lineFiles: number[] = [];
  const lineNumbers: number[] = [];
  const landed = new Map<string, number>();
  const wanted = new Set<string>();
  let chars = 0;
  let truncated = false;
  const summary = await mergeTimeline(
    params.paths,
    {
      offsets,
      year,
      dates: dateRulesFromSettings(params.dates),
      from: bound(params.from),
      to: bound(params.to),
      gapMs: timelineGapSeconds(params.gapSeconds) * 1000,
      isCancelled,
      spill,
      onReady(ready) {
        infos = ready;
        renderer = new TimelineRenderer(
          ready.map((s) => s.tag),
          ready.filter((s) => !s.unplaced && !s.unreadable).map((s) => s.tag),
        );
        const index = new Map(ready.map((s) => [s.path, s.index]));
        for (const s of ready) {
          for (const f of findingsOf.get(s.path) ?? []) {
            wanted.add(`${s.index}:${f.span.line}`);
            for (const r of f.related) wanted.add(`${r.path ? index.get(r.path) : s.index}:${r.span.line}`);
          }
        }
      },
    },
    (entry) => {
      renderer!.render(entry, (l) => {
        if (l.source >= 0 && wanted.has(`${l.source}:${l.line}`)) landed.set(`${l.source}:${l.line}`, body.length);
        body.push(l.text);
        lineFiles.push(l.source);
        lineNumbers.push(l.line);
        chars += l.text.length + 1;
      });
      if (chars > MAX_TEXT_CHARS) {
        truncated = true;
        return false;
      }
    },
  );
  // 3. notes on top: the files, how their times were placed, what is missing
  const files = summary.sources.map(fileInfo);
  hints.forEach((h, i) => (h.tag = files.find((f) => f.path === hintPaths[i])?.tag ?? hintPaths[i]));
  const header = timelineHeader(summary, files, hints, truncated);
  const shift = header.length;
  // 4. findings as diagnostics of the timeline lines
  const uri = params.uri;
  const findings = new Map<number, Finding[]>();
  const diagnostics: Diagnostic[] = [];
  const pathIndex = new Map(infos.map((s) => [s.path, s.index]));
  for (const s of infos) {
    for (const f of findingsOf.get(s.path) ?? []) {
      const at = landed.get(`${s.index}:${f.span.line}`);
      if (at === undefined) continue;
      const line = at + shift;
      const textStart = splitTimelineLine(body[at])?.textStart ?? 0;
      findings.set(line, [...(findings.get(line) ?? []), { ...f, span: { ...f.span, line } }]);
      if (diagnostics.length >= MAX_DIAGNOSTICS) continue;
      const related: Finding['related'] = [{ path: s.path, span: f.span, message: `in ${s.tag}, line ${f.span.line + 1}` }];
      for (const r of f.related) {
        const target = r.path ?? s.path;
        const there = landed.get(`${pathIndex.get(target)}:${r.span.line}`);
        if (there === undefined) related.push({ ...r, path: target });
        else {
          const start = splitTimelineLine(body[there])?.textStart ?? 0;
          related.push({ message: r.message, span: { line: there + shift, start: start + r.span.start, end: start + r.span.end } });
        }
      }
      const shifted: Finding = { ...f, span: { line, start: textStart + f.span.start, end: textStart + f.span.end }, endLine: line, related };
      diagnostics.push(toDiagnostic(shifted, uri));
    }
  }
  const result: TimelineResult = {
    text: [...header.map((h) => h.text), ...body].join('\n') + '\n',
    files,
    lineFiles: [...header.map((h) => h.file), ...lineFiles],
    lineNumbers: [...header.map((h) => (h.file >= 0 ? 0 : -1)), ...lineNumbers],
    unreadable: summary.unreadable,
    hints,
    links,
    truncated,
    cancelled: summary.cancelled,
  };
  return { result, state: { files, lineFiles: result.lineFiles, findings, diagnostics } };
}

/** Hover on a timeline line: the original line's hover, with that line's family and findings. */
export function timelineHover(doc: TextDocument, position: Position, rules: RuleSet, onDecoderError?: (kind: string, error: unknown) => void): Hover | null {
  const text = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const parts = splitTimelineLine(text);
  if (!parts || position.character < parts.textStart) return null;
  const original = text.slice(parts.textStart);
  const state = states.get(doc.uri);
  const source = state?.lineFiles[position.line] ?? -1;
  const format: LogFormat | undefined = source >= 0 ? formatById(state!.files[source]?.format) : detectFormat('', original)?.format;
  const hover = hoverAt(original, { line: position.line, character: position.character - parts.textStart }, format, state?.findings.get(position.line) ?? [], rules, onDecoderError);
  if (hover?.range) {
    hover.range.start.character += parts.textStart;
    hover.range.end.character += parts.textStart;
  }
  return hover;
}

export interface TimelineServerDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyzeOptions: () => AnalyzeOptions;
}

/** The timeline request and the bookkeeping of open timeline documents. */
export function registerTimeline({ connection, documents, analyzeOptions }: TimelineServerDeps): void {
  onRequest(connection, TIMELINE_REQUEST, async (params: TimelineParams, token): Promise<TimelineResult> => {
    const { result, state } = await buildTimeline(params, analyzeOptions(), token);
    states.set(params.uri, state);
    void connection.sendDiagnostics({ uri: params.uri, diagnostics: state.diagnostics });
    return result;
  });
  documents.onDidClose((e) => {
    states.delete(e.document.uri);
    forgetGapLenses(e.document.uri);
  });
}

/** Publishes a timeline document's diagnostics again (the document opened after the request answered). */
export function republishTimeline(connection: Connection, uri: string): void {
  const state = states.get(uri);
  if (state) void connection.sendDiagnostics({ uri, diagnostics: state.diagnostics });
}
