// Every numeric setting has bounds: the manifest's minimum/maximum/default are the ones the code
// applies, an out-of-range value is clamped to them, and garbage falls back to the default.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { clamped, DEFAULT_GZIP_OPEN_MEGABYTES, DEFAULT_SETTINGS, parseSettings, SETTING_LIMITS } from '../../../server/src/features/settings';
import { timelineSettings } from '../../../server/src/features/timeline';
import { repoRoot } from '../../helpers/paths';

interface ManifestSetting {
  type: string | string[];
  default: unknown;
  minimum?: number;
  maximum?: number;
  additionalProperties?: { type: string; minimum?: number; maximum?: number };
  markdownDescription: string;
}

function secondsOf(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, ManifestSetting> }[] } };
/** The settings of every section of the configuration. */
const properties: Record<string, ManifestSetting> = Object.assign({}, ...manifest.contributes.configuration.map((section) => section.properties));

interface NumericSetting {
  key: string;
  limits: readonly [number, number];
  fallback: number | undefined;
  integer: boolean;
  /** The value the code uses when the user set `value`. */
  read(value: unknown): number | undefined;
  /** Out of range: clamped to the bound (else ignored, as a wrong year is worse than none). */
  outOfRange: 'clamped' | 'ignored';
}

const SETTINGS: NumericSetting[] = [
  {
    key: 'logtriage.netbackup.connectDelaySeconds',
    limits: SETTING_LIMITS.connectDelaySeconds,
    fallback: DEFAULT_SETTINGS.connectDelaySeconds,
    integer: false,
    outOfRange: 'clamped',
    read: (v) => parseSettings({ netbackup: { connectDelaySeconds: v } }).connectDelaySeconds,
  },
  {
    key: 'logtriage.maxDiagnosticsPerFile',
    limits: SETTING_LIMITS.maxDiagnosticsPerFile,
    fallback: DEFAULT_SETTINGS.maxDiagnosticsPerFile,
    integer: true,
    outOfRange: 'clamped',
    read: (v) => parseSettings({ maxDiagnosticsPerFile: v }).maxDiagnosticsPerFile,
  },
  {
    key: 'logtriage.gzip.maxDecompressedMegabytes',
    limits: SETTING_LIMITS.maxDecompressedMegabytes,
    fallback: DEFAULT_SETTINGS.maxDecompressedMegabytes,
    integer: false,
    outOfRange: 'clamped',
    read: (v) => parseSettings({ gzip: { maxDecompressedMegabytes: v } }).maxDecompressedMegabytes,
  },
  {
    key: 'logtriage.bundle.maxDecompressedMegabytes',
    limits: SETTING_LIMITS.maxBundleMegabytes,
    fallback: DEFAULT_SETTINGS.maxBundleMegabytes,
    integer: false,
    outOfRange: 'clamped',
    read: (v) => parseSettings({ bundle: { maxDecompressedMegabytes: v } }).maxBundleMegabytes,
  },
  // read by the client when a .gz log opens, through the same function
  {
    key: 'logtriage.gzip.maxMegabytes',
    limits: SETTING_LIMITS.gzipOpenMegabytes,
    fallback: DEFAULT_GZIP_OPEN_MEGABYTES,
    integer: true,
    outOfRange: 'clamped',
    read: (v) => clamped(v, SETTING_LIMITS.gzipOpenMegabytes, DEFAULT_GZIP_OPEN_MEGABYTES, true),
  },
  { key: 'logtriage.timeline.gapSeconds', limits: SETTING_LIMITS.timelineGapSeconds, fallback: 300, integer: false, outOfRange: 'clamped', read: (v) => timelineSettings({ timeline: { gapSeconds: v } }).gapSeconds },
  { key: 'logtriage.timeline.year', limits: SETTING_LIMITS.timelineYear, fallback: undefined, integer: true, outOfRange: 'ignored', read: (v) => timelineSettings({ timeline: { year: v } }).year },
  {
    key: 'logtriage.timeline.offsets',
    limits: SETTING_LIMITS.timelineOffsetSeconds,
    fallback: undefined,
    integer: false,
    outOfRange: 'clamped',
    read: (v) => secondsOf(timelineSettings({ timeline: { offsets: { 'client/vnetd': v } } }).offsets[0]?.ms),
  },
];

const GARBAGE: unknown[] = [NaN, Infinity, -Infinity, '12', null, {}, [5], true];

describe('numeric settings are bounded', () => {
  it('every numeric setting of the manifest is listed here', () => {
    const numeric = Object.entries(properties)
      .filter(([, p]) => [p.type].flat().some((t) => t === 'number' || t === 'integer') || p.additionalProperties?.type === 'number')
      .map(([k]) => k)
      .sort();
    assert.deepEqual(numeric, SETTINGS.map((s) => s.key).sort());
  });

  for (const s of SETTINGS) {
    describe(s.key, () => {
      const [min, max] = s.limits;
      const p = properties[s.key];
      const declared = p.additionalProperties ?? p;

      it("the manifest gives the bounds the code applies, and its default is the code's", () => {
        assert.deepEqual([declared.minimum, declared.maximum], [min, max]);
        if (!p.additionalProperties) assert.equal(p.default ?? undefined, s.fallback);
        assert.ok(p.markdownDescription.includes(String(max)), `the description states the range: ${p.markdownDescription}`);
      });

      it('in range it is kept', () => {
        const inside = s.integer ? Math.floor((min + max) / 2) : (min + max) / 2 + 0.5;
        assert.equal(s.read(inside), inside);
      });

      it(`out of range it is ${s.outOfRange}`, () => {
        const low = s.outOfRange === 'clamped' ? min : s.fallback;
        const high = s.outOfRange === 'clamped' ? max : s.fallback;
        assert.equal(s.read(min - 1), low);
        assert.equal(s.read(max + 1), high);
        assert.equal(s.read(1e308), high);
        assert.equal(s.read(-1e308), low);
      });

      it('garbage falls back to the default', () => {
        for (const g of GARBAGE) assert.equal(s.read(g), s.fallback, `${s.key} = ${JSON.stringify(g)}`);
      });
    });
  }
});
