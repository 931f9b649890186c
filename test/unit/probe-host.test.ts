import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostSampler, RunClock, signalsDuring } from '../../src/probe';

const stat = (steal: number) => `cpu  100 0 50 1000 5 0 1 ${steal} 0 0\ncpu0 100 0 50 1000 5 0 1 ${steal} 0 0\n`;
const interrupts = (n: number) => `           CPU0       CPU1\n 24:   ${n}   ${n}   xen-percpu-virq      timer0\n 30:   7   7   xen-dyn-event     eth0\nNMI:  0  0  Non-maskable interrupts\n`;
const snmp = (retrans: number) => `Tcp: RtoAlgorithm RtoMin RetransSegs InErrs\nTcp: 1 200 ${retrans} 0\n`;

test('absent /proc files are reported absent with the reason, not as zero', async () => {
  const root = mkdtempSync(join(tmpdir(), 'xenlat-proc-'));
  try {
    writeFileSync(join(root, 'stat'), stat(10));
    writeFileSync(join(root, 'interrupts'), '           CPU0\n  0:  5  IO-APIC  timer\n');
    const s = new HostSampler(new RunClock(), root, 50);
    await s.start();
    await new Promise((r) => setTimeout(r, 120));
    await s.stop();
    const by = Object.fromEntries(s.series.map((x) => [x.name, x]));
    assert.equal(by.cpuSteal.present, true);
    assert.ok(by.cpuSteal.points.length >= 2);
    for (const name of ['tcpRetransSegs', 'tcpTimeouts', 'tcpDelayedAcks']) {
      assert.equal(by[name].present, false);
      assert.match(by[name].reason!, /ENOENT/);
      assert.deepEqual(by[name].points, []);
    }
    assert.equal(by.xenEventIrqs.present, false);
    assert.match(by.xenEventIrqs.reason!, /not a Xen guest/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('counters are sampled as changes on the run clock and attributed to a window', async () => {
  const root = mkdtempSync(join(tmpdir(), 'xenlat-proc-'));
  try {
    mkdirSync(join(root, 'net'));
    writeFileSync(join(root, 'stat'), stat(10));
    writeFileSync(join(root, 'interrupts'), interrupts(1000));
    writeFileSync(join(root, 'net/snmp'), snmp(3));
    writeFileSync(join(root, 'net/netstat'), 'TcpExt: DelayedACKs TCPTimeouts\nTcpExt: 4 0\n');
    const clock = new RunClock();
    const s = new HostSampler(clock, root, 50);
    await s.start();
    await new Promise((r) => setTimeout(r, 80));
    const t1 = clock.now();
    writeFileSync(join(root, 'stat'), stat(25));
    writeFileSync(join(root, 'interrupts'), interrupts(1100));
    writeFileSync(join(root, 'net/snmp'), snmp(5));
    await new Promise((r) => setTimeout(r, 120));
    const t2 = clock.now();
    await s.stop();
    const total = (name: string) => s.series.find((x) => x.name === name)!.points.reduce((a, [, d]) => a + d, 0);
    assert.equal(total('cpuSteal'), 150, 'steal in ms (15 jiffies)');
    assert.equal(total('xenEventIrqs'), 200, 'summed over CPUs, xen lines only');
    assert.equal(total('tcpRetransSegs'), 2);
    assert.equal(total('tcpDelayedAcks'), 0);
    const moved = signalsDuring(s.series, t1, t2).map((m) => m.name).sort();
    assert.deepEqual(moved, ['cpuSteal', 'tcpRetransSegs', 'xenEventIrqs']);
    assert.deepEqual(signalsDuring(s.series, 0, t1 - 60), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
