// Finds the lines of a text piece that contain any of a set of literals (what the rules need to
// match: requiredLiterals.ts), with a SIMD multi-literal search in WebAssembly: many times faster
// than a RegExp alternation, whose cost V8 pays per alternative at every position of the text.
//
// The search is the "Teddy" scheme of packed-pair string matchers: every literal belongs to one of
// eight buckets and is fingerprinted by three of its characters; for each of the three positions two
// 16-entry tables map the low and the high nibble of a byte to the buckets whose fingerprint allows
// it. Sixteen text positions are tested at once with byte shuffles; a position where all three
// bytes agree on some bucket is a candidate, verified against the string in JavaScript. The same
// pass counts line breaks, so each candidate comes with its line's start and number.
//
// The text goes into WebAssembly memory one byte per UTF-16 unit (Latin-1, each unit's low byte), so
// byte offsets are string offsets; a candidate is only ever a hint, the string decides.

/** Three fingerprint characters per literal. */
const FINGERPRINT = 3;
const BUCKETS = 8;
/** Memory layout: nibble tables, a scratch vector, the resume offset, the candidate list, the text. */
const TABLES = 0;
const SCRATCH = 96;
const RESUME = 112;
const OUT = 1024;
const MAX_OUT = 2048; // entries of 16 bytes: the list ends well before PAIRS
/** A bit per two-byte pair that starts some literal's fingerprint (8 KiB), between the list and INPUT. */
const PAIRS = 40960;
const PAIR_BYTES = 8192;
const INPUT = 65536;
/** The search reads a little past the end of the text. */
const PADDING = 64;

// ------------------------------------------------------------------ a tiny WebAssembly assembler
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const I32 = 0x7f;
const V128 = 0x7b;
const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  const: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  and: [0x71],
  or: [0x72],
  shrU: [0x76],
  shl: [0x74],
  popcnt: [0x69],
  ctz: [0x68],
  clz: [0x67],
  eqz: [0x45],
  eq: [0x46],
  ltU: [0x49],
  gtU: [0x4b],
  geU: [0x4f],
  load8: (offset: number) => [0x2d, 0, ...uleb(offset)],
  load: (offset: number) => [0x28, 2, ...uleb(offset)],
  store: (offset: number) => [0x36, 2, ...uleb(offset)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  ifI32: [0x04, 0x7f],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  return: [0x0f],
  v128Load: (offset: number) => simd(0x00, 0, ...uleb(offset)),
  v128Store: (offset: number) => simd(0x0b, 0, ...uleb(offset)),
  swizzle: simd(0x0e),
  splat8: simd(0x0f),
  eq8: simd(0x23),
  ne8: simd(0x24),
  and128: simd(0x4e),
  anyTrue: simd(0x53),
  bitmask8: simd(0x64),
  shrU8: simd(0x6d),
};
const body = (locals: [number, number][], code: number[][]): number[] => {
  const bytes = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code.flat(), ...op.end];
  return [...uleb(bytes.length), ...bytes];
};

/**
 * teddy(start, end, out, maxOut) -> n: writes up to about maxOut candidates from `out`, in order, each
 * four u32: a position in [start, end) where some bucket's fingerprint fits, the bucket bits, the
 * start of the position's line and the number of '\n' before that line start. The line state
 * (last '\n' seen, '\n' count) is read from and left at RESUME + 4 and RESUME + 8, where to resume
 * at RESUME (end when the whole range was searched), so a search can go on in several calls.
 */
function teddyBody(): number[] {
  const [start, end, out, maxOut, p, n, mask, k, lines, lastNl, count, below, entry] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const table = (i: number) => 13 + i; // lo0 hi0 lo1 hi1 lo2 hi2
  const [nibble, acc, chunk, newline] = [19, 20, 21, 22];
  const fingerprint = (i: number) =>
    [op.get(p), op.v128Load(i), op.set(chunk), op.get(table(2 * i)), op.get(chunk), op.get(nibble), op.and128, op.swizzle, op.get(table(2 * i + 1)), op.get(chunk), op.const(4), op.shrU8, op.swizzle, op.and128].flat();
  const field = (offset: number, value: number[][]) => [op.get(entry), ...value, op.store(offset)].flat();
  // the line state after this block: its '\n' counted, the last one remembered
  const pastBlock = [op.get(count), op.get(lines), op.popcnt, op.add, op.set(count), op.get(lines), op.if, op.get(p), op.const(31), op.add, op.get(lines), op.clz, op.sub, op.set(lastNl), op.end].flat();
  const saveState = [op.const(0), op.get(lastNl), op.store(RESUME + 4), op.const(0), op.get(count), op.store(RESUME + 8)].flat();
  // a candidate only if its first two bytes are those of some literal's fingerprint (the PAIRS bit
  // set): the nibble tables let through many byte pairs no literal has, which JavaScript need not see
  // prettier-ignore
  const pairFits = [
    op.get(p), op.get(k), op.add, op.load8(0), op.const(8), op.shl,
    op.get(p), op.get(k), op.add, op.load8(1), op.or, op.set(below),
    op.get(below), op.const(3), op.shrU, op.load8(PAIRS),
    op.get(below), op.const(7), op.and, op.shrU, op.const(1), op.and,
    op.get(p), op.get(k), op.add, op.get(end), op.ltU, op.and,
  ].flat();
  // prettier-ignore
  const writeEntry = [
    op.get(out), op.get(n), op.const(4), op.shl, op.add, op.set(entry),
    op.get(lines), op.const(1), op.get(k), op.shl, op.const(1), op.sub, op.and, op.set(below),
    field(0, [op.get(p), op.get(k), op.add]),
    field(4, [op.get(k), op.load8(SCRATCH)]),
    field(8, [op.get(below), op.ifI32, op.get(p), op.const(32), op.add, op.get(below), op.clz, op.sub, op.else, op.get(lastNl), op.const(1), op.add, op.end]),
    field(12, [op.get(count), op.get(below), op.popcnt, op.add]),
    op.get(n), op.const(1), op.add, op.set(n),
  ].flat();
  // prettier-ignore
  return body([[9, I32], [10, V128]], [
    ...[0, 1, 2, 3, 4, 5].map((i) => [...op.const(0), ...op.v128Load(TABLES + 16 * i), ...op.set(table(i))]),
    op.const(15), op.splat8, op.set(nibble),
    op.const(10), op.splat8, op.set(newline),
    op.const(0), op.load(RESUME + 4), op.set(lastNl),
    op.const(0), op.load(RESUME + 8), op.set(count),
    op.get(start), op.set(p),
    op.block, op.loop,
    op.get(p), op.get(end), op.geU, op.brIf(1),
    op.get(p), op.v128Load(0), op.get(newline), op.eq8, op.bitmask8, op.set(lines),
    fingerprint(0), fingerprint(1), op.and128, fingerprint(2), op.and128, op.tee(acc),
    op.anyTrue, op.if,
    op.const(0), op.get(acc), op.v128Store(SCRATCH),
    op.get(acc), op.const(0), op.splat8, op.ne8, op.bitmask8, op.set(mask),
    op.block, op.loop,
    op.get(mask), op.eqz, op.brIf(1),
    op.get(mask), op.ctz, op.set(k),
    pairFits, op.if, writeEntry, op.end,
    op.get(mask), op.get(mask), op.const(1), op.sub, op.and, op.set(mask),
    op.br(0), op.end, op.end,
    // the list is nearly full: stop after this block, the caller resumes
    op.get(n), op.get(maxOut), op.const(16), op.sub, op.geU, op.if,
    pastBlock,
    op.const(0), op.get(p), op.const(16), op.add, op.store(RESUME),
    saveState,
    op.get(n), op.return,
    op.end,
    op.end,
    pastBlock,
    op.get(p), op.const(16), op.add, op.set(p),
    op.br(0), op.end, op.end,
    op.const(0), op.get(end), op.store(RESUME),
    saveState,
    op.get(n),
  ]);
}

export function moduleBytes(): Uint8Array {
  const fn = (params: number, results: number) => [0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec(Array.from({ length: results }, () => [I32]))];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([fn(4, 1)])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(2)]])),
    ...section(
      7,
      vec([
        [...name('teddy'), 0, 0],
        [...name('memory'), 2, 0],
      ]),
    ),
    ...section(10, vec([teddyBody()])),
  ]);
}

// ------------------------------------------------------------------ the shared instance
// (the project's lib has no DOM types, where WebAssembly's are declared)
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  teddy(start: number, end: number, out: number, maxOut: number): number;
}

let instance: Exports | null | undefined;

/**
 * moduleBytes(), assembled once and kept here (base64): assembling it costs more at start-up than
 * the rest of the search set-up. The literal-search tests check that it is still what moduleBytes() gives.
 */
export const MODULE_BASE64 =
  'AGFzbQEAAAABCQFgBH9/f38BfwMCAQAFAwEAAgcSAgV0ZWRkeQAABm1lbW9yeQIACogEAYUEAgl/CntBAP0AAAAhDUEA/QAAECEOQQD9AAAgIQ9BAP0AADAhEEEA/QAAQCERQQD9AABQIRJBD/0PIRNBCv0PIRZBACgCdCEJQQAoAnghCiAAIQQCQANAIAQgAU8NASAE/QAAACAW/SP9ZCEIIAT9AAAAIRUgDSAVIBP9Tv0OIA4gFUEE/W39Dv1OIAT9AAABIRUgDyAVIBP9Tv0OIBAgFUEE/W39Dv1O/U4gBP0AAAIhFSARIBUgE/1O/Q4gEiAVQQT9bf0O/U79TiIU/VMEQEEAIBT9CwBgIBRBAP0P/ST9ZCEGAkADQCAGRQ0BIAZoIQcgBCAHai0AAEEIdCAEIAdqLQABciELIAtBA3YtAIDAAiALQQdxdkEBcSAEIAdqIAFJcQRAIAIgBUEEdGohDCAIQQEgB3RBAWtxIQsgDCAEIAdqNgIAIAwgBy0AYDYCBCAMIAsEfyAEQSBqIAtnawUgCUEBags2AgggDCAKIAtpajYCDCAFQQFqIQULIAYgBkEBa3EhBgwACwsgBSADQRBrTwRAIAogCGlqIQogCARAIARBH2ogCGdrIQkLQQAgBEEQajYCcEEAIAk2AnRBACAKNgJ4IAUPCwsgCiAIaWohCiAIBEAgBEEfaiAIZ2shCQsgBEEQaiEEDAALC0EAIAE2AnBBACAJNgJ0QQAgCjYCeCAFCw==';

/** The search runs where WebAssembly with SIMD does (Node 16.4+, VS Code's Electron); elsewhere the caller falls back. */
function wasm(): Exports | null {
  if (instance !== undefined) return instance;
  try {
    const bytes = Buffer.from(MODULE_BASE64, 'base64');
    // the candidate list is read through a Uint32Array, in the host's byte order: WebAssembly's is little-endian
    const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    instance = littleEndian && typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports) : null;
  } catch {
    instance = null;
  }
  return instance;
}

/** One instance serves every finder: a search is synchronous, so no two searches share the memory at once. */
class Memory {
  private buffer: ArrayBuffer | undefined;
  private u8!: Uint8Array;
  private u32!: Uint32Array;
  private bytes!: Buffer;

  constructor(readonly exports: Exports) {}

  /** Views of memory large enough for `inputLength` bytes of text. */
  ensure(inputLength: number): { u8: Uint8Array; u32: Uint32Array; bytes: Buffer } {
    const need = INPUT + inputLength + PADDING;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    if (this.buffer !== memory.buffer) {
      this.buffer = memory.buffer;
      this.u8 = new Uint8Array(memory.buffer);
      this.u32 = new Uint32Array(memory.buffer);
      this.bytes = Buffer.from(memory.buffer);
    }
    return { u8: this.u8, u32: this.u32, bytes: this.bytes };
  }
}

let shared: Memory | undefined;
const encoder = new TextEncoder();

// ------------------------------------------------------------------ choosing fingerprints
/**
 * How common a byte is in log text, 1 (rare) to 10, for when there is no text to count yet: lower
 * case, digits, space and the usual separators fill logs; upper case and punctuation are rarer.
 */
function commonness(b: number): number {
  return COMMONNESS[b];
}

/** commonness by byte, worked out once: fingerprints are chosen at every matcher's start. */
const COMMONNESS = Uint8Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  if (b >= 0x80 || b < 0x20) return 1;
  if (' etaoinsr0123456789:.'.includes(c)) return 10;
  if ('hldcumpfgywbx-/_,='.includes(c)) return 7;
  if ('vkqjzABCDEFSTRINOPML[]()"\''.includes(c)) return 4;
  return 2;
});

/** Byte and three-byte counts of a sample of the text the finder is about to search. */
class SampleStats {
  readonly bytes = new Float64Array(256);
  // 64K counters (256 KiB): a larger table costs more to clear and to reach than its fewer collisions save
  private readonly trigrams = new Uint32Array(1 << 16);
  readonly size: number;

  constructor(sample: string) {
    this.size = sample.length;
    let h = 0;
    for (let i = 0; i < sample.length; i++) {
      const b = sample.charCodeAt(i) & 0xff;
      this.bytes[b]++;
      h = ((h << 8) | b) & 0xffffff;
      if (i >= 2) this.trigrams[SampleStats.slot(h)]++;
    }
  }

  private static slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> 16;
  }

  trigram(a: number, b: number, c: number): number {
    return this.trigrams[SampleStats.slot((a << 16) | (b << 8) | c)];
  }
}

interface Literal {
  text: string;
  /** Its characters as bytes, for a search in ASCII bytes; null when one is not ASCII (it cannot occur there). */
  bytes: Uint8Array | null;
  /** Offset of the fingerprint in the literal. */
  at: number;
  /** The fingerprint bytes; undefined where the literal is shorter (any byte fits). */
  print: (number | undefined)[];
}

/** The literal's three characters least often seen together in the sample (rarest bytes without one). */
function fingerprintOf(text: string, stats: SampleStats | undefined): Literal {
  const bytes = new Uint8Array(text.length);
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code & 0xff;
    if (code > 0x7f) ascii = false;
  }
  let at = 0;
  let best = Infinity;
  for (let i = 0; i + FINGERPRINT <= bytes.length; i++) {
    const a = bytes[i];
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const rarity = COMMONNESS[a] + COMMONNESS[b] + COMMONNESS[c];
    const score = stats ? stats.trigram(a, b, c) * 100 + rarity : rarity;
    if (score < best) ((best = score), (at = i));
  }
  const print = Array.from({ length: FINGERPRINT }, (_, i) => (at + i < bytes.length ? bytes[at + i] : undefined));
  return { text, bytes: ascii ? bytes : null, at, print };
}

const NO_LITERALS: readonly Literal[] = [];

/** Three fingerprint bytes as one number, the key of LiteralFinder's lookup. */
const printKey = (a: number, b: number, c: number): number => (a << 16) | (b << 8) | c;

/** A bucket's nibble sets at each fingerprint position, as 16-bit masks (low nibbles, high nibbles). */
type Masks = number[];

function masksOf(prints: readonly (number | undefined)[][]): Masks {
  const masks = new Array<number>(2 * FINGERPRINT).fill(0);
  for (const p of prints) {
    for (let i = 0; i < FINGERPRINT; i++) {
      const b = p[i];
      masks[2 * i] |= b === undefined ? 0xffff : 1 << (b & 15);
      masks[2 * i + 1] |= b === undefined ? 0xffff : 1 << (b >> 4);
    }
  }
  return masks;
}

function orMasks(a: Masks, b: Masks): Masks {
  return a.map((m, i) => m | b[i]);
}

/**
 * How often a position passes a bucket's tables by chance: per position, the share of sample bytes that
 * pass, multiplied. `memo` keeps the share of each pair of nibble sets met (they repeat: a full bucket
 * passes everything), so that placing thousands of literals does not add up the bytes again each time.
 */
function passRate(masks: Masks, weights: Float64Array, total: number, memo?: Map<number, number>): number {
  let rate = 1;
  for (let i = 0; i < FINGERPRINT; i++) {
    const lo = masks[2 * i];
    const hi = masks[2 * i + 1];
    const key = lo * 0x10000 + hi;
    let pass = memo?.get(key);
    if (pass === undefined) {
      // the bytes whose two nibbles both pass, in ascending order (v = 16 * high + low)
      pass = 0;
      for (let h = 0; h < 16; h++) {
        if (!((hi >> h) & 1)) continue;
        for (let l = 0; l < 16; l++) if ((lo >> l) & 1) pass += weights[16 * h + l];
      }
      memo?.set(key, pass);
    }
    rate *= total ? pass / total : 1;
  }
  return rate;
}

function sum(weights: Float64Array): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += weights[v];
  return total;
}

/**
 * Every line of a text piece that contains one of the literals. Built once per rule set and family
 * (SignatureMatcher); `create` gives undefined where WebAssembly SIMD is missing. Fingerprints are
 * chosen from the first text it searches, so they avoid what is common in that kind of log.
 */
export class LiteralFinder {
  private buckets: Literal[][] = [];
  /**
   * The literals by their three fingerprint bytes: a candidate's own three bytes name the only ones
   * it can start, so a false candidate costs one lookup, not a walk through its bucket's literals.
   */
  private byPrint = new Map<number, Literal[]>();
  /** A bit per first two fingerprint bytes some literal has; the search drops candidates without one. */
  private readonly pairs = new Uint8Array(PAIR_BYTES);
  /** Per bucket, its literals shorter than a fingerprint (any byte fits where they end): checked one by one. */
  private loose: Literal[][] = [];
  private hasLoose = false;
  /** The literals found on the line being reported (one array, reused: read it in the callback). */
  private readonly found: string[] = [];
  private readonly tables = new Uint8Array(96);
  private tuned = false;

  private constructor(
    private readonly exports: Exports,
    private readonly literals: readonly string[],
  ) {}

  private tune(sample: string): void {
    this.tuned = true;
    const stats = sample.length >= 4096 ? new SampleStats(sample) : undefined;
    const weights = stats?.bytes ?? Float64Array.from({ length: 256 }, (_, v) => commonness(v));
    const total = sum(weights);
    const all = [...new Set(this.literals)].filter((l) => l.length > 0 && !l.includes('\n')).map((l) => fingerprintOf(l, stats));
    // each literal goes where it adds least to the chance of a false candidate; longest first
    all.sort((a, b) => b.text.length - a.text.length);
    this.buckets = Array.from({ length: BUCKETS }, () => []);
    const rates = new Array<number>(BUCKETS).fill(0);
    // each bucket's masks kept as literals join it: a bucket with one more literal is its masks OR the
    // literal's (thousands of custom rules made rebuilding them from the whole bucket quadratic)
    const bucketMasks = Array.from({ length: BUCKETS }, () => masksOf([]));
    const memo = new Map<number, number>();
    for (const lit of all) {
      const own = masksOf([lit.print]);
      let best = 0;
      let bestCost = Infinity;
      for (let b = 0; b < BUCKETS; b++) {
        const cost = passRate(orMasks(bucketMasks[b], own), weights, total, memo) - rates[b];
        if (cost < bestCost) ((bestCost = cost), (best = b));
      }
      this.buckets[best].push(lit);
      bucketMasks[best] = orMasks(bucketMasks[best], own);
      rates[best] += bestCost;
    }
    this.byPrint.clear();
    this.pairs.fill(0);
    this.loose = this.buckets.map((lits) => lits.filter((l) => l.print.includes(undefined)));
    this.hasLoose = this.loose.some((lits) => lits.length > 0);
    for (const { print } of all) {
      // a literal shorter than its fingerprint fits any byte where it has none
      const seconds = print[1] === undefined ? Array.from({ length: 256 }, (_, b) => b) : [print[1]];
      for (const second of seconds) {
        const pair = (print[0]! << 8) | second;
        this.pairs[pair >> 3] |= 1 << (pair & 7);
      }
    }
    for (const lit of all) {
      if (lit.print.includes(undefined)) continue;
      const key = printKey(lit.print[0]!, lit.print[1]!, lit.print[2]!);
      const list = this.byPrint.get(key);
      if (list) list.push(lit);
      else this.byPrint.set(key, [lit]);
    }
    this.tables.fill(0);
    this.buckets.forEach((lits, b) => {
      for (const { print } of lits) {
        for (let i = 0; i < FINGERPRINT; i++) {
          const byte = print[i];
          for (let n = 0; n < 16; n++) {
            if (byte === undefined || (byte & 15) === n) this.tables[32 * i + n] |= 1 << b;
            if (byte === undefined || byte >> 4 === n) this.tables[32 * i + 16 + n] |= 1 << b;
          }
        }
      }
    });
  }

  /** The literals by bucket and fingerprint offset (for tests and tuning). */
  describe(): string[][] {
    return this.buckets.map((lits) => lits.map((l) => `${l.text}@${l.at}`));
  }

  static create(literals: readonly string[]): LiteralFinder | undefined {
    const exports = wasm();
    return exports && literals.length ? new LiteralFinder(exports, literals) : undefined;
  }

  /** The literals a candidate at memory offset `p` may start: those of its three bytes, and the loose ones of its buckets. */
  private candidates(u8: Uint8Array, p: number, bits: number): readonly Literal[] {
    const exact = this.byPrint.get(printKey(u8[p], u8[p + 1], u8[p + 2])) ?? NO_LITERALS;
    if (!this.hasLoose) return exact;
    const out = [...exact];
    for (; bits; bits &= bits - 1) out.push(...this.loose[31 - Math.clz32(bits & -bits)]);
    return out;
  }

  /**
   * Calls `onLine(start, end, lineNo, found)` for each line of `text` holding a literal, in order,
   * once each, with the literals found on it (`end` is the offset of its '\n' or text.length);
   * lines are numbered from `firstLine`. Returns the number of '\n' in `text`.
   */
  scan(text: string, firstLine: number, onLine: (start: number, end: number, lineNo: number, found: readonly string[]) => void): number {
    if (!this.tuned) this.tune(text.slice(0, 64 * 1024));
    const memory = (shared ??= new Memory(this.exports));
    const { u8, u32, bytes } = memory.ensure(text.length + 4);
    // ASCII (nearly every log) goes in by UTF-8 encoding, which says whether it was; else one byte per unit
    const { read, written } = encoder.encodeInto(text, u8.subarray(INPUT, INPUT + text.length + 4));
    const ascii = read === text.length && written === text.length;
    if (!ascii) bytes.write(text, INPUT, text.length, 'latin1');
    u8.fill(0, INPUT + text.length, INPUT + text.length + PADDING);
    u8.set(this.tables, TABLES);
    u8.set(this.pairs, PAIRS);
    const { teddy } = this.exports;
    // the line being collected: every literal on it is gathered before it is reported
    let lineStart = -1;
    let lineEnd = -1;
    let lineNo = firstLine;
    const found = this.found;
    found.length = 0;
    const report = () => {
      onLine(lineStart, lineEnd, lineNo, found);
      lineStart = -1;
      found.length = 0;
    };
    // without ASCII, the image may hold false '\n' bytes (U+010A is 0x0A once cut to a byte): lines come from the string
    let counted = 0;
    let countedLines = 0;
    const linesBefore = (start: number): number => {
      for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) countedLines++;
      counted = start;
      return countedLines;
    };
    u32[(RESUME >> 2) + 1] = INPUT - 1; // the last '\n' "seen": the text starts a line
    u32[(RESUME >> 2) + 2] = 0;
    for (let from = INPUT, end = INPUT + text.length; from < end;) {
      const n = teddy(from, end, OUT, MAX_OUT);
      for (let i = 0, e = OUT >> 2; i < n; i++, e += 4) {
        const at = u32[e] - INPUT;
        if (lineStart >= 0 && at > lineEnd) report();
        for (const lit of this.candidates(u8, INPUT + at, u32[e + 1])) {
          const start = at - lit.at;
          if (start < 0 || !text.startsWith(lit.text, start)) continue;
          if (lineStart < 0) {
            if (ascii) {
              lineStart = u32[e + 2] - INPUT;
              lineNo = firstLine + u32[e + 3];
            } else {
              lineStart = text.lastIndexOf('\n', start - 1) + 1;
              lineNo = firstLine + linesBefore(lineStart);
            }
            lineEnd = text.indexOf('\n', start);
            if (lineEnd < 0) lineEnd = text.length;
          }
          if (!found.includes(lit.text)) found.push(lit.text);
        }
      }
      from = u32[RESUME >> 2];
      if (n < MAX_OUT - 16) break;
    }
    if (lineStart >= 0) report();
    if (ascii) return u32[(RESUME >> 2) + 2];
    return linesBefore(text.length);
  }

  /**
   * `scan` over text given as ASCII bytes (every byte below 0x80: the caller checked), where
   * offsets are those of the same text as a string: the text is never decoded, only the lines the
   * caller cuts out of `bytes` with the offsets it gets.
   */
  scanBytes(bytes: Buffer, firstLine: number, onLine: (start: number, end: number, lineNo: number, found: readonly string[]) => void): number {
    if (!this.tuned) this.tune(bytes.toString('latin1', 0, Math.min(bytes.length, 64 * 1024)));
    const memory = (shared ??= new Memory(this.exports));
    const { u8, u32 } = memory.ensure(bytes.length + 4);
    u8.set(bytes, INPUT);
    u8.fill(0, INPUT + bytes.length, INPUT + bytes.length + PADDING);
    u8.set(this.tables, TABLES);
    u8.set(this.pairs, PAIRS);
    const { teddy } = this.exports;
    const size = bytes.length;
    let lineStart = -1;
    let lineEnd = -1;
    let lineNo = firstLine;
    const found = this.found;
    found.length = 0;
    u32[(RESUME >> 2) + 1] = INPUT - 1; // the last '\n' "seen": the text starts a line
    u32[(RESUME >> 2) + 2] = 0;
    for (let from = INPUT, end = INPUT + bytes.length; from < end;) {
      const n = teddy(from, end, OUT, MAX_OUT);
      for (let i = 0, e = OUT >> 2; i < n; i++, e += 4) {
        const at = u32[e] - INPUT;
        if (lineStart >= 0 && at > lineEnd) {
          onLine(lineStart, lineEnd, lineNo, found);
          lineStart = -1;
          found.length = 0;
        }
        for (const lit of this.candidates(u8, INPUT + at, u32[e + 1])) {
          const want = lit.bytes;
          if (!want) continue; // not ASCII: ASCII bytes cannot hold it
          const last = want.length - 1;
          const start = at - lit.at;
          if (start < 0 || start + last >= size) continue;
          // both ends first: a false candidate mostly fails there
          const base = INPUT + start;
          if (u8[base] !== want[0] || u8[base + last] !== want[last]) continue;
          let k = 1;
          while (k < last && u8[base + k] === want[k]) k++;
          if (k < last) continue;
          if (lineStart < 0) {
            lineStart = u32[e + 2] - INPUT;
            lineNo = firstLine + u32[e + 3];
            lineEnd = bytes.indexOf(10, start);
            if (lineEnd < 0) lineEnd = bytes.length;
          }
          if (!found.includes(lit.text)) found.push(lit.text);
        }
      }
      from = u32[RESUME >> 2];
      if (n < MAX_OUT - 16) break;
    }
    if (lineStart >= 0) onLine(lineStart, lineEnd, lineNo, found);
    return u32[(RESUME >> 2) + 2];
  }
}
