// Every regular expression the engine and the server run, found three ways: the regex literals in
// the source (parsed with the TypeScript compiler, so nothing is missed by a naive grep), the ones
// built at run time with `new RegExp(...)` (caught by a constructor spy while the modules load),
// and the rule patterns from knowledge/rules with their samples.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { repoRoot } from '../helpers/paths';

export interface NamedPattern {
  /** Where it comes from: file:line for a literal, the rule id for a rule pattern. */
  where: string;
  re: RegExp;
  /** Lines it is meant to match, when known (rule samples). */
  samples: string[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every regex literal in server/src (engine, features, CLI), evaluated. */
export function regexLiterals(): NamedPattern[] {
  const out: NamedPattern[] = [];
  for (const file of sourceFiles(path.join(repoRoot, 'server', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = (node as ts.RegularExpressionLiteral).text;
        const cut = literal.lastIndexOf('/');
        const where = `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        out.push({ where, re: new RegExp(literal.slice(1, cut), literal.slice(cut + 1)), samples: [] });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * Regexes built with `new RegExp` when the engine's modules load (format forms assembled from
 * shared pieces, decoder patterns from tables) and when each family's rule matcher is built (with its
 * combined RegExp, which only a matcher without the literal search builds).
 */
export function constructedRegexes(): NamedPattern[] {
  const engineDir = path.join(__dirname, '..', '..', 'server', 'src'); // the compiled server beside the compiled tests
  const seen: NamedPattern[] = [];
  const Original = RegExp;
  const spy = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?]) {
      const re = Reflect.construct(target, args) as RegExp;
      const stack = new Error().stack?.split('\n').find((l) => l.includes(`${path.sep}server${path.sep}src${path.sep}`)) ?? '';
      seen.push({
        where: `new RegExp ${stack
          .trim()
          .replace(/^at /, '')
          .replace(repoRoot + path.sep, '')}`,
        re,
        samples: [],
      });
      return re;
    },
  });
  // load the modules afresh under the spy, so their module-level `new RegExp` calls run again
  const fresh = Object.keys(require.cache).filter((k) => k.startsWith(engineDir));
  for (const k of fresh) delete require.cache[k];
  (globalThis as { RegExp: RegExpConstructor }).RegExp = spy;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engine = require(path.join(engineDir, 'engine')) as typeof import('../../server/src/engine');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(engineDir, 'features', 'documentLinks'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SignatureMatcher } = require(path.join(engineDir, 'engine', 'rules', 'signatureMatcher')) as typeof import('../../server/src/engine/rules/signatureMatcher');
    const rules = new engine.RuleSet(engine.builtInRules());
    for (const f of [null, ...engine.FORMATS.map((x) => x.id)]) {
      rules.matcherFor(f);
      // the combined RegExp of a family's rules, built where the literal search is missing
      const own = engine.builtInRules().filter((r) => r.families.includes('*') || (f !== null && r.families.includes(f)));
      new SignatureMatcher(own, { literalSearch: false }).scan('x\n', 0, () => undefined);
    }
  } finally {
    (globalThis as { RegExp: RegExpConstructor }).RegExp = Original;
    for (const k of Object.keys(require.cache)) if (k.startsWith(engineDir) && !fresh.includes(k)) delete require.cache[k];
  }
  // dedupe by source and flags
  const unique = new Map<string, NamedPattern>();
  for (const p of seen) unique.set(`${p.re.source}/${p.re.flags}`, p);
  return [...unique.values()];
}

/** Every built-in rule pattern (each alternative of an array) with its rule's samples. */
export function rulePatterns(): NamedPattern[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { builtInRules } = require(path.join(__dirname, '..', '..', 'server', 'src', 'engine')) as typeof import('../../server/src/engine');
  return builtInRules().flatMap((r) =>
    (Array.isArray(r.pattern) ? r.pattern : [r.pattern]).map((p, i) => ({
      where: `rule ${r.id}${Array.isArray(r.pattern) ? ` pattern #${i + 1}` : ''}`,
      re: new RegExp(p),
      samples: r.samples.flatMap((s) => s.split('\n')),
    })),
  );
}

/** All of the above, deduplicated (a literal is also seen by the spy when it is rebuilt). */
export function allBuiltInPatterns(): NamedPattern[] {
  const unique = new Map<string, NamedPattern>();
  for (const p of [...rulePatterns(), ...regexLiterals(), ...constructedRegexes()]) {
    const key = `${p.re.source}/${p.re.flags}`;
    const had = unique.get(key);
    if (had) had.samples.push(...p.samples);
    else unique.set(key, { ...p, samples: [...p.samples] });
  }
  return [...unique.values()];
}

/** A few real-shaped lines from the fixtures, for near misses of the format and decoder regexes. */
export function fixtureLines(perFile = 3): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else
        out.push(
          ...fs
            .readFileSync(p, 'utf8')
            .split(/\r?\n/)
            .filter((l) => l.trim())
            .slice(0, perFile),
        );
    }
  };
  walk(path.join(repoRoot, 'test', 'fixtures'));
  return out;
}
