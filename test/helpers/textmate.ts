// Runs the extension's TextMate grammars outside the editor, as VS Code does: vscode-textmate
// with the Oniguruma WebAssembly build.
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import type { IGrammar, IOnigLib, IRawGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { repoRoot } from './paths';

interface GrammarContribution {
  scopeName: string;
  path: string;
}

let onigLib: Promise<IOnigLib> | undefined;
let registry: Registry | undefined;

function getOnigLib(): Promise<IOnigLib> {
  if (onigLib) return onigLib;
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
  return onigLib;
}

/** A registry over the grammars package.json contributes, read from `dir` (the repository's syntaxes/ by default). */
function createRegistry(dir?: string): Registry {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const grammars: GrammarContribution[] = manifest.contributes.grammars;
  return new Registry({
    onigLib: getOnigLib(),
    loadGrammar: async (scopeName): Promise<IRawGrammar | null> => {
      const g = grammars.find((x) => x.scopeName === scopeName);
      if (!g) return null;
      const file = dir ? path.join(dir, path.basename(g.path)) : path.join(repoRoot, g.path);
      return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
}

function getRegistry(): Registry {
  registry ??= createRegistry();
  return registry;
}

/** Loads grammars from another directory of grammar files named as in package.json (e.g. a reference build). */
export function grammarsFrom(dir: string): (scopeName: string) => Promise<IGrammar> {
  const own = createRegistry(dir);
  return async (scopeName) => {
    const g = await own.loadGrammar(scopeName);
    if (!g) throw new Error(`grammar ${scopeName} not found in ${dir}`);
    return g;
  };
}

/** The Oniguruma binding vscode-textmate is given (loaded once), e.g. to time OnigString creation alone. */
export function onigLibrary(): Promise<IOnigLib> {
  return getOnigLib();
}

/** A grammar from JSON text, in a registry of its own (no includes resolved): floors for the benchmark. */
export async function grammarFromText(text: string, file = 'grammar.json'): Promise<IGrammar> {
  const raw = parseRawGrammar(text, file);
  const own = new Registry({ onigLib: getOnigLib(), loadGrammar: async (scopeName) => (scopeName === raw.scopeName ? raw : null) });
  const g = await own.loadGrammar(raw.scopeName);
  if (!g) throw new Error(`grammar ${raw.scopeName} not loaded from ${file}`);
  return g;
}

export async function loadGrammar(scopeName: string): Promise<IGrammar> {
  const g = await getRegistry().loadGrammar(scopeName);
  if (!g) throw new Error(`grammar ${scopeName} not found`);
  return g;
}

export interface Token {
  text: string;
  scopes: string[];
}

/** Tokenises lines in order (carrying the rule stack) and returns each line's tokens. */
export function tokenize(grammar: IGrammar, lines: string[]): Token[][] {
  let stack = INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scopes of the first token whose text is exactly `text`. */
export function scopesOf(tokens: Token[], text: string): string[] {
  const t = tokens.find((x) => x.text === text);
  if (!t) throw new Error(`no token "${text}" in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}
