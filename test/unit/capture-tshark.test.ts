// tshark is the oracle: on every fixture (real loopback captures and the generated format
// corners) the capture analysis finds the same memcached requests, the same retransmissions
// (plain, fast, spurious), out-of-order segments, duplicate ACKs, zero windows and ACK round
// trips, frame by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCaptureFile, type SegmentInfo } from '../../src/capture';
import {
  A_DUP_ACK, A_FAST_RETRANSMISSION, A_OUT_OF_ORDER, A_RETRANSMISSION, A_SPURIOUS_RETRANSMISSION, A_ZERO_WINDOW,
} from '../../src/capture/tcp-seq-analysis';
import { writeCorners } from '../support/capture-corners';
import { haveTool } from '../support/tcpdump';
import { tsharkMemcachedRequests, tsharkTcp } from '../support/tshark';

const FIXTURES = 'test/fixtures/capture';
const skip = haveTool('tshark') ? false : 'tshark is not installed (Debian package tshark; scripts/test-all.sh installs it)';

async function ours(file: string) {
  const segs: SegmentInfo[] = [];
  let requests = 0;
  const summary = await analyzeCaptureFile(file, { protocol: 'memcached', onSegment: (s) => segs.push({ ...s, seg: { ...s.seg, payload: new Uint8Array(0) }, verdict: { ...s.verdict } }), onRequest: () => requests++ });
  return { segs, requests, summary };
}

function framesWith(segs: SegmentInfo[], mask: number): number[] {
  return segs.filter((s) => s.verdict.flags & mask).map((s) => s.frame);
}

/**
 * `expectedRequests`: for captures whose snaplen cut request bodies, tshark cannot reassemble a
 * request split over several cut segments and counts it as a continuation; there the scripted
 * truth is the oracle for the count (and tshark must not find more than we do).
 */
async function agree(file: string, expectedRequests?: number): Promise<void> {
  const { segs, requests, summary } = await ours(file);
  const truth = tsharkTcp(file);
  assert.equal(segs.length, truth.length, 'every frame is a TCP segment in these fixtures');
  const tf = (pred: (f: (typeof truth)[number]) => boolean) => truth.filter(pred).map((f) => f.frame);
  assert.deepEqual(framesWith(segs, A_RETRANSMISSION | A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION), tf((f) => f.retransmission), 'retransmissions');
  assert.deepEqual(framesWith(segs, A_FAST_RETRANSMISSION), tf((f) => f.fast), 'fast retransmissions');
  assert.deepEqual(framesWith(segs, A_SPURIOUS_RETRANSMISSION), tf((f) => f.spurious), 'spurious retransmissions');
  assert.deepEqual(framesWith(segs, A_OUT_OF_ORDER), tf((f) => f.outOfOrder), 'out of order');
  assert.deepEqual(framesWith(segs, A_DUP_ACK), tf((f) => f.dupAck), 'duplicate ACKs');
  assert.deepEqual(framesWith(segs, A_ZERO_WINDOW), tf((f) => f.zeroWindow), 'zero windows');
  const rtt = segs.filter((s) => s.verdict.ackRttMs !== undefined).map((s) => [s.frame, Math.round(s.verdict.ackRttMs! * 1e6)]);
  assert.deepEqual(rtt, truth.filter((f) => f.ackRttNs !== undefined).map((f) => [f.frame, f.ackRttNs]), 'ACK round trips (ns)');
  const port = Number(summary.connections[0].server.split(':').pop());
  const theirs = tsharkMemcachedRequests(file, port);
  if (expectedRequests === undefined) assert.equal(requests, theirs, 'memcached requests');
  else {
    assert.equal(requests, expectedRequests, 'memcached requests (scripted truth)');
    assert.ok(theirs <= requests, `tshark found ${theirs} requests, more than our ${requests}`);
  }
}

for (const name of readdirSync(FIXTURES).filter((f) => /\.(pcap|pcapng)$/.test(f)).sort()) {
  test(`tshark agrees on the recorded ${name}`, { skip }, async () => {
    await agree(join(FIXTURES, name));
  });
}

test('tshark agrees on every generated format corner', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenlat-corners-'));
  try {
    const corners = writeCorners(dir);
    assert.ok(corners.length >= 8);
    for (const c of corners) {
      await assert.doesNotReject(agree(c.file, c.name.includes('snaplen') ? 5 : undefined), `corner ${c.name}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
