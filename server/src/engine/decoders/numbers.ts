import type { Decoding } from '../types';
import type { Decoder } from './decoder';

// Numbers whose written form hides their value:
//  - Unix time inside a name: automaticTempNDMPCkpt10-19-1426016353, myclient_1307115858;
//  - 0x values of 3 to 8 hex digits (decimal, and the signed 32-bit reading when the top bit is set);
//  - -1 and other small negatives printed unsigned: 4294967295 is 0xFFFFFFFF, -1 as 32 bits.
// Plain counters, pids, ports, byte counts and timestamps are left alone: an epoch is taken only
// when ten digits end a name after a dash or underscore, and fall between 2000 and 2040.

const EPOCH_MIN = Date.UTC(2000, 0, 1) / 1000;
const EPOCH_MAX = Date.UTC(2040, 0, 1) / 1000;
const TEN_DIGITS = /(?<=[A-Za-z0-9])[-_](\d{10})(?!\w|\.\d)/g;
const HEX = /(?<![\w.])0[xX]([0-9a-fA-F]{3,8})(?!\w|\.\w)/g;
const UNSIGNED = /(?<![\w.-])(42949\d{5}|18446744073709\d{6})(?!\w|\.\w)/g;
/** Hex a decoder with a meaning already explains (NDMP message codes). */
const CLAIMED_BEFORE = /\b(?:msg|message|message_code)(?:\s*[:=]\s*|\s+)$/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function utc(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

function localTime(d: Date): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local';
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (${zone}, UTC${sign}${hhmm})`;
}

function epochDecoding(text: string, start: number): Decoding | undefined {
  const seconds = Number(text);
  if (seconds < EPOCH_MIN || seconds >= EPOCH_MAX) return undefined;
  const d = new Date(seconds * 1000);
  return {
    kind: 'epoch-seconds',
    text,
    start,
    end: start + text.length,
    summary: `Unix time ${seconds} = ${utc(d)}`,
    details: [
      `UTC: ${d.toISOString().replace('.000Z', 'Z')}`,
      `On this computer: ${localTime(d)}`,
      'Seconds since 1970-01-01 00:00 UTC, so the value itself has no time zone. The host that wrote it shows its local time elsewhere (ls -l, log stamps): compare to learn its offset.',
      'Read as a time because ten digits between 2000 and 2040 end a name; a counter of that size would be read the same way, so check it fits the story.',
      'Source: POSIX "Seconds Since the Epoch", https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap04.html#tag_04_16',
    ],
  };
}

function hexDecoding(text: string, digits: string, start: number): Decoding {
  const value = parseInt(digits, 16);
  const signed = digits.length === 8 && value >= 0x80000000 ? value - 0x100000000 : undefined;
  return {
    kind: 'hex-number',
    text,
    start,
    end: start + text.length,
    // A small negative (-1, -22...) is worth the summary; a large one is usually an address.
    summary: signed !== undefined && signed >= -4096 ? `${text} = ${value} = ${signed} as a signed 32-bit value` : `${text} = ${value}`,
    details: [`Hexadecimal ${text} is ${value} in decimal.`, ...(signed === undefined ? [] : [`With the top bit set, a signed 32-bit field holding ${text} means ${signed}: error codes and "-1 = none" markers often look like this.`])],
  };
}

function unsignedDecoding(text: string, start: number): Decoding | undefined {
  const big = BigInt(text);
  const bits = big <= 0xffffffffn ? 32 : big <= 0xffffffffffffffffn ? 64 : 0;
  if (bits === 0) return undefined;
  const negative = big - (1n << BigInt(bits));
  // Only values just below 2^bits (-1 ... -4096) are likely negatives; larger ones are sizes or ids.
  if (negative < -4096n) return undefined;
  const hex = `0x${big.toString(16).toUpperCase()}`;
  return {
    kind: 'unsigned-negative',
    text,
    start,
    end: start + text.length,
    summary: `${text} = ${hex} = ${negative} as a signed ${bits}-bit value`,
    details: [
      `${text} is 2^${bits} ${negative}: the bit pattern of ${negative} printed as an unsigned ${bits}-bit number.`,
      `Programs often store -1 in an unsigned field to mean "none", "unset", "invalid" or "no limit"; ${bits === 32 ? '4294967295 (0xFFFFFFFF)' : '18446744073709551615'} is that -1.`,
    ],
  };
}

export const numbersDecoder: Decoder = {
  kind: 'number',
  decode(line) {
    // Every form needs ten digits in a row or a 0x prefix: most lines have neither.
    if (!/\d{10}|0[xX][0-9a-fA-F]{3}/.test(line)) return [];
    const out: Decoding[] = [];
    for (const m of line.matchAll(TEN_DIGITS)) {
      // The name the digits end must contain a letter: "2015-05-05-1426016353" is not a name.
      const tokenStart = Math.max(line.lastIndexOf(' ', m.index!), line.lastIndexOf('\t', m.index!)) + 1;
      if (!/[A-Za-z]/.test(line.slice(tokenStart, m.index!))) continue;
      const d = epochDecoding(m[1], m.index! + 1);
      if (d) out.push(d);
    }
    for (const m of line.matchAll(HEX)) {
      const before = line.slice(Math.max(0, m.index! - 24), m.index!);
      // "18 0x00000012": the hex only repeats the decimal just before it.
      const echo = /(?<!\d)(\d+) $/.exec(before); // starts only where a digit run starts: linear
      if (echo && Number(echo[1]) === parseInt(m[1], 16)) continue;
      if (CLAIMED_BEFORE.test(before)) continue;
      // 0x00000002 reads the same in decimal: nothing to explain.
      if (parseInt(m[1], 16) < 10) continue;
      out.push(hexDecoding(m[0], m[1], m.index!));
    }
    for (const m of line.matchAll(UNSIGNED)) {
      const d = unsignedDecoding(m[1], m.index!);
      if (d) out.push(d);
    }
    return out;
  },
};
