// `capture:` on a probe: tcpdump around the run, requests joined with their packets. Against
// the stall proxy's ground truth, a delay the proxy injects is wire time and a pause of the
// probe after the response arrived is capture-to-read, each within 1 ms.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';
import { startCapture } from '../../src/probe/capture-session';
import type { CellContext } from '../../src/cells/types';
import { startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';
import { haveTool } from '../support/tcpdump';

const canCapture = haveTool('tcpdump') && process.getuid?.() === 0;
const skip = canCapture ? false : 'needs tcpdump and root (scripts/test-all.sh installs tcpdump; CI runs as root)';
let mc: Memcached | undefined;
const dir = mkdtempSync(join(tmpdir(), 'xenlat-probecap-'));
before(async () => {
  if (haveTool('memcached')) mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (): CellContext => ({ notebookDir: dir, signal: new AbortController().signal, progress: () => {} });
type Stall = ProbeResult['stalls'][number] & { wireWaitMs?: number; captureToReadMs?: number };

// The same measurement through either client: memjs requests carry seq + 1 in the opaque too, and
// their first read is timed on memjs's socket.
for (const client of ['raw', 'memjs'] as const) {
  test(`${client}: a proxy delay is wire wait, a probe pause after the response is capture-to-read, within 1 ms`, { skip, timeout: 30_000 }, async () => {
    // op: set (no pre-run SET), one connection, no warmup: proxy response i is request seq i.
    const proxy = await startStallProxy(mc!, { delays: [{ conn: 0, index: 20, ms: 50 }] });
    let busyMs = 0;
    try {
      const out = await runProbeCell(
        `target: ${proxy.target}\nop: set\nclient: ${client}\nmode: closed\nrequests: 60\nwarmup: 0\nstallThresholdMs: 20\npauseThresholdMs: 1\nhostSignals: false\ncapture: true\n`,
        ctx(),
        {
          // The probe stops running right after request 40 left (the write goes out on the next
          // tick; setImmediate comes after it): its response arrives and is captured while the
          // probe cannot read it.
          afterSend: (rec) => {
            if (rec.seq !== 40) return;
            setImmediate(() => {
              const t = performance.now();
              while (performance.now() - t < 40);
              busyMs = performance.now() - t;
            });
          },
        },
      );
      const res = out.result as ProbeResult;
      await proxy.sync();
      const c = res.capture!;
      assert.equal(c.unavailable, undefined);
      assert.equal(c.joined, 60, 'every request found in the capture');
      assert.ok(c.alignment!.consistent, JSON.stringify(c.alignment));
      assert.ok(c.alignment!.errorMs < 0.5, `alignment error ${c.alignment!.errorMs} ms`);
      assert.match(c.file!, /^xenlat-captures\/probe-.*\.pcap$/, 'relative to the notebook');
      assert.equal(statSync(join(dir, c.file!)).mode & 0o777, 0o600);
      const stalls = res.stalls as Stall[];
      const delayed = stalls.find((s) => s.seq === 20)!;
      const paused = stalls.find((s) => s.seq === 40)!;
      assert.ok(delayed && paused, `stalls: ${stalls.map((s) => s.seq)}`);
      const truth = proxy.injections[0].roundTripMs!;
      assert.ok(Math.abs(delayed.wireWaitMs! - truth) < 1, `wire wait ${delayed.wireWaitMs} vs proxy ${truth}`);
      // Unless the probe itself was paused meanwhile (its pause detector says by how much).
      assert.ok(delayed.captureToReadMs! < 1 + delayed.clientPauseMs, `capture-to-read ${delayed.captureToReadMs} (client pause ${delayed.clientPauseMs})`);
      // The pause began as the request left; the part of it after the response was captured is
      // capture-to-read, the rest was the far side answering (more than usual on a loaded machine).
      assert.ok(paused.wireWaitMs! < busyMs / 2, `wire wait ${paused.wireWaitMs}`);
      // Within 1 ms of the pause, or of the longer pause the probe's own detector measured there (the
      // OS may keep the process off the CPU a little longer than the busy loop on a loaded machine).
      const sum = paused.captureToReadMs! + paused.wireWaitMs!;
      assert.ok(sum > busyMs - 1 && sum < Math.max(busyMs, paused.clientPauseMs) + 1, `capture-to-read ${paused.captureToReadMs} + wire wait ${paused.wireWaitMs} vs pause ${busyMs} (detector: ${paused.clientPauseMs})`);
      const st = res.summary.stalls as { afterCapture?: number; onWire?: number };
      assert.ok(st.afterCapture! >= 1 && st.onWire! >= 1, JSON.stringify(st));
      assert.match(out.markdown, /stalls mostly after the capture \(the response had arrived; the read came late\): [1-9]/);
      // The probe's capture file opens in a capture cell: the same requests, the held one a wire stall.
      const { captureCell } = await import('../../src/cells/capture');
      const again = (await captureCell.run(`file: ${c.file}\nstallThresholdMs: 20\n`, ctx())).result as unknown as { requests: { answered: number }; stalls: { index: number; where: string }[] };
      assert.equal(again.requests.answered, 60);
      // (On a loaded machine the proxy may answer another request late too: also far-side.)
      assert.ok(again.stalls.some((s) => s.index === 20 && s.where === 'far-side'));
      assert.ok(again.stalls.every((s) => s.where === 'far-side' && s.index !== 40), JSON.stringify(again.stalls));
    } finally {
      await proxy.close();
    }
  });
}

for (const client of ['memjs', 'raw'] as const) {
  test(`${client} with SASL: the password is zeroed in the file, which still reads and joins; the reads of the authentication are not taken for the first response`, { skip, timeout: 30_000 }, async () => {
    const password = `pw-capture-sasl-${client}-1`;
    const sasl = await startMemcached({ sasl: { user: 'probe', password } });
    process.env.XENLAT_TEST_CAP_PASSWORD = password;
    try {
      // Four connections, each opened (and authenticated) by its first request.
      const out = await runProbeCell(
        `target: ${sasl.target}\nclient: ${client}\nmode: closed\nconnections: 4\nrequests: 40\nwarmup: 0\nauth:\n  user: probe\n  passwordEnv: XENLAT_TEST_CAP_PASSWORD\nhostSignals: false\ncapture: true\n`,
        ctx(),
      );
      const res = out.result as ProbeResult;
      assert.equal(res.summary.errors.total, 0, JSON.stringify(res.errors.list.slice(0, 3)));
      const c = res.capture!;
      assert.equal(c.unavailable, undefined);
      assert.equal(c.joined, 40);
      // A SASL reply read as the first request's response would put that read before its response
      // was captured: the clocks would no longer align.
      assert.ok(c.alignment!.consistent, JSON.stringify(c.alignment));
      assert.ok(c.alignment!.errorMs < 0.5, `alignment error ${c.alignment!.errorMs} ms`);
      // The raw bytes: neither the password nor a piece of it, nor the PLAIN body's user part.
      const bytes = readFileSync(join(dir, c.file!));
      for (const s of [password, password.slice(-8), '\0probe\0']) assert.equal(bytes.indexOf(s, 0, 'latin1'), -1, `${JSON.stringify(s)} in the capture`);
      assert.ok(c.credentialsZeroed! >= 4, `credentials zeroed in ${c.credentialsZeroed} SASL requests`);
      // A capture cell reads the same file: every request answered, the authentications among them.
      const { captureCell } = await import('../../src/cells/capture');
      const again = (await captureCell.run(`file: ${c.file}\n`, ctx())).result as unknown as { requests: { total: number; answered: number; quiet: number } };
      assert.equal(again.requests.answered + again.requests.quiet, again.requests.total, JSON.stringify({ ...again.requests, rows: undefined }));
      assert.ok(again.requests.answered >= 40 + c.credentialsZeroed!, JSON.stringify({ ...again.requests, rows: undefined }));
    } finally {
      delete process.env.XENLAT_TEST_CAP_PASSWORD;
      await sasl.stop();
    }
  });
}

test('without tcpdump, or without the right to capture, the probe runs and says why', { skip: haveTool('memcached') ? false : 'memcached missing', timeout: 20_000 }, async () => {
  const missing = await startCapture({ dir, target: { host: '127.0.0.1', port: 1 }, tcpdump: '/nonexistent/tcpdump' });
  assert.deepEqual(missing, { unavailable: 'capture: tcpdump is not installed (Debian: apt-get install tcpdump); the probe ran without capture' });
  const fake = join(dir, 'fake-tcpdump');
  writeFileSync(fake, '#!/bin/sh\necho "tcpdump: lo: You don\'t have permission to capture on that device" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  const denied = await startCapture({ dir, target: { host: '127.0.0.1', port: 1 }, tcpdump: fake });
  assert.match((denied as { unavailable: string }).unavailable, /^capture: no permission to capture on lo \(run as root, or give tcpdump the capability: setcap .*\): tcpdump: lo: You don't have permission/);
  // The cell: tcpdump not on PATH.
  const path = process.env.PATH;
  process.env.PATH = join(dir, 'empty');
  try {
    const out = await runProbeCell(`target: ${mc!.target}\nclient: raw\nrequests: 20\nwarmup: 0\nhostSignals: false\ncapture: { snaplen: 128 }\n`, ctx());
    const res = out.result as ProbeResult;
    assert.equal(res.summary.count, 20);
    assert.match(res.capture!.unavailable!, /tcpdump is not installed/);
    assert.match(out.markdown, /\*\*Capture\*\*: capture: tcpdump is not installed/);
  } finally {
    process.env.PATH = path;
  }
});

test('the capture key: true or { interface, snaplen }, checked like every key', async () => {
  const { probeCell } = await import('../../src/cells/probe');
  const msgs = (src: string) => probeCell.validate(`target: 127.0.0.1:1\n${src}\n`).map((d) => d.message);
  assert.deepEqual(msgs('capture: true'), []);
  assert.deepEqual(msgs('capture: { interface: eth0, snaplen: 128 }'), []);
  assert.deepEqual(msgs('capture: 5'), ['capture: expected one of true, false or mapping, got the number 5']);
  assert.deepEqual(msgs('capture: { snaplen: 10 }'), ['capture.snaplen: must be ≥ 96 bytes (got 10)']);
  assert.match(msgs('capture: { iface: lo }').join(), /unknown key "capture.iface"/);
  assert.deepEqual(msgs('capture: true\nclient: memjs'), [], 'memjs requests are joined too');
  assert.match(msgs('capture: true\nprotocol: tcp-connect').join(), /only memcached requests are joined/);
});
