import type { ParseContext } from './logFormat';
import type { VmacoreRecord } from './esxVmacore';
import { parseVmacoreLine, vmacoreForms } from './esxVmacore';

// The lines of hostd in its vmacore shapes, apart from its LogFormat (esxHostdLog.ts) so that the
// vmkernel family, which parses the hostd lines of an ESX 4 `messages` file, can read them too.

// From ESXi 6.5 on the line names its program: vpxa's and fdm's lines are theirs (esxVpxaLog.ts,
// esxFdmLog.ts), any other program's (hostd-probe, a plugin) stays with hostd.
export const SHAPES = { program: '(?!(?:[Ff]dm|[Vv]pxa)\\[)[\\w-]+', esx4SyslogProgram: '[Hh]ostd' };
export const FORMS = vmacoreForms(SHAPES);

export type HostdRecord = VmacoreRecord;

/** A hostd record in any of its shapes, or undefined (continuations, other lines). */
export function parseHostdLine(line: string, context?: ParseContext): HostdRecord | undefined {
  return parseVmacoreLine(line, FORMS, context);
}
