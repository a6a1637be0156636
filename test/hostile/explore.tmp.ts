import { allBuiltInPatterns, fixtureLines } from './builtInPatterns';
import { adversarialInputs, nestedQuantifierProblem, timeRegex } from '../../server/src/engine/rules/regexSafety';
const pats = allBuiltInPatterns();
const lines = fixtureLines(2);
console.log('patterns', pats.length);
const t0 = performance.now();
let n = 0;
for (const p of pats) {
  const nested = nestedQuantifierProblem(p.re.source, p.re.flags);
  const r0 = new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, ''));
  const samples = p.samples.length ? p.samples : lines.filter((l) => r0.test(l)).slice(0, 2);
  const inputs = adversarialInputs(p.re.source, { samples, length: Number(process.env.L ?? 50000), maxAlphabet: Number(process.env.MA ?? 16), pairAlphabet: 6, maxBoundaries: Number(process.env.MB ?? 8) });
  n += inputs.length;
  const r = timeRegex(p.re, inputs, 2000);
  if (nested || r.timedOut || r.worstMs > 10) console.log(p.where, '|', p.re.source.slice(0, 120), '|', nested ?? '', r.timedOut ? 'TIMEOUT' : r.worstMs.toFixed(1), r.worstInput >= 0 ? JSON.stringify(inputs[r.worstInput].slice(0, 60)) : '', inputs.length);
}
console.log('total', (performance.now() - t0).toFixed(0), 'inputs', n);
const times: [number, string][] = [];
for (const p of pats) {
  const r0 = new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, ''));
  const samples = p.samples.length ? p.samples : lines.filter((l) => r0.test(l)).slice(0, 2);
  const inputs = adversarialInputs(p.re.source, { samples, length: 50000, maxAlphabet: 16, pairAlphabet: 6, maxBoundaries: 8 });
  const r = timeRegex(p.re, inputs, 2000);
  times.push([r.totalMs, p.where + ' ' + inputs.length]);
}
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 15).map(([t, w]) => t.toFixed(0) + ' ' + w).join('\n'));
