// The xenlat-capture cell end to end on real and scripted captures: the common result, stalls
// with their TCP context, the charts, and plain errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureCell, type CaptureResult } from '../../src/cells/capture';
import { CellError, type CellContext } from '../../src/cells/types';
import { writePcap } from '../support/pcap-writer';
import { scriptedConversation } from '../support/tcp-conversation';

const dir = mkdtempSync(join(tmpdir(), 'xenlat-capcell-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'conv.pcap'), writePcap(scriptedConversation().frames, { link: 'ethernet' }));
writeFileSync(join(dir, 'notes.txt'), 'not a capture at all\n');

const ctx = (notebookDir = dir): CellContext => ({ notebookDir, signal: new AbortController().signal, progress: () => {} });

test('scripted conversation: each stall carries its TCP context', async () => {
  const out = await captureCell.run('file: conv.pcap\nstallThresholdMs: 20\n', ctx());
  const res = out.result as CaptureResult;
  assert.equal(res.kind, 'xenlat-capture');
  assert.equal(res.summary.count, 5);
  assert.equal(res.summary.stalls.count, 3);
  assert.deepEqual(res.stalls.map((s) => [s.index, s.context[0]]), [
    [1, 'request retransmitted after 200 ms'],
    [4, "the server's receive window was zero (it was not reading)"],
    [3, "request tail held 40.0 ms for the peer's ACK (Nagle)"],
  ]);
  assert.ok(res.stalls[2].context.includes("the server's ACK was delayed 40.0 ms (delayed ACK)"));
  assert.deepEqual(res.tcp, { retransmissions: 1, fastRetransmissions: 1, spuriousRetransmissions: 1, dupAcks: 3, zeroWindows: 1, nagleHeld: 1, delayedAcks: 1, missingBytes: 0 });
  assert.deepEqual(out.charts.map((c) => c.id), ['histogram', 'cdf', 'wire-over-time', 'time-sequence', 'ack-delays']);
  // The time-sequence graph is of the slowest stall: the request sent twice.
  const ts = out.charts[3].spec as { data: { values: { series: string; t: number }[] } };
  const at = (series: string) => ts.data.values.filter((v) => v.series === series).map((v) => v.t);
  assert.ok(at('request data').includes(10), 'the request');
  assert.deepEqual(at('retransmission').slice(0, 1), [210], 'the request again after the RTO');
  assert.ok(at('ACK of the response').length > 0);
  assert.match(out.markdown, /request retransmitted after 200 ms/);
  assert.ok(!JSON.stringify({ ...res, samples: [] }).includes('alpha'));
  assert.equal(res.connections[0].ackDelays.find((a) => a.by === 'server')!.maxMs, 40);
});

test('a recorded capture: the proxy-held response is the one stall, its time on the far side', async () => {
  const out = await captureCell.run('file: memcached-binary-proxy-delay60.pcap\nstallThresholdMs: 30\ntitle: proxy\n', ctx(resolve('test/fixtures/capture')));
  const res = out.result as CaptureResult;
  assert.equal(res.requests.total, 30);
  assert.equal(res.requests.quiet, 2);
  assert.equal(res.summary.count, 28);
  assert.equal(res.stalls.length, 1);
  assert.equal(res.capture.side, 'client');
  // The wait sat beyond the capture point; the proxy's delayed ACK of the request is mentioned
  // after it, not as the cause (it held nothing back).
  assert.equal(res.stalls[0].where, 'far-side');
  assert.match(res.stalls[0].context[0], /^90\.4 ms passed between the request's last byte and the response's first byte: time spent by the network and the server/);
  assert.match(res.stalls[0].context[1], /the server's ACK was delayed 41\.8 ms/);
  assert.deepEqual(res.summary.stalls.byWhere, { 'far-side': 1 });
  assert.equal(res.requests.rows.length, 30);
  assert.equal(res.requests.rowsDropped, 0);
});

test('bad input gets plain errors', async () => {
  await assert.rejects(captureCell.run('file: notes.txt\n', ctx()), (e: Error) => e instanceof CellError && /notes\.txt: not a packet capture/.test(e.message));
  await assert.rejects(captureCell.run('file: missing.pcap\n', ctx()), /cannot read "missing.pcap".*ENOENT/);
  await assert.rejects(captureCell.run('file: conv.pcap\nserver: 10.9.9.9:11211\n', ctx()), /no requests to measure: no TCP connection to 10.9.9.9:11211/);
  assert.match(captureCell.validate('file: x.pcap\nserver: nonsense\n').map((d) => d.message).join('\n'), /server: write host:port/);
  assert.ok(captureCell.validate('protocol: memcached\n').some((d) => /file/.test(d.message)), 'file is required');
  assert.deepEqual(captureCell.validate('file: x.pcap\nserver: "[::1]:11211"\nside: server\n'), []);
  assert.deepEqual(captureCell.keyDocs().map((k) => k.key).sort(), ['file', 'protocol', 'server', 'side', 'stall', 'stallThresholdMs', 'title']);
});

test('xenlat exec xenlat-capture spec.yaml --json prints the result', async () => {
  const { spawnSync } = await import('node:child_process');
  const { copyFileSync } = await import('node:fs');
  copyFileSync('test/fixtures/capture/memcached-text-ns.pcap', join(dir, 'text.pcap'));
  writeFileSync(join(dir, 'spec.yaml'), 'file: text.pcap\nstallThresholdMs: 5\n');
  const r = spawnSync(process.execPath, [resolve('dist/cli.js'), 'exec', 'xenlat-capture', join(dir, 'spec.yaml'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.kind, 'xenlat-capture');
  assert.equal(res.requests.total, 14);
  assert.equal(res.capture.format, 'pcap-ns');
  assert.equal(res.connections[0].protocol, 'memcached-text');
});

test('a threshold below the median: rows and stalls stay bounded, the slowest kept', async () => {
  const { RowCollector, MAX_STALLS, MAX_ROWS } = await import('../../src/cells/capture/result');
  const rows = new RowCollector(1);
  const n = 25 * MAX_STALLS;
  for (let i = 0; i < n; i++) rows.add({ conn: 0, index: i, op: 'get', reqBytes: 1, resBytes: 1, reqFirstMs: i, reqLastMs: i, wireMs: 2 + (i % 1000) + i / n, missingBytes: 0 });
  assert.ok(rows.slow.length < 10 * MAX_STALLS);
  assert.equal(rows.wire.length, n, 'every latency is kept for the summary');
  assert.equal(rows.rows.length, 0);
  const top = [...rows.slow].sort((a, b) => b.wireMs! - a.wireMs!).slice(0, 3).map((r) => r.index);
  assert.deepEqual(top, [n - 1, n - 1001, n - 2001]);
  assert.ok(MAX_ROWS >= 1000);
});
