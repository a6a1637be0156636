// The log families' language ids, read from the extension's own manifest (package.json
// `contributes.languages`) at activation: a new family needs no edit here. The server analyzes these.
import { TIMELINE_LANGUAGE } from './timelineTitle';

interface Manifest {
  contributes?: { languages?: readonly { id: string }[] };
}

/** Every language the manifest contributes but the merged timeline's (which is not a log of one family). */
export function logLanguages(manifest: Manifest): string[] {
  return (manifest.contributes?.languages ?? []).map((l) => l.id).filter((id) => id !== TIMELINE_LANGUAGE);
}
