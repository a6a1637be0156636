import { decodeText } from '../engine';
import { HELP, outputFormat, parseCommand, UsageError } from './args';
import type { CommandIo } from './io';

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

/** `logtriage decode "<text>"` or `decode -` (standard input, any length). */
export async function decodeCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand('decode', args);
  if (values.help) return (io.stdout.write(HELP.decode + '\n'), 0);
  const format = outputFormat(values, 'decode', ['text', 'json']);
  if (positionals.length !== 1) throw new UsageError('decode needs exactly one quoted text, or - for standard input', 'decode');
  const text = positionals[0] === '-' ? await readAll(io.stdin) : positionals[0];
  const decodings = decodeText(text);
  if (format === 'json') {
    const doc = decodings.map((d) => ({ kind: d.kind, text: d.text, summary: d.summary, details: d.details }));
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else if (decodings.length === 0) {
    io.stdout.write('no known codes found\n');
  } else {
    const out: string[] = [];
    for (const d of decodings) {
      out.push(`${d.text}  [${d.kind}]  ${d.summary}`);
      for (const line of d.details) out.push(`    ${line}`);
    }
    io.stdout.write(out.join('\n') + '\n');
  }
  return 0;
}
