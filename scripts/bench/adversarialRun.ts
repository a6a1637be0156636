// `npm run bench -- --adversarial`: the hostile inputs of issue 15 at the sizes that once broke the
// analyzer (scripts/bench/adversarial.ts), each through the command line under GNU time (wall time,
// peak RSS, findings), then the language server with a 40 MB document where every line is a finding
// and 200 documents opened at once with a hover timed meanwhile (peak RSS of the server from /proc).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspTestClient } from '../../test/helpers/lspClient';
import * as A from './adversarial';
import { percentile } from './lsp';
import { runMeasured } from './measure';

export interface AdversarialRow {
  name: string;
  bytes: number;
  ms: number;
  cpuMs: number;
  rss: number;
  findings: number;
  /** Occurrences the findings stand for (their counts added). */
  occurrences: number;
  outputBytes: number;
  error?: string;
}

interface Case {
  name: string;
  file: string;
  write: () => Iterable<string> | string;
}

/** The cases at `scale` × their issue sizes (1 = the sizes of issue 15). */
function cases(dir: string, scale: number): Case[] {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  return [
    { name: 'status 25 ×8000 (NetBackup bpbrm)', file: 'nbu/netbackup/logs/bpbrm/log.050514', write: () => A.nbuStatus25Log(n(8000)) },
    { name: '64 MB VMSSlog, runs never finishing', file: 'vmss/VMSSlog', write: () => A.vmssOpenRunsLog(n(64 << 20)) },
    { name: '1M-line ramdisk storm (vmkernel)', file: 'ramdisk/vmkernel.log', write: () => A.ramdiskStormLog(n(1_000_000)) },
    { name: '1M-line SCSI storm (vmkernel)', file: 'scsi/vmkernel.log', write: () => A.scsiStormLog(n(1_000_000)) },
    { name: 'storm then 5,000 one-refusal threads', file: 'storm1/netbackup/logs/bpcd/log.050514', write: () => A.refusalStormThenCrowdLog(5, n(5000)) },
    { name: '333,333 refusal storms', file: 'storm2/netbackup/logs/bpcd/log.050514', write: () => A.manyRefusalStormsLog(n(333_333)) },
    { name: '40 MB, every line a finding', file: 'every/vmkernel.log', write: () => A.everyLineAFindingLog(n(40 << 20)) },
  ].map((c) => ({ ...c, file: path.join(dir, c.file) }));
}

function writeCase(c: Case): number {
  fs.mkdirSync(path.dirname(c.file), { recursive: true });
  const fd = fs.openSync(c.file, 'w');
  let bytes = 0;
  try {
    const out = c.write();
    for (const piece of typeof out === 'string' ? [out] : out) bytes += fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** One run of `analyze --json` on `input` under GNU time, with what its output says. */
function measureAnalyze(cli: string, dir: string, name: string, input: string, bytes: number): AdversarialRow {
  const out = path.join(dir, 'out.json');
  const r = runMeasured(process.execPath, [cli, 'analyze', '--json', input], out, undefined, 600_000);
  const row: AdversarialRow = { name, bytes, ms: r.ms, cpuMs: r.cpuMs, rss: r.rss, findings: 0, occurrences: 0, outputBytes: fs.statSync(out).size };
  try {
    const findings = (JSON.parse(fs.readFileSync(out, 'utf8')) as { files: { findings: { count?: number }[] }[] }).files.flatMap((f) => f.findings);
    row.findings = findings.length;
    row.occurrences = findings.reduce((s, f) => s + (f.count ?? 1), 0);
  } catch {
    row.error = `exit ${r.status}: ${r.stderr.trim().split('\n').pop()?.slice(0, 120) ?? ''}`;
  }
  return row;
}

/**
 * Each case alone, then all of them as one folder with the default `--jobs` (a worker per core):
 * the workers' heaps add up, and the bound must hold for them together too.
 */
export function runAdversarialCli(cli: string, dir: string, scale: number, log: (m: string) => void): AdversarialRow[] {
  const rows: AdversarialRow[] = [];
  const all = cases(dir, scale);
  let total = 0;
  for (const c of all) {
    log(`adversarial: ${c.name} ...`);
    const bytes = writeCase(c);
    total += bytes;
    rows.push(measureAnalyze(cli, dir, c.name, c.file, bytes));
  }
  log('adversarial: all of them in one folder, the default --jobs ...');
  const folder = path.join(dir, 'cases');
  fs.mkdirSync(folder, { recursive: true });
  // each case's own folder moved whole: a NetBackup log is known by its path (netbackup/logs/bpbrm)
  for (const top of new Set(all.map((c) => path.relative(dir, c.file).split(path.sep)[0]))) fs.renameSync(path.join(dir, top), path.join(folder, top));
  rows.push(measureAnalyze(cli, dir, `all ${all.length} in one folder, --jobs ${os.availableParallelism()} (default)`, folder, total));
  fs.rmSync(folder, { recursive: true, force: true });
  return rows;
}

export interface AdversarialLsp {
  /** 40 MB document where every line is a finding: didOpen to diagnostics, their JSON size, server peak RSS. */
  everyLine?: { ms: number; diagnostics: number; payload: number; rss: number };
  /**
   * 200 documents (40 NetBackup status-25 logs) opened at once: hovers on a small one until all are
   * published (the first, sent behind the documents, is read after them: deliveredMs is the time until the
   * pipe took the last of them; median and p95 of the rest), all diagnostics, server peak RSS.
   */
  manyDocs?: { hoverMs: number; deliveredMs: number; hovers: number; medianMs: number; p95Ms: number; allMs: number; textBytes: number; rss: number };
  error?: string;
}

/** Peak resident set of a process (VmHWM), bytes; NaN where /proc does not tell. */
function peakRss(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] * 1024 : NaN;
  } catch {
    return NaN;
  }
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export async function runAdversarialLsp(dir: string, scale: number, log: (m: string) => void): Promise<AdversarialLsp> {
  const result: AdversarialLsp = {};
  let client = new LspTestClient();
  try {
    await client.initialize(dir);
    log('adversarial: language server, a 40 MB document where every line is a finding ...');
    const text = A.everyLineAFindingLog(Math.round(scale * (40 << 20)));
    const uri = 'file://' + path.join(dir, 'lsp', 'vmkernel.log');
    const started = now();
    const published = client.nextDiagnostics(uri, 600_000);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'esx-vmkernel-log', version: 1, text } });
    const { diagnostics } = await published;
    result.everyLine = { ms: now() - started, diagnostics: diagnostics.length, payload: JSON.stringify(diagnostics).length, rss: peakRss(client.pid) };
    await client.shutdown();

    log('adversarial: language server, 200 documents opened at once, a hover meanwhile ...');
    client = new LspTestClient();
    await client.initialize(dir);
    const article = 'CMD: 3: example\n'.repeat(10);
    const small = 'file://' + path.join(dir, 'lsp', 'small', 'server_log');
    await client.open(small, 'vnx-server-log', `2015-05-05 12:40:10: 26041581568: ${article}`);
    const nbu = A.nbuStatus25Log(Math.round(scale * 2000));
    const noise = A.everyLineAFindingLog(Math.round(scale * 100_000));
    const all: Promise<unknown>[] = [];
    const sent: Promise<void>[] = [];
    let textBytes = 0;
    const opened = now();
    for (let i = 0; i < 200; i++) {
      const nb = i % 5 === 0;
      const docUri = 'file://' + path.join(dir, 'lsp', `doc${i}`, nb ? 'netbackup/logs/bpbrm/log.050514' : 'vmkernel.log');
      all.push(client.nextDiagnostics(docUri, 600_000));
      textBytes += nb ? nbu.length : noise.length;
      sent.push(client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: nb ? 'netbackup-legacy-log' : 'esx-vmkernel-log', version: 1, text: nb ? nbu : noise } }));
    }
    // the pipe takes the documents in order: a hover sent now is read by the server only after them
    const delivered = Promise.all(sent).then(() => now() - opened);
    let allDone = false;
    const allPublished = Promise.all(all).then(() => (allDone = true));
    const hovers: number[] = [];
    while (!allDone) {
      const hoverStarted = now();
      await client.hover(small, 0, 39);
      hovers.push(now() - hoverStarted);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await allPublished;
    const rest = hovers.slice(1);
    result.manyDocs = { hoverMs: hovers[0], deliveredMs: await delivered, hovers: hovers.length, medianMs: percentile(rest, 50), p95Ms: percentile(rest, 95), allMs: now() - opened, textBytes, rss: peakRss(client.pid) };
  } catch (e) {
    result.error = String((e as Error)?.message ?? e).slice(0, 200);
  } finally {
    await client.shutdown();
  }
  return result;
}
