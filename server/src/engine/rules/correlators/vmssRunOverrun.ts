import type { Correlator } from './correlator';
import { BoundedMap } from './correlator';

function parseStamp(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s.replace(' ', 'T') + 'Z');
  return Number.isNaN(t) ? undefined : t;
}

// VMSS runs from cron every 15 minutes and only one run may work at a time: a run that lasts
// longer makes the next ones skip (VMSS_SNAPSHOT_MISSED_EVENT / LOCK_FAILED). Two signs:
// the run's own "snapshot start time ..., end time ..." line, and a cron kick while an earlier
// process still has a policy open.
export const vmssRunOverrun: Correlator = {
  name: 'vmss-run-overrun',
  start(rule, parameters, emit) {
    const intervalMinutes = parameters.intervalMinutes ?? 15;
    /** pid → the policy it is processing and where it started */
    const open = new BoundedMap<string, { policy: string; line: number; start: number; end: number }>(256);
    const pidOf = (text: string, thread: string | undefined) => thread ?? /\[(\d+)\]/.exec(text)?.[1] ?? '';
    return {
      see({ text, line, match, record }) {
        const g = match.groups ?? {};
        const pid = pidOf(text, record?.thread);
        const span = { line, start: match.index, end: match.index + match[0].length };
        if (g.start !== undefined) {
          const start = parseStamp(g.start);
          const end = parseStamp(g.end);
          if (start === undefined || end === undefined) return;
          const minutes = (end - start) / 60000;
          if (minutes <= intervalMinutes) return;
          emit({ span, time: record?.time, thread: pid, template: 'long', vars: { minutes: minutes.toFixed(1), interval: String(intervalMinutes), pid } });
        } else if (g.policy !== undefined) {
          if (g.phase === 'Processing') open.set(pid, { policy: g.policy, ...span });
          else if (open.get(pid)?.policy === g.policy) open.delete(pid);
        } else {
          for (const [other, run] of open) {
            if (other === pid) continue;
            emit({
              span,
              time: record?.time,
              thread: pid,
              template: 'overlap',
              vars: { pid, other, policy: run.policy, line: String(run.line + 1), interval: String(intervalMinutes) },
              related: [{ span: { line: run.line, start: run.start, end: run.end }, message: `run [${other}] still processing this policy` }],
            });
          }
        }
      },
      finish() {},
    };
  },
};
