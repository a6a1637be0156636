// Grammar speed, measured not asserted: a grammar must finish a pathological 1 MB line (VS Code
// itself stops tokenising long lines, but nothing may hang), and we report lines per second.
// The grammars take a line of 20,000 characters or more as one token (scripts/build-grammars.mjs),
// so pathological shapes are tried just under that length, where they are still tokenised.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';

/** The scope of a line too long to colour, and a length just under it that is still coloured. */
export const LONG_LINE_SCOPE = 'meta.long-line.logtriage';
export const NEAR_LIMIT = 19_000;

export interface LongLineResult {
  ms: number;
  length: number;
  tokens: number;
  /** Scopes of the line's first and last tokens: the record must still be recognised around 1 MB of text. */
  firstScopes: string[];
  lastScopes: string[];
}

/** Tokenises one line of about `bytes` characters made by repeating `unit` after `prefix`. */
export function tokenizeLongLine(grammar: IGrammar, prefix: string, unit: string, bytes = 1024 * 1024): LongLineResult {
  const line = prefix + unit.repeat(Math.ceil((bytes - prefix.length) / unit.length));
  const t0 = performance.now();
  const r = grammar.tokenizeLine(line, INITIAL);
  const ms = performance.now() - t0;
  return {
    ms: Math.round(ms),
    length: line.length,
    tokens: r.tokens.length,
    firstScopes: r.tokens[0]?.scopes ?? [],
    lastScopes: r.tokens[r.tokens.length - 1]?.scopes ?? [],
  };
}

/** Lines per second over `count` lines cycled from `sample`, carrying the rule stack as the editor does. */
export function linesPerSecond(grammar: IGrammar, sample: string[], count = 5000): number {
  const lines = Array.from({ length: count }, (_, i) => sample[i % sample.length]);
  let stack = INITIAL;
  const t0 = performance.now();
  for (const line of lines) stack = grammar.tokenizeLine(line, stack).ruleStack;
  return Math.round(count / ((performance.now() - t0) / 1000));
}

/**
 * The 20,000-character boundary of a family grammar (`id` as in its scope names): a record just under
 * it is still coloured from its stamp to its message; a 1 MB record is the one long-line token.
 */
export function checkLongLineBoundary(grammar: IGrammar, id: string, prefix: string, unit: string): { near: LongLineResult; long: LongLineResult } {
  const near = tokenizeLongLine(grammar, prefix, unit, NEAR_LIMIT);
  assert.ok(near.firstScopes.includes(`constant.other.date.timestamp.${id}`));
  assert.ok(near.lastScopes.includes(`meta.message.${id}`));
  const long = tokenizeLongLine(grammar, prefix, unit);
  assert.ok(long.firstScopes.includes(LONG_LINE_SCOPE) && long.lastScopes.includes(LONG_LINE_SCOPE), long.firstScopes.join(' '));
  assert.ok(long.tokens <= 2, `${long.tokens} tokens`);
  return { near, long };
}
