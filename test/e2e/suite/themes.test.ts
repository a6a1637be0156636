// Severity stands out in the themes people use (issue 17, point 6): the colours each theme gives
// our tokens, resolved from the built-in themes' own files. Errors are red and never the colour of
// a host name; warnings are not redder than errors; info, warnings and errors differ.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { BuiltInTheme, ColouredToken } from './themeColours';
import { LEVELS_LOG } from './levelsLog';
import { colourTokens, distanceFromRed, THEMES } from './themeColours';

interface Roles {
  error: string;
  warning: string;
  info: string;
  host: string;
  device: string;
}

function colourOf(lines: ColouredToken[][], line: number, text: string, scope: RegExp): string {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `no token "${text}" on line ${line + 1}: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  assert.match(token.scope, scope);
  return token.colour;
}

async function roles(theme: BuiltInTheme): Promise<Roles> {
  const lines = await colourTokens(theme, 'esx-hostd-log', LEVELS_LOG);
  return {
    info: colourOf(lines, 0, 'info', /severity\.info/),
    warning: colourOf(lines, 1, 'warning', /severity\.warning/),
    error: colourOf(lines, 2, 'error', /severity\.error/),
    host: colourOf(lines, 2, 'esx_host', /\.host\./),
    device: colourOf(lines, 3, 'naa.600601604a503a00f4c1e2a1b2c3d4e5', /device/),
  };
}

describe('token colours in the built-in themes', () => {
  for (const [key, theme] of Object.entries(THEMES)) {
    it(`${theme.label}: errors red and apart from host names, warnings less alarming than errors`, async () => {
      const c = await roles(theme);
      const seen = JSON.stringify(c);
      assert.ok(distanceFromRed(c.error) <= 15, `errors are red: ${seen}`);
      assert.notEqual(c.error, c.host, `errors and host names differ: ${seen}`);
      assert.notEqual(c.error, c.device, `errors and devices differ: ${seen}`);
      assert.notEqual(c.warning, c.error, seen);
      assert.ok(distanceFromRed(c.warning) > distanceFromRed(c.error) + 15, `a warning is not as red as an error: ${seen}`);
      // in the default themes and Monokai every level has a colour of its own (Solarized has fewer hues)
      if (key !== 'solarizedDark') assert.equal(new Set([c.error, c.warning, c.info]).size, 3, seen);
      if (key === 'lightModern' || key === 'darkModern') assert.notEqual(c.host, c.warning, seen);
    });
  }

  it('the themes switched to are the ones read', async () => {
    const config = vscode.workspace.getConfiguration('workbench');
    const before = config.get<string>('colorTheme');
    try {
      for (const [id, kind] of [
        ['Default Light Modern', vscode.ColorThemeKind.Light],
        ['Monokai', vscode.ColorThemeKind.Dark],
      ] as const) {
        await config.update('colorTheme', id, vscode.ConfigurationTarget.Global);
        for (let i = 0; i < 40 && vscode.window.activeColorTheme.kind !== kind; i++) await new Promise((r) => setTimeout(r, 100));
        assert.equal(vscode.window.activeColorTheme.kind, kind, id);
      }
    } finally {
      await config.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });
});
