import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import type { TimelineParams, TimelineResult } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';

const twoHosts = fixture('timeline', 'nbu-two-hosts');
const timelineUri = 'logtriage-timeline:/Timeline%20of%20nbu-two-hosts.log?%7B%7D';

describe('language server: merged timeline', () => {
  const client = new LspTestClient();
  let result: TimelineResult;
  let diagnostics: Diagnostic[];

  before(async () => {
    await client.initialize(twoHosts);
    const published = client.nextDiagnostics(timelineUri);
    const params: TimelineParams = { uri: timelineUri, paths: [twoHosts], offsets: { client: -5 }, gapSeconds: 60 };
    result = await client.connection.sendRequest('logtriage/timeline', params);
    diagnostics = (await published).diagnostics;
  });
  after(async () => {
    await client.shutdown();
  });

  const lines = () => result.text.split('\n');
  const lineOf = (needle: string) => lines().findIndex((l) => l.includes(needle));

  it('answers the text, with notes on top and every line traced to its file and line', () => {
    assert.match(lines()[0], /^# Log Triage timeline of 3 files: 2014-05-05T17:46:35\.940 to 2014-05-05T17:50:36\.114$/);
    assert.ok(lines().includes(`# [client/vnetd] ${twoHosts}/client/vnetd/log.050514: netbackup-legacy-log, day 2014-05-05 from the file name, clock offset -5 s`));
    const timeout = lineOf('vnet_sock_ready: ... 0: Function failed: 11');
    assert.ok(lines()[timeout].startsWith('2014-05-05T17:48:36.611 [client/vnetd] 17:48:41.611 '));
    assert.equal(result.files[result.lineFiles[timeout]].tag, 'client/vnetd');
    assert.equal(result.lineNumbers[timeout], 16);
    assert.equal(result.lineFiles.length, lines().length - 1, 'one entry per line (the text ends with a line break)');
    assert.equal(result.lineFiles[lineOf('[gap]')], -1);
    assert.deepEqual(result.hints, []);
    assert.ok(result.links > 0);
  });

  it("publishes the files' findings on the timeline, the media status 25 linked to the client's vnetd timeout line", () => {
    const status = diagnostics.find((d) => d.code === 'nbu/status-25' && lines()[d.range.start.line].includes('[media/bpbrm]'));
    assert.ok(status, 'a status 25 of the media server');
    assert.equal(lines()[status.range.start.line].slice(status.range.start.character, status.range.end.character), 'failure: 25');
    const toTimeout = status.relatedInformation!.find((r) => r.location.uri === timelineUri && r.location.range.start.line === lineOf('vnet_sock_ready: ... 0: Function failed: 11'));
    assert.ok(toTimeout, 'related: the vnetd timeout, on the timeline itself');
    assert.match(toTimeout.message, /vnetd closed this job's forwarding socket \(ipc 57276\)/);
    const back = status.relatedInformation!.find((r) => r.location.uri.endsWith('/media/bpbrm/log.050514'));
    assert.ok(back, 'and the line in its own file');
    const timeout = diagnostics.find((d) => d.code === 'nbu/vnetd-forward-timeout')!;
    assert.ok(timeout.relatedInformation!.some((r) => r.location.uri === timelineUri && lines()[r.location.range.start.line].includes('NCB_DATASOCKET')));
  });

  it('publishes the same diagnostics again when the document opens, and hovers with the line family', async () => {
    const reopened = await client.open(timelineUri, 'log', result.text);
    assert.equal(reopened.length, diagnostics.length);
    const line = lineOf('<16> process_requests: get_vnetd_forward_socket failed: 25');
    const character = lines()[line].indexOf('<16>') + 1;
    const hover = await client.hover(timelineUri, line, character);
    assert.ok(hover, 'a hover on <16>');
    assert.equal(lines()[line].slice(hover.range!.start.character, hover.range!.end.character), '<16>');
    assert.match((hover.contents as MarkupContent).value, /16/);
    assert.equal(await client.hover(timelineUri, line, 3), null, 'nothing to say on the time column');
  });

  it('without the offset, relates nothing across hosts and says which clock to fix', async () => {
    const uri = 'logtriage-timeline:/raw.log';
    const raw: TimelineResult = await client.connection.sendRequest('logtriage/timeline', { uri, paths: [twoHosts] } satisfies TimelineParams);
    assert.equal(raw.hints.length, 1);
    assert.deepEqual({ tag: raw.hints[0].tag, offsetSeconds: raw.hints[0].offsetSeconds }, { tag: 'client/vnetd', offsetSeconds: -5 });
    assert.ok(raw.text.includes('# clocks: client/vnetd and media/bpbrm share the forwarding socket 57276'));
  });

  it('lists files it cannot place', async () => {
    const r: TimelineResult = await client.connection.sendRequest('logtriage/timeline', { uri: 'logtriage-timeline:/mixed.log', paths: [fixture('timeline', 'mixed')] } satisfies TimelineParams);
    assert.deepEqual(
      r.files.filter((f) => f.notPlaced).map((f) => f.tag),
      ['collection-notes.txt'],
    );
    // a NetBackup log renamed without its date: placed on its modification day, flagged for the editor to ask
    assert.deepEqual(
      r.files.filter((f) => f.dayUncertain).map((f) => f.tag),
      ['undated/bpbrm/bpbrm.txt'],
    );
    assert.ok(r.text.includes("from the file's modification time: its name gives no date"));
  });

  it('shows idle gaps of a single log as code lenses, at the threshold of the settings', async () => {
    const file = `${twoHosts}/client/vnetd/log.050514`;
    const uri = 'file://' + file;
    await client.open(uri, 'netbackup-legacy-log', fs.readFileSync(file, 'utf8'));
    const none: CodeLens[] = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(none, [], 'two minutes is no gap at the default five');
    client.settings = { timeline: { gapSeconds: 60 } };
    const lenses: CodeLens[] = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title]),
      [
        [12, '$(watch) 2 min with nothing logged (since line 11, 17:46:41.299)'],
        [26, '$(watch) 1 min 19 s with nothing logged (since line 25, 17:48:41.611)'],
      ],
    );
    const onTimeline: CodeLens[] = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: timelineUri } });
    assert.deepEqual(onTimeline, [], 'the timeline has its own gap markers');
  });
});
