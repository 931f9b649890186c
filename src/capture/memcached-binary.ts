// memcached binary protocol framing: a 24-byte header (magic 0x80 request, 0x81 response) and
// a body of extras, key and value. The body is counted, not stored; only the key is hashed.
import type { StreamSink } from './reassembly';
import { keyHash, type MessageSink, type WireMessage } from './messages';

const OPCODES: Record<number, string> = {
  0x00: 'get', 0x01: 'set', 0x02: 'add', 0x03: 'replace', 0x04: 'delete', 0x05: 'increment',
  0x06: 'decrement', 0x07: 'quit', 0x08: 'flush', 0x09: 'getq', 0x0a: 'noop', 0x0b: 'version',
  0x0c: 'getk', 0x0d: 'getkq', 0x0e: 'append', 0x0f: 'prepend', 0x10: 'stat', 0x11: 'setq',
  0x12: 'addq', 0x13: 'replaceq', 0x14: 'deleteq', 0x15: 'incrementq', 0x16: 'decrementq',
  0x17: 'quitq', 0x18: 'flushq', 0x19: 'appendq', 0x1a: 'prependq', 0x1b: 'verbosity', 0x1c: 'touch',
  0x1d: 'gat', 0x1e: 'gatq', 0x20: 'sasl-list-mechs', 0x21: 'sasl-auth', 0x22: 'sasl-step',
  0x23: 'gatk', 0x24: 'gatkq',
};
const QUIET = new Set([0x09, 0x0d, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1e, 0x24]);
const STATUS: Record<number, string> = {
  0x00: 'ok', 0x01: 'not-found', 0x02: 'exists', 0x03: 'too-large', 0x04: 'invalid-arguments',
  0x05: 'not-stored', 0x06: 'non-numeric', 0x20: 'auth-error', 0x21: 'auth-continue',
  0x81: 'unknown-command', 0x82: 'out-of-memory', 0x83: 'not-supported', 0x84: 'internal-error',
  0x85: 'busy', 0x86: 'temporary-failure',
};

export const opcodeName = (op: number): string => OPCODES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;

export class BinaryParser implements StreamSink {
  private hdr = new Uint8Array(24);
  private hdrFill = 0;
  private bodyLen = 0;
  private bodyPos = 0;
  private keyFrom = 0;
  private keyTo = 0;
  private key = new Uint8Array(250);
  private keyLost = false;
  private msg: WireMessage | undefined;
  private lost = false;

  constructor(private out: MessageSink) {}

  data(b: Uint8Array, t: number, segStart: boolean): void {
    let i = 0;
    if (this.lost) {
      if (!segStart || (b[0] !== 0x80 && b[0] !== 0x81)) return;
      this.lost = false;
    }
    while (i < b.length) {
      if (!this.msg) {
        if (this.hdrFill === 0 && b[i] !== 0x80 && b[i] !== 0x81) {
          this.lose(t);
          return;
        }
        const take = Math.min(24 - this.hdrFill, b.length - i);
        this.hdr.set(b.subarray(i, i + take), this.hdrFill);
        if (this.hdrFill === 0) this.startT = t;
        this.hdrFill += take;
        i += take;
        if (this.hdrFill < 24) return;
        this.begin(t);
        if (this.bodyLen === 0) this.finish(t);
        continue;
      }
      const take = Math.min(this.bodyLen - this.bodyPos, b.length - i);
      // Copy only the key's bytes (for its hash): extras and value are counted, never kept.
      const kFrom = Math.max(this.keyFrom, this.bodyPos);
      const kTo = Math.min(this.keyTo, this.bodyPos + take);
      if (kTo > kFrom) this.key.set(b.subarray(i + kFrom - this.bodyPos, i + kTo - this.bodyPos), kFrom - this.keyFrom);
      this.bodyPos += take;
      i += take;
      if (this.bodyPos === this.bodyLen) this.finish(t);
    }
  }

  gap(n: number, t: number): void {
    if (this.lost) return;
    if (!this.msg) {
      if (this.hdrFill > 0 || n > 0) this.lose(t);
      return;
    }
    const take = Math.min(n, this.bodyLen - this.bodyPos);
    if (this.bodyPos < this.keyTo && this.bodyPos + take > this.keyFrom) this.keyLost = true;
    this.msg.missing += take;
    this.bodyPos += take;
    if (this.bodyPos === this.bodyLen) this.finish(t);
    if (n > take) this.lose(t); // the gap runs on into the next header
  }

  private startT = 0;

  private begin(t: number): void {
    const h = this.hdr;
    const request = h[0] === 0x80;
    const opcode = h[1];
    const keyLen = (h[2] << 8) | h[3];
    const extLen = h[4];
    this.bodyLen = ((h[8] << 24) | (h[9] << 16) | (h[10] << 8) | h[11]) >>> 0;
    this.bodyPos = 0;
    this.keyFrom = extLen;
    this.keyTo = extLen + Math.min(keyLen, 250);
    this.keyLost = false;
    const status = (h[6] << 8) | h[7];
    this.msg = {
      kind: request ? 'request' : 'response',
      op: opcodeName(opcode),
      opcode,
      opaque: ((h[12] << 24) | (h[13] << 16) | (h[14] << 8) | h[15]) >>> 0,
      bytes: 24 + this.bodyLen,
      firstT: this.startT,
      lastT: t,
      missing: 0,
    };
    if (request && QUIET.has(opcode)) this.msg.quiet = true;
    if (!request) this.msg.status = STATUS[status] ?? `0x${status.toString(16)}`;
  }

  private finish(t: number): void {
    const m = this.msg!;
    m.lastT = t;
    const keyLen = this.keyTo - this.keyFrom;
    if (keyLen > 0 && !this.keyLost && this.bodyLen >= this.keyTo) m.keyHash = keyHash(this.key.subarray(0, keyLen));
    this.msg = undefined;
    this.hdrFill = 0;
    this.out.message(m);
  }

  private lose(t: number): void {
    this.lost = true;
    this.msg = undefined;
    this.hdrFill = 0;
    this.out.desync(t);
  }
}
