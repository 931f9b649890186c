// The response parser reads the same frames however the byte stream is cut into chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameParser, HEADER_LEN, RESPONSE_MAGIC } from '../../src/probe/codec';

interface Spec { opcode: number; status: number; opaque: number; extras: Uint8Array; key: Uint8Array; value: Uint8Array }

function encodeResponse(s: Spec): Buffer {
  const body = s.extras.length + s.key.length + s.value.length;
  const b = Buffer.alloc(HEADER_LEN + body);
  b[0] = RESPONSE_MAGIC;
  b[1] = s.opcode;
  b.writeUInt16BE(s.key.length, 2);
  b[4] = s.extras.length;
  b.writeUInt16BE(s.status, 6);
  b.writeUInt32BE(body, 8);
  b.writeUInt32BE(s.opaque, 12);
  Buffer.from(s.extras).copy(b, HEADER_LEN);
  Buffer.from(s.key).copy(b, HEADER_LEN + s.extras.length);
  Buffer.from(s.value).copy(b, HEADER_LEN + s.extras.length + s.key.length);
  return b;
}

const arbFrame = fc.record({
  opcode: fc.integer({ min: 0, max: 255 }),
  status: fc.integer({ min: 0, max: 0xffff }),
  opaque: fc.integer({ min: 0, max: 0xffffffff }),
  extras: fc.uint8Array({ maxLength: 8 }),
  key: fc.uint8Array({ maxLength: 20 }),
  value: fc.uint8Array({ maxLength: 300 }),
});

test('push() and next() give every frame once, whatever the chunk boundaries', () => {
  fc.assert(
    fc.property(fc.array(arbFrame, { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 30 }), (frames, cuts) => {
      const stream = Buffer.concat(frames.map(encodeResponse));
      const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let prev = 0;
      for (const c of [...at, stream.length]) {
        chunks.push(stream.subarray(prev, c));
        prev = c;
      }
      const viaPush = new FrameParser();
      const viaNext = new FrameParser();
      const got: { opcode: number; status: number; opaque: number; extras: Buffer; key: Buffer; value: Buffer }[] = [];
      const headers: [number, number][] = [];
      for (const chunk of chunks) {
        got.push(...viaPush.push(chunk));
        viaNext.feed(chunk);
        while (viaNext.next()) headers.push([viaNext.status, viaNext.opaque]);
      }
      assert.equal(viaPush.buffered, 0);
      assert.equal(viaNext.buffered, 0);
      assert.deepEqual(headers, frames.map((f) => [f.status, f.opaque]));
      assert.deepEqual(
        got.map((g) => ({ opcode: g.opcode, status: g.status, opaque: g.opaque, extras: [...g.extras], key: [...g.key], value: [...g.value] })),
        frames.map((f) => ({ opcode: f.opcode, status: f.status, opaque: f.opaque, extras: [...f.extras], key: [...f.key], value: [...f.value] })),
      );
    }),
    { numRuns: 300 },
  );
});

test('a partial frame is kept and reported as buffered; a wrong magic byte is a protocol error', () => {
  const p = new FrameParser();
  const whole = encodeResponse({ opcode: 0, status: 1, opaque: 7, extras: new Uint8Array(), key: new Uint8Array(), value: new Uint8Array(5) });
  p.feed(whole.subarray(0, 10));
  assert.equal(p.next(), false);
  assert.equal(p.buffered, 10);
  p.feed(whole.subarray(10));
  assert.equal(p.next(), true);
  assert.equal(p.opaque, 7);
  assert.equal(p.next(), false);
  const bad = Buffer.from(whole);
  bad[0] = 0x80;
  assert.throws(() => new FrameParser().push(bad), /not a memcached binary response \(magic 0x80\)/);
});
