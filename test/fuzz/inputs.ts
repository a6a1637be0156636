// Generators of hostile log input for the property tests and the fuzz script: random bytes read as
// UTF-8, real lines from the fixtures mutated (cut short, NUL, injected markup, pumped digits...),
// lines joined with LF, CRLF, lone CR or a mix, and whole fixture files with damaged lines.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { repoRoot } from '../helpers/paths';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

let files: { name: string; text: string }[] | undefined;

/** Every fixture and example log: its base name (for detection) and its text. */
export function corpusFiles(): { name: string; text: string }[] {
  return (files ??= [...filesUnder(path.join(repoRoot, 'test', 'fixtures')), ...filesUnder(path.join(repoRoot, 'examples'))]
    .filter((p) => !p.endsWith('.gz'))
    .map((p) => ({ name: path.basename(p), text: fs.readFileSync(p, 'utf8') }))
    .filter((f) => f.text.length > 0));
}

let lines: string[] | undefined;

/** Every distinct non-empty line of the corpus. */
export function corpusLines(): string[] {
  return (lines ??= [
    ...new Set(
      corpusFiles()
        .flatMap((f) => f.text.split(/\r?\n/))
        .filter((l) => l.trim()),
    ),
  ]);
}

/** Text that means something to a markdown renderer, a terminal, a bidi algorithm or a parser. */
export const HOSTILE_TOKENS: readonly string[] = [
  '\u0000',
  '\r',
  '\r\n',
  '\n',
  '\t',
  '\uFFFD',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u2066',
  '\u2069',
  '\u200B',
  '\u200F',
  '\uFEFF',
  '\u001b[31m',
  '\u001b]8;;https://evil.example/\u0007',
  '[x](command:workbench.action.quit)',
  '](command:workbench.action.quit)',
  '![img](https://evil.example/x.png)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="command:workbench.action.quit">',
  '```',
  '`',
  '~~~',
  '    ',
  '# ',
  '| a | b |',
  '<https://evil.example/>',
  'javascript:alert(1)',
  'file:///etc/passwd',
  '/../../etc/passwd',
  '{match}',
  '${x}',
  '%s%n%x',
  '\\',
  '0x',
  '0xffffffffffffffffffffffffffff',
  '99999999999999999999999999',
  '-0',
  'NaN',
  '4294967296',
  ' H:0x0 D:0x2 P:0x0 ',
  ' Valid sense data: 0x5 0x24 0x0',
  ' KB 1005884 ',
  ' TECH162303 ',
  ' errno=11 ',
  ' status: 25 ',
  ' <16> ',
  ' 2015-05-05 12:40:10: ',
  'Feb 30 25:61:61 ',
  '0000-00-00T00:00:00.000Z ',
];

type Mutation =
  { kind: 'cut'; at: number } | { kind: 'insert'; at: number; token: string } | { kind: 'delete'; at: number; length: number } | { kind: 'repeat'; at: number; length: number; times: number } | { kind: 'replace'; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...HOSTILE_TOKENS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), times: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
);

function mutate(line: string, m: Mutation): string {
  const at = line.length ? m.at % (line.length + 1) : 0;
  switch (m.kind) {
    case 'cut':
      return line.slice(0, at);
    case 'insert':
      return line.slice(0, at) + m.token + line.slice(at);
    case 'delete':
      return line.slice(0, at) + line.slice(at + m.length);
    case 'repeat':
      return line.slice(0, at) + line.slice(at, at + m.length).repeat(m.times) + line.slice(at + m.length);
    case 'replace':
      return line.slice(0, at) + m.char + line.slice(at + 1);
  }
}

/** A real line with a few mutations applied. */
export function mutatedLine(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...corpusLines()), fc.array(mutation, { maxLength: 4 })).map(([line, ms]) => ms.reduce(mutate, line));
}

/** Random bytes read as UTF-8 (invalid sequences become U+FFFD, as the reader does). */
export function utf8Noise(maxLength = 200): fc.Arbitrary<string> {
  return fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('utf8'));
}

/** One line (it may still hold a CR or a line break: a parser must cope). */
export function anyLine(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedLine() },
    { weight: 1, arbitrary: fc.constantFrom(...corpusLines()) },
    { weight: 2, arbitrary: utf8Noise() },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_TOKENS), { maxLength: 12 }).map((t) => t.join('')) },
  );
}

const LINE_ENDS = ['\n', '\r\n', '\r'] as const;

/** Several lines joined by LF, CRLF, lone CR, or a mix, with or without a last line break. */
export function anyText(maxLines = 30): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(anyLine(), { maxLength: maxLines }), fc.oneof(fc.constantFrom(...LINE_ENDS), fc.constant('mixed' as const)), fc.array(fc.nat(2), { minLength: maxLines, maxLength: maxLines }), fc.boolean())
    .map(([ls, end, mix, trailing]) => {
      const ends = ls.map((_, i) => (end === 'mixed' ? LINE_ENDS[mix[i % mix.length]] : end));
      return ls.map((l, i) => l + (i < ls.length - 1 || trailing ? ends[i] : '')).join('');
    });
}

/** A whole fixture file with some of its lines damaged, and its real name (so detection has a say). */
export function damagedFile(): fc.Arbitrary<{ name: string; text: string }> {
  return fc.tuple(fc.constantFrom(...corpusFiles()), fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r')).map(([file, damage, end]) => {
    const ls = file.text.split(/\r?\n/);
    for (const [i, m] of damage) ls[i % ls.length] = mutate(ls[i % ls.length], m);
    return { name: file.name, text: ls.join(end) };
  });
}

/** A log's text from any of the generators above, and a file name to go with it. */
export function anyFile(): fc.Arbitrary<{ name: string; text: string }> {
  const names = [...new Set(corpusFiles().map((f) => f.name)), 'x.log', 'notes.txt', '](command:x).log', '\u202Egol.txt', 'a\nb.log', '<img src=x>.log'];
  return fc.oneof({ weight: 2, arbitrary: damagedFile() }, { weight: 3, arbitrary: fc.record({ name: fc.constantFrom(...names), text: anyText() }) });
}

/** Cut points that split a text into pieces, as a stream of chunks would. */
export function piecesOf(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => (text.length ? c % (text.length + 1) : 0)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}
