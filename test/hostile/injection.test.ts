// Injection: log text is hostile. Payloads (markdown links and images, raw HTML, command: URIs,
// backticks and fences, ANSI escapes, bidi controls, zero-width characters, very long text) are
// planted inside real lines that the rules and decoders react to, and followed through every place
// log text is shown: hovers, diagnostics, document links, the Findings view labels, the triage
// report, the command line. Nothing may become a link, a command, an image or markup, and the
// characters that reorder or restyle text must be neutralised where they are rendered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../../server/src/engine';
import { analyzeText, builtInRules, builtInRuleSet, decodeLine, findKnowledgeDir, FORMATS, plainText, triageReport } from '../../server/src/engine';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { documentLinks } from '../../server/src/features/documentLinks';
import { findingsParams } from '../../server/src/features/findingsSummary';
import { hoverAt } from '../../server/src/features/hover';
import { findingLabel, findingTooltip, MAX_LABEL, treeText } from '../../client/src/treeLabels';
import { repoRoot } from '../helpers/paths';
import { REPORT_ALLOWANCES } from '../fuzz/targets';
import { assertInertMarkdown, HOVER_ALLOWANCES, markdownParser, markdownProblems, UNSAFE_CHARS } from './inertMarkdown';

/** What an attacker writes into a log line. */
export const PAYLOADS: readonly string[] = [
  '[click](command:workbench.action.quit)',
  '[x](command:_workbench.downloadResource?%5B%22https%3A%2F%2Fevil.example%22%5D)',
  '![pixel](https://evil.example/track.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:workbench.action.terminal.sendSequence?{&quot;text&quot;:&quot;rm -rf ~\\n&quot;}">ok</a>',
  '<script>alert(1)</script>',
  '`code` ``` fence ~~~',
  '\u001b[31mRED\u001b[0m \u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007',
  'abc\u202Egnp.exe',
  '\u2066isolate\u2069 \u200Bzero\u200Dwidth\uFEFF',
  '<https://evil.example/autolink> https://evil.example/bare',
  '**bold** _em_ # heading | table |',
  'javascript:alert(1) file:///etc/passwd vscode://evil',
];

/** Real lines (rule samples) with the payload planted before the last word, after the first word, and at the end. */
function plantedLines(payload: string): string[] {
  const out: string[] = [];
  for (const rule of builtInRules()) {
    for (const sample of rule.samples) {
      for (const line of sample.split('\n')) {
        const words = line.split(' ');
        out.push(`${line} ${payload}`);
        if (words.length > 3) out.push([...words.slice(0, -1), payload, words.at(-1)].join(' '));
        if (words.length > 6) out.push([...words.slice(0, 6), payload, ...words.slice(6)].join(' '));
      }
    }
  }
  return out;
}

function analyseLines(lines: string[], name: string): FileAnalysis {
  return analyzeText(`/bundle/${name}`, lines.join('\n') + '\n');
}

const NAMES = ['server_log', 'vmkernel.log', 'hostd.log', 'log.050514', 'VMSSlog', 'SMlog', 'xensource.log', 'messages'];

describe('hostile lines through the analysis', () => {
  const analyses = PAYLOADS.map((payload) => ({ payload, lines: plantedLines(payload), analyses: NAMES.map((n) => analyseLines(plantedLines(payload), n)) }));

  it('reach finding messages (so what follows checks something real)', () => {
    const reached = analyses.filter(({ analyses: as }) => as.some((a) => a.findings.some((f) => /evil|click|img|script|RED|gnp|isolate|code|bold|alert/.test(f.message))));
    assert.ok(reached.length >= PAYLOADS.length - 2, `payloads reached messages: ${reached.map((r) => r.payload).join(' ; ')}`);
  });

  it('diagnostics: messages are plain text with the controls neutralised, links only to rule sources', () => {
    const sources = new Set(builtInRules().flatMap((r) => r.sources.map((s) => s.url)));
    for (const { analyses: as } of analyses) {
      for (const a of as) {
        for (const f of a.findings) {
          const d = toDiagnostic(f, 'file:///bundle/x.log');
          const message = typeof d.message === 'string' ? d.message : d.message.value;
          assert.doesNotMatch(message, UNSAFE_CHARS, `${f.rule}: ${JSON.stringify(message)}`);
          assert.doesNotMatch(message, /[\r\n]/);
          if (d.codeDescription) assert.ok(sources.has(d.codeDescription.href), d.codeDescription.href);
          for (const r of d.relatedInformation ?? []) assert.match(r.location.uri, /^file:\/\//);
        }
      }
    }
  });

  it('hovers: every code and every finding under the cursor gives inert markdown', () => {
    const rules = builtInRuleSet();
    let hovers = 0;
    for (const { lines } of analyses) {
      for (const name of NAMES.slice(0, 3)) {
        const a = analyseLines(lines, name);
        const format = FORMATS.find((f) => f.id === a.format);
        lines.forEach((line, lineNo) => {
          // the first finding and the first two codes of the line, and its last character
          const positions = new Set<number>([line.length - 1]);
          for (const d of decodeLine(line, format).slice(0, 2)) positions.add(d.start);
          const finding = a.findings.find((f) => f.span.line === lineNo);
          if (finding) positions.add(finding.span.start);
          for (const character of positions) {
            const hover = hoverAt(line, { line: lineNo, character }, format, a.findings, rules);
            if (!hover) continue;
            hovers++;
            assertInertMarkdown((hover.contents as { value: string }).value, HOVER_ALLOWANCES, `hover on ${JSON.stringify(line.slice(0, 80))}`);
          }
        });
      }
    }
    assert.ok(hovers > 500, `${hovers} hovers checked`);
  });

  it('the Findings view: labels and tooltips are one neutralised line of bounded length', () => {
    for (const { analyses: as } of analyses) {
      for (const a of as) {
        for (const f of findingsParams('file:///bundle/x.log', a, builtInRuleSet()).findings) {
          const label = findingLabel(f.line, f.message);
          assert.doesNotMatch(label, UNSAFE_CHARS);
          assert.doesNotMatch(label, /[\r\n]/);
          assert.ok(label.length <= MAX_LABEL);
          assert.doesNotMatch(findingTooltip(f.title, f.message), UNSAFE_CHARS);
        }
      }
    }
  });

  it('the triage report is inert markdown, hostile file names and reasons included', () => {
    const files = analyses.flatMap(({ analyses: as }) => as.slice(0, 2));
    const hostileNames = files.map((f, i) => ({ ...f, path: `/bundle/${PAYLOADS[i % PAYLOADS.length].replace(/\//g, '∕')}/${path.basename(f.path)}` }));
    const unreadable = PAYLOADS.map((p, i) => ({ path: `/bundle/u${i}/${p.replace(/\//g, '∕')}.log`, reason: p }));
    const md = triageReport({ root: '/bundle', files: hostileNames, unreadable, rules: builtInRuleSet(), now: new Date(0) });
    assertInertMarkdown(md, REPORT_ALLOWANCES, 'report');
    assert.ok(md.includes('[click](command:workbench.action.quit)'), 'the payload is in the report as it is (in a code span, which the parse above checked)');
    assert.doesNotMatch(md, /\\[()[\]:;,.]/, 'no backslash escapes: the report reads the same as text');
    const text = triageReport({ root: '/bundle', files: hostileNames, unreadable, rules: builtInRuleSet(), now: new Date(0), format: 'text' });
    assert.doesNotMatch(text, UNSAFE_CHARS);
    assert.ok(text.includes('[click](command:workbench.action.quit)'), 'the payload is in the text report as it is');
  });
});

describe('document links', () => {
  let bundle: string;
  before(() => {
    bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-links-'));
    fs.mkdirSync(path.join(bundle, 'etc'));
    fs.writeFileSync(path.join(bundle, 'etc', 'vmware.conf'), 'x');
  });
  after(() => fs.rmSync(bundle, { recursive: true, force: true }));

  it('never link a command: URI or a URL the log supplies; only known article sites and files inside the bundle', () => {
    const text = [
      ...PAYLOADS,
      'see https://evil.example/kb/1005884 and [KB 1005884](command:workbench.action.quit)',
      'VMware KB 1005884 <a href="javascript:alert(1)">TECH162303</a> CTX123456',
      'config in /etc/vmware.conf and /../../etc/passwd and /etc/shadow',
      `${'/a'.repeat(5000)}/b ${'KB 1234567 '.repeat(2000)}`,
    ].join('\n');
    const doc = TextDocument.create('file:///x.log', 'plaintext', 1, text);
    const links = documentLinks(doc, path.join(bundle, 'var', 'log', 'x.log'), [bundle]);
    assert.ok(links.length > 3);
    for (const l of links) {
      assert.match(l.target!, /^(https:\/\/(kb\.vmware\.com|www\.veritas\.com|support\.citrix\.com)\/|file:\/\/)/, l.target);
      if (l.target!.startsWith('file://')) assert.ok(decodeURIComponent(l.target!).startsWith(`file://${bundle}/`), l.target);
    }
    assert.ok(links.some((l) => l.target === `file://${bundle}/etc/vmware.conf`));
    assert.ok(!links.some((l) => /passwd|shadow|evil|command|javascript/.test(l.target!)));
  });
});

describe('plain text where text is rendered as text', () => {
  it('plainText and treeText turn bidi, ANSI, zero-width and line breaks into something inert', () => {
    assert.equal(plainText('a\u202Eb\u001b[31mc\r\nd\u200Be\u2066f'), 'a\uFFFDb\uFFFD[31mc d\uFFFDe\uFFFDf');
    assert.equal(treeText('x'.repeat(MAX_LABEL * 10)).length, MAX_LABEL);
    assert.equal(treeText('x'.repeat(MAX_LABEL * 10)).at(-1), '…');
  });

  it('the command line prints messages and file names without terminal escapes or bidi controls', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-inj-'));
    const file = path.join(dir, 'server_log');
    const content = PAYLOADS.flatMap(plantedLines)
      .filter((l) => l.startsWith('20'))
      .join('\n');
    fs.writeFileSync(file, content);
    // a hostile name: ANSI colour, a bidi override, and a binary body so that it is also reported on stderr
    fs.writeFileSync(path.join(dir, 'x\u001b[31m\u202Egol.server_log'), content);
    fs.writeFileSync(path.join(dir, 'y\u001b]0;pwned\u0007.log'), Buffer.from([0, 1, 2]));
    // every rule sample with every payload: megabytes of findings, more than spawnSync's 1 MB default
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', dir, '--all'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr); // a skipped binary file is named, not a failure
    assert.ok(r.stdout.split('\n').length > 20);
    assert.doesNotMatch(r.stdout, UNSAFE_CHARS);
    assert.match(r.stderr, /binary file/);
    assert.doesNotMatch(r.stderr, UNSAFE_CHARS);
  });
});

describe('runbooks (shown in the built-in markdown preview)', () => {
  it('are our own files, named by plain ids, with no raw HTML, images or command links', () => {
    const dir = path.join(findKnowledgeDir(), 'runbooks');
    const ids = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    assert.ok(ids.length > 0);
    for (const file of ids) {
      assert.match(file, /^[a-z0-9-]+\.md$/);
      const problems = markdownProblems(fs.readFileSync(path.join(dir, file), 'utf8'), {
        allowLink: (href) => /^https:\/\//.test(href),
        allowFence: () => true,
        allowCodeSpan: () => true,
      });
      assert.deepEqual(problems, [], file);
    }
    for (const rule of builtInRules()) if (rule.runbook) assert.match(rule.runbook, /^[a-z0-9-]+$/, rule.id);
  });

  it('no webview of ours renders without a strict content security policy and a script nonce', () => {
    const dir = path.join(repoRoot, 'client', 'src');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!/createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider/.test(text)) continue;
      assert.match(text, /Content-Security-Policy/, `${file}: a webview without a CSP`);
      assert.match(text, /default-src 'none'/, `${file}: the CSP must start from default-src 'none'`);
      if (/enableScripts:\s*true/.test(text)) assert.match(text, /nonce-/, `${file}: scripts enabled without a nonce`);
    }
  });

  it('markdown-it is there to parse them (else only the character checks ran)', (t) => {
    if (!markdownParser()) t.skip('markdown-it is not installed; the token checks were skipped');
    else assert.ok(markdownParser());
  });
});
