// The SASL scrubber on generated captures: credentials zeroed wherever they were captured (in the
// segment that starts the message, the segment that continues a long value, a retransmission),
// every header kept, and a file it cannot read refused (the probe then deletes it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCaptureFile, scrubSaslCredentials, ScrubError, type RequestRow } from '../../src/capture';
import { startCapture } from '../../src/probe/capture-session';
import { writePcap, writePcapng, type Frame, type Link } from '../support/pcap-writer';

const dir = mkdtempSync(join(tmpdir(), 'xenlat-scrub-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'hunter2-Secret!';
const enc = (s: string) => Buffer.from(s, 'latin1');

/** A binary request or response: header, extras, key, value. */
function message(magic: number, opcode: number, opaque: number, key: string, value: Uint8Array = new Uint8Array(0), extras: number[] = []): Uint8Array {
  const k = enc(key);
  const h = Buffer.alloc(24);
  h[0] = magic;
  h[1] = opcode;
  h.writeUInt16BE(k.length, 2);
  h[4] = extras.length;
  h.writeUInt32BE(extras.length + k.length + value.length, 8);
  h.writeUInt32BE(opaque, 12);
  return Buffer.concat([h, Buffer.from(extras), k, value]);
}

const plain = (user: string, pw: string) => enc(`\0${user}\0${pw}`);
const C = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40001, dport: 11211 };
const S = { src: '10.0.0.2', dst: '10.0.0.1', sport: 11211, dport: 40001 };

/**
 * One connection: SASL auth followed by a GET in the same segment; a second SASL auth whose
 * value runs on into the next segment; a retransmission of that first half. Returns the frames
 * and the GET request's bytes.
 */
function conversation() {
  const auth = message(0x80, 0x21, 1, 'PLAIN', plain('probe', PASSWORD));
  const get = message(0x80, 0x00, 2, 'user:42');
  const longPw = `${PASSWORD}-${'x'.repeat(60)}-${PASSWORD}`;
  const auth2 = message(0x80, 0x21, 3, 'PLAIN', plain('probe', longPw));
  const half = 24 + 5 + 20; // the header, the key and part of the value: the rest comes next
  const ok = (opaque: number) => message(0x81, 0x21, opaque, '', enc('Authenticated'));
  const hit = message(0x81, 0x00, 2, '', enc('v'), [0, 0, 0, 0]);
  let t = 1_700_000_000_000_000_000n;
  const next = () => (t += 100_000n);
  const cseq = 1000;
  const sseq = 5000;
  const first = Buffer.concat([auth, get]);
  const frames: Frame[] = [
    { tNs: next(), ...C, seq: cseq, ack: sseq, flags: 0x18, payload: first },
    { tNs: next(), ...S, seq: sseq, ack: cseq + first.length, flags: 0x18, payload: Buffer.concat([ok(1), hit]) },
    { tNs: next(), ...C, seq: cseq + first.length, ack: sseq + ok(1).length + hit.length, flags: 0x10, payload: auth2.subarray(0, half) },
    { tNs: next(), ...C, seq: cseq + first.length, ack: sseq + ok(1).length + hit.length, flags: 0x10, payload: auth2.subarray(0, half) }, // retransmitted
    { tNs: next(), ...C, seq: cseq + first.length + half, ack: sseq + ok(1).length + hit.length, flags: 0x18, payload: auth2.subarray(half) },
    { tNs: next(), ...S, seq: sseq + ok(1).length + hit.length, ack: cseq + first.length + auth2.length, flags: 0x18, payload: ok(3) },
  ];
  return { frames, get, secrets: [PASSWORD, longPw] };
}

const indexOf = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle));

async function rowsOf(file: string) {
  const rows: RequestRow[] = [];
  await analyzeCaptureFile(file, { protocol: 'memcached', onRequest: (r) => rows.push(r) });
  return rows.map((r) => [r.op, r.opaque, r.status, r.reqBytes, r.resBytes, r.keyHash]);
}

for (const [link, bigEndian] of [['ethernet', false], ['sll2', true], ['raw', false]] as [Link, boolean][]) {
  test(`${link}${bigEndian ? ', big-endian' : ''}: the credentials are zeroed, the GET after them in the segment and every header kept`, async () => {
    const { frames, get, secrets } = conversation();
    const file = join(dir, `conv-${link}.pcap`);
    const before = writePcap(frames, { link, bigEndian });
    writeFileSync(file, before);
    assert.ok(indexOf(before, enc(PASSWORD)) >= 0, 'the generated capture holds the password');
    const rowsBefore = await rowsOf(file);
    const stats = await scrubSaslCredentials(file, 11211);
    const after = readFileSync(file);
    for (const s of [...secrets, PASSWORD.slice(0, 6), 'probe\0']) assert.equal(indexOf(after, enc(s)), -1, `"${s}" is gone`);
    assert.equal(after.length, before.length);
    assert.deepEqual(stats, { packets: 6, saslMessages: 2, bytes: 7 + PASSWORD.length + 2 * 20 + (7 + secrets[1].length - 20) });
    // The GET after the SASL message in the same segment is byte for byte as it was.
    assert.ok(indexOf(after, get) > 0, 'GET request kept');
    // What changed are the value bytes only: the same requests, the same sizes and key hashes.
    assert.deepEqual(await rowsOf(file), rowsBefore);
    assert.deepEqual(rowsBefore.map((r) => r[0]), ['sasl-auth', 'get', 'sasl-auth']);
    // A second pass finds the same messages and nothing more to hide.
    assert.equal((await scrubSaslCredentials(file, 11211)).saslMessages, 2);
    assert.deepEqual(readFileSync(file), after);
  });
}

test('a cut last record (tcpdump killed) is cut off: it was never checked', async () => {
  const { frames } = conversation();
  const whole = writePcap(frames, { link: 'ethernet' });
  const file = join(dir, 'cut.pcap');
  writeFileSync(file, whole.subarray(0, whole.length - 10));
  const stats = await scrubSaslCredentials(file, 11211);
  assert.equal(stats.packets, 5);
  assert.ok(stats.truncatedTail! > 0);
  assert.equal(readFileSync(file).length, whole.length - 10 - stats.truncatedTail!);
});

test('a file the scrubber cannot read is refused: pcapng, an unknown link type', async () => {
  const { frames } = conversation();
  const ng = join(dir, 'conv.pcapng');
  writeFileSync(ng, writePcapng([{ interfaces: [{ link: 'ethernet' }], packets: frames.map((frame) => ({ frame, iface: 0 })) }]));
  await assert.rejects(scrubSaslCredentials(ng, 11211), (e: unknown) => e instanceof ScrubError && /not a classic pcap file/.test((e as Error).message));
  const odd = join(dir, 'odd-link.pcap');
  const bytes = writePcap(frames, { link: 'ethernet' });
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(20, 147, true); // LINKTYPE_USER0
  writeFileSync(odd, bytes);
  await assert.rejects(scrubSaslCredentials(odd, 11211), (e: unknown) => e instanceof ScrubError && /link type 147/.test((e as Error).message));
});

test('the probe\'s capture session deletes a file it cannot scrub and says why', { skip: process.platform === 'win32' }, async () => {
  // A stand-in for tcpdump that writes a capture of a link type the scrubber does not know.
  const src = join(dir, 'odd-src.pcap');
  const bytes = writePcap(conversation().frames, { link: 'ethernet' });
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(20, 147, true);
  writeFileSync(src, bytes);
  const fake = join(dir, 'fake-tcpdump');
  writeFileSync(fake, `#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -w ] && f=$2; shift; done\ncat '${src}' > "$f"\necho "listening on lo" >&2\ntrap 'exit 0' INT\nwhile :; do sleep 0.05; done\n`);
  chmodSync(fake, 0o755);
  const session = await startCapture({ dir: join(dir, 'captures'), target: { host: '127.0.0.1', port: 11211 }, tcpdump: fake });
  assert.ok(!('unavailable' in session), JSON.stringify(session));
  if ('unavailable' in session) return;
  const stopped = await session.stop();
  assert.equal(existsSync(session.file), false);
  assert.match(stopped.removed!, /^the capture file was deleted: it could not be cleared of SASL credentials \(link type 147 is not one the scrubber can read\)$/);
});
