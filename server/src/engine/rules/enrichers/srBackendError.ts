import { srError } from '../../decoders/xenserverSrErrors';
import type { Enricher } from '../enrichers';

/**
 * xs/sr-backend-failure: the rule's `code` group (from SR_BACKEND_FAILURE_<code> or SMlog's
 * "Raising exception [<code>, ...") named from the storage manager's table: {srName}, {meaning}, {advice}.
 */
export const srBackendError: Enricher = (vars) => {
  const code = Number(vars.code);
  const entry = Number.isInteger(code) ? srError(code) : undefined;
  if (!entry) {
    return { vars: { srName: 'unlisted code', meaning: 'a code the storage manager table does not list (a third-party SR driver?)', advice: 'the exception in SMlog at the same time gives the cause' } };
  }
  const era = entry.retired ? `, ${entry.retired}` : entry.only ? `, ${entry.only} only` : '';
  return {
    vars: { srName: `${entry.name}${era}`, meaning: entry.description.replace(/\.$/, ''), advice: entry.hint ?? 'the exception in SMlog at the same time gives the cause' },
    severity: entry.severity,
  };
};
