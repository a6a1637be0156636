import { srError } from '../../decoders/xenserverSrErrors';
import type { Enricher } from '../enrichers';

// The backend's own detail, "[opterr=VDI 6f0d7a1c-... not found]": the first closing bracket ends it.
const OPTERR = /\[opterr=([^\]\n]{1,240})\]?/;
const NO_ADVICE = 'the exception in SMlog at the same time gives the cause';

/**
 * The SR backend rules: {detail} is the line's "[opterr=...]" text (or nothing); with a `code`
 * group (SR_BACKEND_FAILURE_<code>, SMlog's "Raising exception [<code>, ..."), also {srName},
 * {meaning} and {advice} from the storage manager's table.
 */
export const srBackendError: Enricher = (vars, line) => {
  const opterr = OPTERR.exec(line)?.[1]?.trim();
  const detail = opterr ? ` (detail: ${opterr})` : '';
  const detailOnly: Record<string, string> = { detail };
  if (vars.code === undefined) return { vars: detailOnly };
  const entry = srError(Number(vars.code));
  if (!entry) {
    return { vars: { detail, srName: 'unlisted code', meaning: 'a code the storage manager table does not list (a third-party SR driver?)', advice: NO_ADVICE } };
  }
  const era = entry.retired ? `, ${entry.retired}` : entry.only ? `, ${entry.only} only` : '';
  return {
    vars: { detail, srName: `${entry.name}${era}`, meaning: entry.description.replace(/\.$/, ''), advice: entry.hint ?? NO_ADVICE },
    severity: entry.severity,
  };
};
