import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startMemcached } from '../support/memcached';
import { assertFresh } from '../support/example-fresh';

// The founding-case notebook runs headless, as the README's main job runs it, and its closing
// section's claims hold for the outputs it produces: if the model changes, this says so.
test('examples/black-0.1s.xenlat runs headless and its verdict holds', { timeout: 600_000 }, async () => {
  const mc = await startMemcached();
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-black-'));
  cpSync('examples', dir, { recursive: true });
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.resolve('dist/cli.js'), 'run', path.join(dir, 'black-0.1s.xenlat'), '--json', '--out', path.join(dir, 'fresh.xenlat')], {
        env: { ...process.env, XENLAT_MEMCACHED: `127.0.0.1:${mc.port}` },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`xenlat run exited ${code}`))));
    });
    const cells = new Map(stdout.trim().split('\n').map((l) => JSON.parse(l)).map((c) => [c.id, c]));
    for (const [id, c] of cells) assert.equal(c.ok, true, `${id}: ${c.error?.message}`);
    const r = (id: string) => cells.get(id)!.result;
    const share = (id: string, stage: string) => r(id).stages.stages.find((s: { stage: string }) => s.stage === stage).share;

    // The probes measured the local memcached: every request answered.
    assert.ok(r('probe-get').summary.count >= 9000);
    assert.equal(r('probe-get').summary.errors.total, 0);
    // The client-side capture: every request on the wire for a few ms at most (the large values
    // cut by the snaplen, counted as not captured).
    assert.equal(r('capture-guest').requests.answered, 208);
    assert.equal(r('capture-guest').summary.stalls.count, 0);
    assert.ok(r('capture-guest').tcp.missingBytes > 0);
    // The probe's own capture: joined where tcpdump may capture (CI runs as root), said otherwise.
    const pc = r('probe-capture').capture;
    if (pc.unavailable) assert.match(pc.unavailable, /^capture: .*; the probe ran without capture$/);
    else {
      assert.ok(pc.joined >= 1900, `joined ${pc.joined}`);
      assert.ok(pc.alignment.consistent && pc.alignment.errorMs < 1, JSON.stringify(pc.alignment));
    }
    // Symptom 3 for every hypothesis: the ~3 ms round trip (the pool cell runs at its own).
    for (const id of ['sim-baseline', 'sim-vcpu', 'sim-dom0', 'sim-nagle', 'sim-loss', 'sim-pause', 'sim-server', 'sim-flip', 'sim-black']) {
      const p50 = r(id).summary.percentilesMs['50'];
      assert.ok(p50 > 2 && p50 < 4.5, `${id}: p50 ${p50} ms`);
    }
    // The two the verdict names as exceptions: the saturated shaper, the pool at its own round trip.
    assert.ok(r('sim-shaper').summary.percentilesMs['50'] > 10);
    assert.ok(r('sim-pool').summary.percentilesMs['50'] < 1);
    assert.equal(r('sim-baseline').summary.stalls.count, 0);
    assert.equal(r('sim-flip').summary.stalls.count, 0);
    // dom0 starvation delays packets before the guest captures them.
    assert.ok(share('sim-dom0', 'dom0-tx') + share('sim-dom0', 'dom0-rx') + share('sim-dom0', 'netback-rx') > 0.8);
    // Nagle's stalls sit at the 40 ms delayed ACK, loss at or above the 200 ms minimum RTO.
    assert.ok(r('sim-nagle').summary.maxMs < 60);
    assert.ok(r('sim-loss').summary.percentilesMs['99.99'] >= 200);
    // The founding case: ~100 ms stalls after capture, some writes over 50 ms, a ~3 ms connect,
    // counted in the result's symptoms as the verdict quotes them.
    const black = r('sim-black');
    assert.ok(black.summary.percentilesMs['99.9'] > 80 && black.summary.percentilesMs['99.9'] < 130, `p99.9 ${black.summary.percentilesMs['99.9']}`);
    assert.ok(black.summary.maxMs > 100 && black.summary.maxMs < 200, `max ${black.summary.maxMs}`);
    assert.ok(share('sim-black', 'capture-to-read') > 0.75);
    assert.ok(black.writeSummary.maxMs > 50, `write max ${black.writeSummary.maxMs}`);
    assert.ok(black.symptoms.slowReadsAfterCapture >= 100 && black.symptoms.slowWrites >= 5, JSON.stringify(black.symptoms));
    assert.ok(black.symptoms.connectP50Ms > 2.5 && black.symptoms.connectP50Ms < 3.5, JSON.stringify(black.symptoms));
    // The cache pausing: the server stage, not after capture; connects stay fast.
    assert.ok(share('sim-server', 'server') > 0.8);
    assert.equal(r('sim-server').symptoms.slowReadsAfterCapture, 0);
    assert.ok(r('sim-server').symptoms.connectP50Ms < 3.5);
    // Guest vCPU contention vanishes with credit2 (Xen 4.17).
    for (const e of r('sim-vcpu').sweep) if (e.values['xen.version'] === '4.17') assert.equal(e.summary.stalls.count, 0, JSON.stringify(e.values));
    // A guest pause also reads late after capture but never slows a write.
    assert.ok(share('sim-pause', 'capture-to-read') > 0.5);
    assert.ok(r('sim-pause').writeSummary.maxMs < 50);
    // The closing section quotes the explain cell over the log: its ties and what it rules out.
    const ranking = r('explain-log').ranking as { hypothesis: string; rank: number; verdict: string }[];
    const rankOf = (h: string) => ranking.find((x) => x.hypothesis === h)!;
    assert.deepEqual(ranking.filter((x) => x.rank === 1).map((x) => x.hypothesis).sort(), ['black-0.1s', 'dom0-contention', 'guest-pause', 'server-pause']);
    for (const h of ['vcpu-contention', 'loss-rto', 'nagle-delayed-ack', 'baseline', 'legacy-page-flip', 'netback-rate-limit', 'client-pool']) {
      assert.equal(rankOf(h).verdict, 'ruled-out', h);
    }
    assert.deepEqual(r('explain-log').indistinguishable.map((g: { hypotheses: string[] }) => g.hypotheses), [['black-0.1s', 'dom0-contention', 'guest-pause', 'server-pause']]);
    // What the file ships is what this code makes: every cell that does not measure live (the
    // probes, and the explain cell over a probe) stored exactly as a fresh run writes it.
    assertFresh('examples/black-0.1s.xenlat', path.join(dir, 'fresh.xenlat'));
  } finally {
    await mc.stop();
  }
});
