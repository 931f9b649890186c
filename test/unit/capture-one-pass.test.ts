// The capture cell reads its file once: the time-sequence graph of the chosen stall is gathered
// while the capture streams by, with bounded memory (a ring of segments per connection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCell, type CaptureResult } from '../../src/cells/capture';
import { RING_MAX, TimeSequenceTracker } from '../../src/cells/capture/time-sequence';
import { newSegment } from '../../src/capture/decode';
import type { CellContext } from '../../src/cells/types';
import { writePcap, type Frame } from '../support/pcap-writer';
import { scriptedConversation } from '../support/tcp-conversation';

const dir = mkdtempSync(join(tmpdir(), 'xenlat-capone-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const ctx = (): CellContext => ({ notebookDir: dir, signal: new AbortController().signal, progress: () => {} });

test('the cell reads a capture that can be read only once (a named pipe), time-sequence graph included', async () => {
  const bytes = writePcap(scriptedConversation().frames, { link: 'ethernet' });
  writeFileSync(join(dir, 'conv.pcap'), bytes);
  const fromFile = await captureCell.run('file: conv.pcap\nstallThresholdMs: 20\n', ctx());
  const fifo = join(dir, 'conv.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  // One writer, one copy of the bytes: a second pass would wait for a writer that never comes.
  const writer = spawn('sh', ['-c', `cat "${join(dir, 'conv.pcap')}" > "${fifo}"`]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the cell read the capture more than once (it waited for a second writer)')), 10_000);
  });
  try {
    const out = await Promise.race([captureCell.run('file: conv.fifo\nstallThresholdMs: 20\n', ctx()), timeout]);
    assert.deepEqual(out.charts.map((c) => c.id), fromFile.charts.map((c) => c.id));
    assert.deepEqual(out.charts.find((c) => c.id === 'time-sequence'), fromFile.charts.find((c) => c.id === 'time-sequence'));
    assert.equal((out.result as CaptureResult).summary.count, 5);
  } finally {
    clearTimeout(timer);
    // Release a reader still waiting on the pipe (a second pass) so the process can end; with no
    // reader waiting, a non-blocking open fails (ENXIO), which is fine.
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody was waiting
    }
    writer.kill();
  }
});

/** One request answered by `segments` response segments on one connection (protocol tcp). */
function bulkResponse(segments: number): Frame[] {
  const c = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 9000 };
  const s = { src: c.dst, dst: c.src, sport: c.dport, dport: c.sport };
  let t = 1_700_000_000_000_000_000n;
  const us = (n: number) => (t += BigInt(n) * 1000n);
  const frames: Frame[] = [
    { ...c, tNs: t, seq: 100, ack: 0, flags: 0x02 },
    { ...s, tNs: us(50), seq: 500, ack: 101, flags: 0x12 },
    { ...c, tNs: us(50), seq: 101, ack: 501, flags: 0x10 },
    { ...c, tNs: us(10), seq: 101, ack: 501, flags: 0x18, payload: new Uint8Array(10).fill(0x71) },
  ];
  let seq = 501;
  for (let i = 0; i < segments; i++) {
    frames.push({ ...s, tNs: us(20), seq, ack: 111, flags: 0x10, payload: new Uint8Array(100).fill(0x72) });
    seq += 100;
  }
  frames.push({ ...c, tNs: us(20), seq: 111, ack: seq, flags: 0x10 });
  // The next request closes the first one (protocol tcp), and gets a quick answer.
  frames.push({ ...c, tNs: us(1000), seq: 111, ack: seq, flags: 0x18, payload: new Uint8Array(10).fill(0x71) });
  frames.push({ ...s, tNs: us(50), seq, ack: 121, flags: 0x18, payload: new Uint8Array(10).fill(0x72) });
  return frames;
}

test('a stall longer than the ring keeps its latest segments and says the graph is cut', async () => {
  const n = RING_MAX + 500;
  writeFileSync(join(dir, 'bulk.pcap'), writePcap(bulkResponse(n), { link: 'ethernet' }));
  const out = await captureCell.run('file: bulk.pcap\nprotocol: tcp\nstallThresholdMs: 100\n', ctx());
  const ts = out.charts.find((c) => c.id === 'time-sequence')!;
  assert.match(ts.title, /request 0 .*\(not all of its segments were kept\)/);
  const values = (ts.spec as { data: { values: { series: string }[] } }).data.values;
  const data = values.filter((v) => v.series === 'response data').length;
  assert.ok(data < n && data >= RING_MAX - 10, `the latest ${RING_MAX} segments: ${data}`);
  // A window the ring holds whole is not cut.
  writeFileSync(join(dir, 'bulk-small.pcap'), writePcap(bulkResponse(1000), { link: 'ethernet' }));
  const small = await captureCell.run('file: bulk-small.pcap\nprotocol: tcp\nstallThresholdMs: 100\n', ctx());
  const whole = small.charts.find((c) => c.id === 'time-sequence')!;
  assert.doesNotMatch(whole.title, /not all/);
  assert.equal((whole.spec as { data: { values: { series: string }[] } }).data.values.filter((v) => v.series === 'response data').length, 1000);
});

test('the segments after a stall completes are all kept until its window closes', () => {
  const tracker = new TimeSequenceTracker(100, 1);
  const verdict = { flags: 0 };
  const seg = (t: number, fromClient: boolean, seq: number, len: number) =>
    tracker.segment({ frame: 0, t, conn: 0, fromClient, seg: { ...newSegment(), seq, len, ack: 1, flags: 0x18 }, verdict });
  seg(0, true, 1000, 10);
  seg(150, false, 5000, 100);
  // The stall completes with its response (150 ms: the window runs 3 ms past it), then 1,000
  // segments of later exchanges arrive inside those 3 ms.
  tracker.request({ conn: 0, index: 0, op: 'get', reqBytes: 10, resBytes: 100, reqFirstMs: 0, reqLastMs: 0, resFirstMs: 150, resLastMs: 150, wireMs: 150, serverMs: 150, missingBytes: 0 }, false);
  for (let i = 0; i < 1000; i++) seg(150.001 + i * 0.002, i % 2 === 0, 10_000 + i * 10, 10);
  seg(160, true, 99_999, 10); // after the window: not drawn
  const ts = tracker.finish()!;
  assert.equal(ts.row.index, 0);
  assert.equal(ts.cut, false);
  assert.equal(ts.points.filter((p) => p.series !== 'ACK of the response').length, 2 + 1000);
});
