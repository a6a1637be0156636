import { isMemberPath } from '../engine/io/archive/memberPath';
import { BUNDLE_SCHEME, GZ_SCHEME, WINDOW_SCHEME } from '../protocol';

/** file:// URI of an absolute path, each segment percent-encoded. */
export function pathUri(p: string): string {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

/** The URI a file's findings are published on: compressed logs and archive members open through virtual documents. */
export function logUri(p: string): string {
  if (isMemberPath(p)) return `${BUNDLE_SCHEME}:` + p.split('/').map(encodeURIComponent).join('/');
  return /\.gz$/i.test(p) ? `${GZ_SCHEME}:` + p.split('/').map(encodeURIComponent).join('/') : pathUri(p);
}

/** The path behind a file://, logtriage-gz: or logtriage-bundle: URI (or the URI itself when it is none). */
export function uriPath(uri: string): string {
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon);
  if (scheme === 'file') {
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return uri;
    }
  }
  if (scheme === WINDOW_SCHEME)
    return decodeURIComponent(
      uri
        .slice(colon + 1)
        .replace(/\?.*$/, '')
        .replace(/^\/\/(?=\/)/, ''),
    );
  if (scheme === GZ_SCHEME || scheme === BUNDLE_SCHEME) return decodeURIComponent(uri.slice(colon + 1).replace(/^\/\/(?=\/)/, ''));
  return uri;
}
