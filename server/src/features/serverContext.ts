// What the server's features share: the connection, the open documents and their analyses, the
// rules and settings in force. server.ts makes one and hands it to each feature's register function.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, FileAnalysis } from '../engine';
import type { DocumentAnalyses } from './documentAnalyses';
import type { EditTracker } from './documentEdits';
import type { DocumentJobs } from './documentJobs';
import type { Outbox } from './outbox';
import type { PublishSchedule } from './publishSchedule';
import type { RulesInForce } from './rulesInForce';
import type { LogTriageSettings } from './settings';
import { analyzeOptionsFrom } from './settings';

/** What the client said at start-up and since: folders, trust, settings. */
export interface WorkspaceState {
  folders: string[];
  trusted: boolean;
  /** The client answers workspace/configuration (else settings come with didChangeConfiguration). */
  canPullConfiguration: boolean;
  settings: LogTriageSettings;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** Each open document's line edits since its last analysis. */
  readonly edits: EditTracker;
  readonly workspace: WorkspaceState;
  readonly rules: RulesInForce;
  readonly analyses: DocumentAnalyses;
  readonly schedule: PublishSchedule;
  /** Outline, folding, lenses and links: in a worker thread, off the way of hovers and diagnostics. */
  readonly jobs: DocumentJobs;
  /** Messages to the editor, answers first (undefined on transports that keep the library's writer). */
  readonly outbox?: Outbox;
  /** Results of the last folder analyses by URI: shown again when an open copy of the file closes. */
  readonly folderResults: Map<string, FileAnalysis>;
}

/** The analysis options of the rules and settings in force. */
export function analysisOptions(ctx: Pick<ServerContext, 'rules' | 'workspace'>): AnalyzeOptions & { maxBundleBytes?: number } {
  const { settings } = ctx.workspace;
  // repeats of one problem on one subject are one finding in the editor (rules/repeats.ts)
  return { rules: ctx.rules.current().ruleSet.without(settings.disabledRules), ...analyzeOptionsFrom(settings), repeatsApart: 0 };
}

/** Logs a failure of one request or document: a bug costs that answer, not the whole server. */
export function logFailure(ctx: Pick<ServerContext, 'connection'>, what: string, e: unknown): void {
  ctx.connection.console.error(`${what} failed: ${(e as Error)?.stack ?? e}`);
}
