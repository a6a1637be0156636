import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

/** The long-line boundary checks and the speed on the family's fixture. */
function speedCheck(t: TestContext, grammar: IGrammar, id: string, prefix: string, unit: string, fixture: string): void {
  const { near, long } = checkLongLineBoundary(grammar, id, prefix, unit);
  const rate = linesPerSecond(grammar, readFixture('xenserver', 'variants', fixture).trimEnd().split('\n'));
  t.diagnostic(`19 KB line: ${near.ms} ms; 1 MB line: ${long.ms} ms; ${rate} lines/s`);
  assert.ok(rate > 0);
}

describe('xenserver-daemon-log grammar', () => {
  const ID = 'xenserver-daemon-log';
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar(`text.log.${ID}`);
  });

  it('scopes stamp, host, tapdisk, pid and the tlog error with its errno and function', () => {
    const [t] = tokenize(grammar, ['Jul 29 13:11:16 xcp01 tapdisk[5923]: ERROR: errno -5 at __tapdisk_vbd_complete_td_request: req tap-0.0: write 0x0008 secs']);
    assert.ok(scopesOf(t, 'Jul 29 13:11:16').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'xcp01').includes(`variable.other.constant.host.${ID}`));
    assert.ok(scopesOf(t, 'tapdisk').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '5923').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'ERROR').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(t, '-5').includes(`constant.numeric.errno.${ID}`));
    assert.ok(scopesOf(t, '__tapdisk_vbd_complete_td_request').includes(`entity.name.function.${ID}`));
  });

  it('marks the watchdog and tap-err lines, and leaves ordinary lines plain', () => {
    const [watchdog, tapErr, plain] = tokenize(grammar, [
      'Mar  4 05:41:02 xs76 tapdisk[21877]: tap-3.0: watchdog timeout: pending requests idle for 60 seconds',
      "Sep  7 17:51:29 xs82 xl: tap-err:tap_ctl_send_and_receive: failed to receive 'close' message",
      "Jul  9 21:04:46 xs82 tapdisk[762]: received 'close' message (uuid = 1)",
    ]);
    assert.ok(scopesOf(watchdog, 'watchdog timeout').includes(`support.function.severity.warning.${ID}`));
    assert.ok(scopesOf(tapErr, 'tap-err').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(!plain.some((tok) => tok.scopes.some((s) => s.includes('severity.error'))));
  });

  it('colours up to the long-line boundary and reports speed', (t) => {
    speedCheck(t, grammar, ID, 'Jul 29 13:11:16 xcp01 tapdisk[5923]: ', 'ERROR: errno -5 at f: req tap-0.0 ', 'daemon.log');
  });
});

describe('xenserver-kern-log grammar', () => {
  const ID = 'xenserver-kern-log';
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar(`text.log.${ID}`);
  });

  it('scopes stamp, kernel, uptime, I/O errors and the device', () => {
    const [t] = tokenize(grammar, ['Jul 29 13:11:14 xcp01 kernel: [18372.103715] blk_update_request: I/O error, dev nvme0n1, sector 1953520']);
    assert.ok(scopesOf(t, 'kernel').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '18372.103715').includes(`constant.numeric.uptime.${ID}`));
    assert.ok(scopesOf(t, 'I/O error').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(t, 'nvme0n1').includes(`variable.other.constant.device.${ID}`));
  });

  it('marks failing paths and OOM kills, not the recovery', () => {
    const [failing, oom, back] = tokenize(grammar, [
      'Jul 29 13:11:15 xcp01 kernel: [18373.200100] device-mapper: multipath: 253:3: Failing path 65:16.',
      'Jul 29 14:02:11 xcp01 kernel: [21429.900000] Out of memory: Killed process 8841 (tapdisk)',
      'Jul 29 13:30:00 xcp01 kernel: [19498.311000] device-mapper: multipath: 253:3: Reinstating path 65:16.',
    ]);
    assert.ok(scopesOf(failing, 'Failing path').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(oom, 'Out of memory').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(!back.some((tok) => tok.scopes.some((s) => s.includes('severity.error'))));
  });

  it('colours up to the long-line boundary and reports speed', (t) => {
    speedCheck(t, grammar, ID, 'Jul 29 13:11:14 xcp01 kernel: [18372.103715] ', 'I/O error, dev sdb, sector 1 ', 'kern.log');
  });
});
