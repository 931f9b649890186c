// The memcached binary protocol, just the frames the probe sends: GET, SET, SASL PLAIN auth.
// Written out rather than borrowed from memjs so the raw path controls every byte and write.

export const HEADER_LEN = 24;
export const REQUEST_MAGIC = 0x80;
export const RESPONSE_MAGIC = 0x81;

export const Opcode = { get: 0x00, set: 0x01, noop: 0x0a, saslList: 0x20, saslAuth: 0x21 } as const;

export const Status = {
  ok: 0x0000,
  keyNotFound: 0x0001,
  authError: 0x0020,
  authContinue: 0x0021,
} as const;

const STATUS_TEXT: Record<number, string> = {
  0x01: 'key not found',
  0x02: 'key exists',
  0x03: 'value too large',
  0x04: 'invalid arguments',
  0x05: 'item not stored',
  0x20: 'authentication failed',
  0x21: 'authentication continue',
  0x81: 'unknown command',
  0x82: 'out of memory',
  0x86: 'temporary failure',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `status 0x${status.toString(16)}`;
}

export interface Frame {
  magic: number;
  opcode: number;
  status: number;
  opaque: number;
  extras: Buffer;
  key: Buffer;
  value: Buffer;
}

export function encodeRequest(opcode: number, opaque: number, key: Buffer = EMPTY, extras: Buffer = EMPTY, value: Buffer = EMPTY): Buffer {
  const body = extras.length + key.length + value.length;
  const buf = Buffer.allocUnsafe(HEADER_LEN + body);
  buf[0] = REQUEST_MAGIC;
  buf[1] = opcode;
  buf.writeUInt16BE(key.length, 2);
  buf[4] = extras.length;
  buf[5] = 0; // data type
  buf.writeUInt16BE(0, 6); // vbucket
  buf.writeUInt32BE(body, 8);
  buf.writeUInt32BE(opaque >>> 0, 12);
  buf.fill(0, 16, 24); // cas
  extras.copy(buf, HEADER_LEN);
  key.copy(buf, HEADER_LEN + extras.length);
  value.copy(buf, HEADER_LEN + extras.length + key.length);
  return buf;
}

const EMPTY = Buffer.alloc(0);

export function encodeGet(key: string, opaque = 0): Buffer {
  return encodeRequest(Opcode.get, opaque, Buffer.from(key));
}

export function encodeSet(key: string, value: Buffer, opaque = 0, flags = 0, expirySec = 0): Buffer {
  const extras = Buffer.alloc(8);
  extras.writeUInt32BE(flags >>> 0, 0);
  extras.writeUInt32BE(expirySec >>> 0, 4);
  return encodeRequest(Opcode.set, opaque, Buffer.from(key), extras, value);
}

/** SASL PLAIN: authzid empty, then user and password, NUL-separated (RFC 4616). */
export function encodeSaslPlain(user: string, password: string, opaque = 0): Buffer {
  return encodeRequest(Opcode.saslAuth, opaque, Buffer.from('PLAIN'), EMPTY, Buffer.from(`\0${user}\0${password}`));
}

/**
 * Incremental response parser: feed it socket chunks, take whole frames out. Keeps partial
 * bytes between chunks; `buffered` tells whether the next response has already begun.
 * `next()` reads a frame's header into the parser's own fields without allocating (the probe
 * reads tens of thousands of frames a second on a thread where garbage means late sends);
 * `push()` returns whole frames.
 */
export class FrameParser {
  private buf: Buffer = EMPTY;
  private off = 0;
  /** Of the frame `next()` last returned. */
  opcode = 0;
  status = 0;
  opaque = 0;
  /** Offset of its body (extras, key, value) in `body`, and the body's length. */
  private start = 0;
  private total = 0;
  private extrasLen = 0;
  private keyLen = 0;

  get buffered(): number {
    return this.buf.length - this.off;
  }

  feed(chunk: Buffer): void {
    const rest = this.buf.length - this.off;
    this.buf = rest === 0 ? chunk : Buffer.concat([this.buf.subarray(this.off), chunk]);
    this.off = 0;
  }

  /** Moves to the next whole frame; false (and nothing consumed) when none is complete. */
  next(): boolean {
    const buf = this.buf;
    const off = this.off;
    if (buf.length - off < HEADER_LEN) return this.settle();
    const total = buf.readUInt32BE(off + 8);
    if (buf.length - off < HEADER_LEN + total) return this.settle();
    const magic = buf[off];
    if (magic !== RESPONSE_MAGIC) throw new ProtocolError(`not a memcached binary response (magic 0x${magic.toString(16)})`);
    this.opcode = buf[off + 1];
    this.keyLen = buf.readUInt16BE(off + 2);
    this.extrasLen = buf[off + 4];
    this.status = buf.readUInt16BE(off + 6);
    this.opaque = buf.readUInt32BE(off + 12);
    this.start = off + HEADER_LEN;
    this.total = total;
    this.off = this.start + total;
    return true;
  }

  /** Drops consumed bytes so a long-lived parser does not pin old chunks. */
  private settle(): false {
    if (this.off === this.buf.length) this.buf = EMPTY;
    else if (this.off > 0) this.buf = this.buf.subarray(this.off);
    this.off = 0;
    return false;
  }

  /** The frame `next()` last returned, as an object (its buffers are views of the input). */
  frame(): Frame {
    const { buf, start, extrasLen, keyLen, total } = this;
    return {
      magic: RESPONSE_MAGIC,
      opcode: this.opcode,
      status: this.status,
      opaque: this.opaque,
      extras: buf.subarray(start, start + extrasLen),
      key: buf.subarray(start + extrasLen, start + extrasLen + keyLen),
      value: buf.subarray(start + extrasLen + keyLen, start + total),
    };
  }

  push(chunk: Buffer): Frame[] {
    this.feed(chunk);
    const out: Frame[] = [];
    while (this.next()) out.push(this.frame());
    return out;
  }

  reset(): void {
    this.buf = EMPTY;
    this.off = 0;
  }
}

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}
