// The colour a theme gives each token of our grammars, resolved as VS Code resolves it: the theme's
// JSON read from its built-in extension (with the themes it includes), our grammars from the
// installed extension, vscode-textmate + vscode-oniguruma to tokenize and match scopes.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';
import * as oniguruma from 'vscode-oniguruma';
import type { IRawTheme } from 'vscode-textmate';

type IRawThemeSetting = IRawTheme['settings'][number];
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { EXTENSION_ID } from './helpers';

/** A built-in theme: its label in the theme picker, the extension and file that hold it. */
export interface BuiltInTheme {
  label: string;
  extension: string;
  file: string;
}

export const THEMES: Record<'lightModern' | 'darkModern' | 'monokai' | 'solarizedDark', BuiltInTheme> = {
  lightModern: { label: 'Light Modern', extension: 'vscode.theme-defaults', file: 'themes/light_modern.json' },
  darkModern: { label: 'Dark Modern', extension: 'vscode.theme-defaults', file: 'themes/dark_modern.json' },
  monokai: { label: 'Monokai', extension: 'vscode.theme-monokai', file: 'themes/monokai-color-theme.json' },
  solarizedDark: { label: 'Solarized Dark', extension: 'vscode.theme-solarized-dark', file: 'themes/solarized-dark-color-theme.json' },
};

interface ThemeFile {
  include?: string;
  colors?: Record<string, string>;
  tokenColors?: IRawThemeSetting[];
}

/** The token rules of a theme file and of the files it includes, the included ones first (as VS Code reads them). */
function tokenRules(file: string): { rules: IRawThemeSetting[]; foreground?: string } {
  const theme = parseJsonc(fs.readFileSync(file, 'utf8')) as ThemeFile;
  const base = theme.include ? tokenRules(path.join(path.dirname(file), theme.include)) : { rules: [] };
  return { rules: [...base.rules, ...(theme.tokenColors ?? [])], foreground: theme.colors?.['editor.foreground'] ?? base.foreground };
}

let onig: Promise<void> | undefined;
function loadOniguruma(): Promise<void> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  onig ??= oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  return onig;
}

export interface ColouredToken {
  text: string;
  scope: string;
  colour: string;
}

/** Tokenizes `lines` in language `languageId` with the installed extension's grammar and colours them with `theme`. */
export async function colourTokens(theme: BuiltInTheme, languageId: string, lines: string[]): Promise<ColouredToken[][]> {
  const themeExtension = vscode.extensions.getExtension(theme.extension);
  const ours = vscode.extensions.getExtension(EXTENSION_ID);
  if (!themeExtension || !ours) throw new Error(`extension ${themeExtension ? EXTENSION_ID : theme.extension} not installed`);
  const { rules, foreground } = tokenRules(path.join(themeExtension.extensionPath, theme.file));
  const grammars = (ours.packageJSON as { contributes: { grammars: { language?: string; scopeName: string; path: string }[] } }).contributes.grammars;
  await loadOniguruma();
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      const g = grammars.find((x) => x.scopeName === scopeName);
      if (!g) return null;
      const file = path.join(ours.extensionPath, g.path);
      return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    theme: { settings: [{ settings: { foreground: foreground ?? '#000000' } }, ...rules] },
  });
  const scopeName = grammars.find((g) => g.language === languageId)?.scopeName;
  const grammar = scopeName && (await registry.loadGrammar(scopeName));
  if (!grammar) throw new Error(`no grammar for ${languageId}`);
  const colours = registry.getColorMap();
  let stack = INITIAL;
  return lines.map((line) => {
    // the colours (tokenizeLine2: start, metadata pairs) and the scopes (tokenizeLine) of the same line
    const coloured = grammar.tokenizeLine2(line, stack);
    const scoped = grammar.tokenizeLine(line, stack);
    stack = scoped.ruleStack;
    const starts: number[] = [];
    for (let i = 0; i < coloured.tokens.length; i += 2) starts.push(coloured.tokens[i]);
    return scoped.tokens.map((t) => {
      const at = starts.filter((s) => s <= t.startIndex).length - 1;
      // foreground: 9 bits from bit 15 of the metadata (vscode-textmate's EncodedTokenAttributes)
      const colour = colours[(coloured.tokens[2 * at + 1] >>> 15) & 0x1ff].toUpperCase();
      return { text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1], colour };
    });
  });
}

/** Hue in degrees (0 = red) and saturation (0..1) of a #RRGGBB colour. */
export function hueOf(colour: string): { hue: number; saturation: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d === 0) return { hue: 0, saturation: 0 };
  const hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: (hue * 60 + 360) % 360, saturation: d / (1 - Math.abs(max + min - 1)) };
}

/** How far a colour is from an alarm red: 0 for pure red, up to 180 (and 180 for a grey). */
export function distanceFromRed(colour: string): number {
  const { hue, saturation } = hueOf(colour);
  return saturation < 0.25 ? 180 : Math.min(hue, 360 - hue);
}
