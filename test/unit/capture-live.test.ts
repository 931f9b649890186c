// A live capture (tcpdump on loopback) of the test memcached through the stall proxy: the
// analysis sees the injected delay as wire time, within 1 ms of the proxy's ground truth, and
// tshark agrees on the requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCaptureFile, type RequestRow } from '../../src/capture';
import { recordBinaryThroughProxy } from '../support/capture-scenarios';
import { haveTool } from '../support/tcpdump';
import { tsharkMemcachedRequests } from '../support/tshark';

const skip = !haveTool('tcpdump') || !haveTool('memcached')
  ? 'tcpdump or memcached is not installed (scripts/test-all.sh installs them)'
  : process.getuid?.() !== 0 ? 'capturing on loopback needs root (or CAP_NET_RAW)' : false;

test('live capture through the stall proxy: the held response is wire time, as long as the proxy says', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenlat-live-'));
  try {
    const rec = await recordBinaryThroughProxy(join(dir, 'live.pcap'), { delayMs: 80 });
    const rows: RequestRow[] = [];
    const s = await analyzeCaptureFile(rec.file, { protocol: 'memcached', onRequest: (r) => rows.push(r) });
    assert.equal(rows.length, rec.answered + rec.quiet);
    const slow = rows.filter((r) => (r.wireMs ?? 0) > 40);
    assert.equal(slow.length, 1);
    const truth = rec.roundTripsMs![0];
    // The proxy's round trip starts when its process reads the request; the capture saw the request
    // arrive before that. Idle, the two agree within 1 ms; on a loaded machine the proxy's own read
    // latency (its process waiting for a CPU) adds a few ms the proxy cannot see, never less.
    assert.ok(slow[0].wireMs! > truth - 0.2 && slow[0].wireMs! < truth + 5, `wire ${slow[0].wireMs} ms vs the proxy's round trip ${truth} ms`);
    assert.ok(slow[0].serverMs! >= rec.delaysMs[0], 'the hold is on the far side of the capture point');
    if (haveTool('tshark')) {
      const port = Number(s.connections[0].server.split(':').pop());
      assert.equal(rows.length, tsharkMemcachedRequests(rec.file, port));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
