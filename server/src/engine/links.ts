// References in log text that lead somewhere: knowledge-base articles and file paths.
// Targets are built from fixed templates and the number only, never from a URL in the log,
// so a log line cannot smuggle its own link target (or a command: URI) into the editor.

export interface LineLink {
  start: number;
  end: number;
  /** https URL of a public article, or an absolute path to check for existence. */
  target: string;
  kind: 'article' | 'path';
  tooltip: string;
}

const ARTICLE_PATTERNS: { re: RegExp; url: (id: string) => string; label: string }[] = [
  // "VMware KB 1005884", "KB 1005884", "kb.vmware.com/kb/1005884", "KB article #1009073"
  {
    re: /\b(?:VMware )?KB(?: article)?[ #:]*(\d{6,8})\b|\bkb\.vmware\.com\/(?:kb|s\/article)\/(\d{6,8})\b/gi,
    url: (id) => `https://kb.vmware.com/s/article/${id}`,
    label: 'VMware knowledge base article',
  },
  // "Veritas article 100024894", "Article: 100024894", "TECH162303"
  {
    re: /\b(?:Veritas )?[Aa]rticle:? (1\d{8})\b|\b(TECH\d{4,7})\b/g,
    url: (id) => `https://www.veritas.com/support/en_US/article.${id}`,
    label: 'Veritas support article',
  },
  { re: /\b(CTX\d{5,7})\b/g, url: (id) => `https://support.citrix.com/article/${id}`, label: 'Citrix support article' },
];

// Absolute Unix paths of at least two components; the caller decides whether they exist.
const PATH = /(?<![\w/.])\/(?:[\w.@+-]+\/)+[\w.@+-]+/g;

export function findLinks(line: string): LineLink[] {
  const out: LineLink[] = [];
  for (const { re, url, label } of ARTICLE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const id = m[1] ?? m[2];
      out.push({ start: m.index, end: m.index + m[0].length, target: url(id), kind: 'article', tooltip: `${label} ${id}` });
    }
  }
  PATH.lastIndex = 0;
  for (let m = PATH.exec(line); m; m = PATH.exec(line)) {
    const p = m[0].replace(/(?<![.,;:])[.,;:]+$/, ''); // the look-behind keeps a long run of dots linear
    out.push({ start: m.index, end: m.index + p.length, target: p, kind: 'path', tooltip: 'Open file from the bundle' });
  }
  return out.sort((a, b) => a.start - b.start);
}
