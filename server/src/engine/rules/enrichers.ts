import type { Severity } from '../types';

/** Adds decoded values to a signature finding's template variables, and may set its severity. */
export type Enricher = (vars: Record<string, string | undefined>) => { vars?: Record<string, string>; severity?: Severity };

// Filled by the decoder modules that know the codes (e.g. SCSI sense), so the rules stay data.
export const ENRICHERS: Record<string, Enricher> = {};
