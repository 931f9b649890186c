import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bulkRows, simulateBulk } from '../../src/sim/xen/bulk';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/sim/xen/config';

const r = simulateBulk(DEFAULT_CONFIG);

test('bulk RX: guest receive on the page-flipping path the papers measured is less than half the driver domain\'s and trails native by ≈60 % (Menon et al. VEE\'05; USENIX ATC\'06 Table 1: 820 vs 1728 vs 2508 Mb/s)', () => {
  assert.ok(r.ratios.guestFlipRxVsDriverDomainRx < 0.5, `${r.ratios.guestFlipRxVsDriverDomainRx}`);
  assert.ok(r.ratios.guestFlipRxVsNativeRx > 0.25 && r.ratios.guestFlipRxVsNativeRx < 0.45, `${r.ratios.guestFlipRxVsNativeRx}`);
  assert.ok(r.ratios.driverDomainRxVsNativeRx > 0.6 && r.ratios.driverDomainRxVsNativeRx < 0.8, `${r.ratios.driverDomainRxVsNativeRx}`);
  assert.ok(Math.abs(r.rx.native.mbps - 2508) / 2508 < 0.1 && Math.abs(r.rx.guestFlip.mbps - 820) / 820 < 0.1, JSON.stringify(r.rx));
  // Guest RX per-packet CPU ≈ 3.1× native (ATC'06 ratio 2508/820).
  const cost = r.rx.guestFlip.cpuUsPerPacket / r.rx.native.cpuUsPerPacket;
  assert.ok(cost > 2.6 && cost < 3.6, `${cost}`);
});

test('bulk TX: guest transmit without offload is below one fifth of the driver domain; offloads bring it within ≈12 % of native (Menon et al. VEE\'05; ATC\'06: 4.4×)', () => {
  assert.ok(r.ratios.guestTxVsDriverDomainTx < 0.2 + 0.02, `${r.ratios.guestTxVsDriverDomainTx}`);
  assert.ok(r.ratios.guestTxOffloadVsNativeTx > 0.8, `${r.ratios.guestTxOffloadVsNativeTx}`);
  const gain = r.tx.guestOffload.mbps / r.tx.guest.mbps;
  assert.ok(gain > 3.5 && gain < 5.5, `offload gain ${gain}`);
});

test('bulk RX: copy vs flip follows from the per-packet cost inputs, not from the papers: with the defaults copy wins, with a cheaper flip flip wins (Menon et al. measured only flipping)', () => {
  assert.ok(r.rx.guestFlip.mbps < r.rx.guest.mbps);
  assert.ok(r.rx.guestFlip.cpuUsPerPacket > r.rx.guest.cpuUsPerPacket);
  const cheapFlip = simulateBulk(mergeConfig(DEFAULT_CONFIG, { netback: { flipDom0Us: 1, flipGuestUs: 1, rxCopyUs: 4 } }));
  assert.ok(cheapFlip.rx.guestFlip.mbps > cheapFlip.rx.guest.mbps);
});

test('bulk rows are labelled as the papers did: the 820 Mb/s guest receive is the page-flipping row, grant copy is marked as emerging', () => {
  const rows = bulkRows(r);
  const flip = rows.find((x) => x.paperMbps === 820)!;
  assert.match(flip.configuration, /page flipping/);
  assert.equal(flip.basis, 'calibrated');
  const copy = rows.filter((x) => /grant copy/.test(x.configuration));
  assert.ok(copy.length >= 1 && copy.every((x) => x.basis === 'emerges' && x.paperMbps === undefined));
});

test('bulk RX: a guest on its own CPU is limited by the slower of dom0 and guest, not their sum', () => {
  assert.ok(r.rx.guestSeparateCpus.mbps > r.rx.guest.mbps);
});
