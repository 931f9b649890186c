// The capture reader on every container and link layer, chunked streams, truncated files and
// files that are not captures at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCaptureFile, CaptureAnalyzer, CaptureFormatError, type RequestRow } from '../../src/capture';
import { writeCorners } from '../support/capture-corners';
import { writePcapng } from '../support/pcap-writer';
import { scriptedConversation } from '../support/tcp-conversation';

const dir = mkdtempSync(join(tmpdir(), 'xenlat-capfmt-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const corners = writeCorners(dir);

async function rowsOf(file: string) {
  const rows: RequestRow[] = [];
  const summary = await analyzeCaptureFile(file, { protocol: 'memcached', onRequest: (r) => rows.push(r) });
  return { rows, summary };
}

const shape = (rows: RequestRow[]) => rows.map((r) => [r.op, r.keyHash, r.reqBytes, r.resBytes, r.wireMs?.toFixed(6), r.serverMs?.toFixed(6)]);

test('every container and link layer yields the same requests, times and TCP analysis', async () => {
  const ref = await rowsOf(corners.find((c) => c.name === 'conv-ethernet-us-le.pcap')!.file);
  assert.equal(ref.rows.length, 5);
  assert.deepEqual(ref.rows.map((r) => Number(r.wireMs!.toFixed(3))), scriptedConversation().expected.wireMs);
  for (const c of corners) {
    const got = await rowsOf(c.file);
    // A snaplen that cuts a key loses its hash (never a guess); everything else is the same.
    const cutKeys = c.name.includes('snaplen') ? (rows: RequestRow[]) => rows.map((r) => ({ ...r, keyHash: undefined })) : (rows: RequestRow[]) => rows;
    if (c.name.includes('multisection')) {
      // Its second section has a µs interface beside an ns one: times agree within 1 µs.
      const noTimes = (rows: RequestRow[]) => shape(rows).map((x) => x.slice(0, 4));
      assert.deepEqual(noTimes(got.rows), noTimes(ref.rows), c.name);
      got.rows.forEach((r, i) => assert.ok(Math.abs(r.wireMs! - ref.rows[i].wireMs!) < 0.001, c.name));
    } else {
      assert.deepEqual(shape(cutKeys(got.rows)), shape(cutKeys(ref.rows)), c.name);
    }
    const { events: _e, client: _c, server: _s, missingBytes: _m, ...tcp } = got.summary.connections[0];
    const { events: _e2, client: _c2, server: _s2, missingBytes: _m2, ...tcpRef } = ref.summary.connections[0];
    if (!c.name.includes('multisection')) assert.deepEqual(tcp, tcpRef, c.name);
    else assert.deepEqual([tcp.retransmissions, tcp.dupAcks, tcp.nagleHeld], [tcpRef.retransmissions, tcpRef.dupAcks, tcpRef.nagleHeld]);
    assert.equal(got.summary.warnings.length, 0, c.name);
  }
});

test('formats, link types, IPv6 endpoints, drops and snaplen gaps are reported', async () => {
  const by = async (name: string) => (await rowsOf(corners.find((c) => c.name === name)!.file)).summary;
  assert.equal((await by('conv-sll-ns-be.pcap')).format, 'pcap-ns');
  assert.deepEqual((await by('conv-sll2.pcap')).linkTypes, [276]);
  const v6 = await by('conv-ipv6-raw.pcap');
  assert.equal(v6.connections[0].client, '[2001:db8::1]:40001');
  assert.equal(v6.connections[0].server, '[2001:db8::2]:11211');
  const ng = await by('conv-multisection.pcapng');
  assert.equal(ng.format, 'pcapng');
  assert.deepEqual(ng.linkTypes.sort(), [1, 276]);
  assert.deepEqual(ng.drops, [{ section: 1, iface: 0, ifDrop: 3, osDrop: 4 }]);
  // The ns-resolution sections keep the conversation's nanoseconds exactly.
  assert.equal(ng.startEpochMs, 1700000000123.456789);
  const cut = await rowsOf(corners.find((c) => c.name === 'conv-snaplen80.pcap')!.file);
  assert.ok(cut.summary.connections[0].missingBytes > 2000);
  assert.ok(cut.rows.some((r) => r.missingBytes > 0));
  assert.equal(cut.summary.connections[0].desyncs, 0, 'bodies cut by the snaplen are counted, not lost');
});

test('a stream fed in odd chunk sizes parses as the whole file does', async () => {
  for (const name of ['conv-multisection.pcapng', 'conv-sll-ns-be.pcap']) {
    const file = corners.find((c) => c.name === name)!.file;
    const whole = await rowsOf(file);
    const bytes = readFileSync(file);
    for (const size of [1, 7, 4093]) {
      const rows: RequestRow[] = [];
      const a = new CaptureAnalyzer({ protocol: 'memcached', onRequest: (r) => rows.push(r) });
      for (let i = 0; i < bytes.length; i += size) a.push(bytes.subarray(i, i + size));
      const s = a.finish();
      assert.deepEqual(shape(rows), shape(whole.rows), `${name} in ${size}-byte chunks`);
      assert.equal(s.packets, whole.summary.packets);
    }
  }
});

test('a truncated capture is read up to the cut, with a warning', async () => {
  for (const name of ['conv-ethernet-us-le.pcap', 'conv-multisection.pcapng']) {
    const bytes = readFileSync(corners.find((c) => c.name === name)!.file);
    const file = join(dir, `cut-${name}`);
    // Into the last packet (the pcapng ends with a 52-byte statistics block after it).
    writeFileSync(file, bytes.subarray(0, bytes.length - (name.endsWith('ng') ? 80 : 30)));
    const { rows, summary } = await rowsOf(file);
    assert.equal(summary.packets, 32, name);
    assert.match(summary.warnings.join('\n'), /truncated: it ends inside a (record|block) after 32 packets/);
    assert.equal(rows.length, 5, 'the requests before the cut are all there');
  }
});

test('files that are not captures get a clear error', async () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['text.txt', Buffer.from('hello, this is a text file\n'), /not a packet capture: the file starts with bytes 68 65 6c 6c/],
    ['empty.pcap', new Uint8Array(0), /not a packet capture: the file is empty/],
    ['tiny.pcap', Uint8Array.from([0xd4, 0xc3]), /only 2 bytes/],
    ['header-only.pcap', Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 0]), /capture too short/],
  ];
  for (const [name, bytes, re] of cases) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    await assert.rejects(rowsOf(file), (e: Error) => e instanceof CaptureFormatError && re.test(e.message), name);
  }
  // A record whose length field is garbage is corruption, not a 2 GB frame to wait for.
  const good = readFileSync(corners[0].file);
  const bad = Buffer.from(good);
  bad.writeUInt32LE(0x7fffffff, 24 + 8);
  const file = join(dir, 'corrupt.pcap');
  writeFileSync(file, bad);
  await assert.rejects(rowsOf(file), /corrupt pcap record at byte 24: captured length 2147483647/);
});

test('simple packet blocks are read (they carry no time: the previous packet lends its own)', async () => {
  const { frames } = scriptedConversation();
  const file = join(dir, 'spb.pcapng');
  writeFileSync(file, writePcapng([{ interfaces: [{ link: 'ethernet' }], packets: frames.map((frame, i) => ({ frame, iface: 0, simple: i === 4 })) }]));
  const { rows, summary } = await rowsOf(file);
  assert.equal(summary.packets, frames.length);
  assert.equal(rows.length, 5);
  assert.match(summary.warnings.join('\n'), /simple packet blocks carry no timestamp/);
  // Frame 5 (A's response) took frame 4's time: A's wire time is 0.
  assert.equal(rows[0].wireMs, 0);
});
