import * as fs from 'fs';
import * as path from 'path';
import type { DocumentLink } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findLinks } from '../engine';

/**
 * Where a path written in a log may be inside an unpacked bundle: below a workspace folder, or
 * below one of the log's own parent folders (a bundle's var/log/x sits next to its var/core/...).
 */
function candidates(logPath: string, written: string, roots: string[]): string[] {
  const rel = written.replace(/^\/+/, '');
  const bases = [...roots];
  // up the log's own folders, but never above the workspace folder that holds it, nor to the
  // filesystem root: `/etc/shadow` in a customer's log must not link to this machine's /etc/shadow
  const root = roots.find((r) => !path.relative(r, logPath).startsWith('..'));
  for (let dir = path.dirname(logPath), i = 0; i < 6; i++, dir = path.dirname(dir)) {
    if (dir === path.dirname(dir)) break;
    bases.push(dir);
    if (dir === root) break;
  }
  // a written path must not climb out of the bundle (`/../../etc/passwd`)
  if (rel.split('/').includes('..')) return [];
  return [...new Set(bases)].map((base) => path.join(base, rel));
}

function pathUri(p: string): string {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

/**
 * Links for knowledge-base references and for paths that exist in the opened bundle.
 * Capped per document: a log can mention paths on every line.
 */
export function documentLinks(doc: TextDocument, logPath: string, roots: string[], limit = 2000): DocumentLink[] {
  return linksInText(doc.getText(), logPath, roots, limit);
}

/** documentLinks of a document's text (the document worker has only the text). */
export function linksInText(text: string, logPath: string, roots: string[], limit = 2000): DocumentLink[] {
  const out: DocumentLink[] = [];
  const exists = new Map<string, string | undefined>();
  let line = 0;
  for (let start = 0; start <= text.length && out.length < limit; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineText = text.slice(start, end);
    if (lineText.includes('/') || /KB|CTX|TECH|[Aa]rticle/.test(lineText)) {
      for (const link of findLinks(lineText)) {
        let target: string | undefined = link.target;
        if (link.kind === 'path') {
          if (!exists.has(link.target)) {
            exists.set(
              link.target,
              candidates(logPath, link.target, roots).find((c) => c !== logPath && fs.existsSync(c) && fs.statSync(c).isFile()),
            );
          }
          target = exists.get(link.target);
          if (!target) continue;
          target = pathUri(target);
        }
        out.push({ range: { start: { line, character: link.start }, end: { line, character: link.end } }, target, tooltip: link.tooltip });
      }
    }
    start = end + 1;
  }
  return out;
}
