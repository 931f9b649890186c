// One protocol message as the capture saw it: times and sizes, the header fields, a hash of the
// key. Never the key or the value themselves (a SASL exchange or a cached page is not ours to copy).
import * as crypto from 'node:crypto';

export interface WireMessage {
  kind: 'request' | 'response';
  /** Opcode name (binary) or command / status word (text). */
  op: string;
  opcode?: number;
  opaque?: number;
  /** No response is expected (binary quiet opcodes, text `noreply`, meta `q`). */
  quiet?: boolean;
  keyHash?: string;
  /** Response status (binary status name, or the text reply word). */
  status?: string;
  /** For a response to a multi-key text get: how many values it carried. */
  values?: number;
  bytes: number;
  /** Capture time (ms since the capture's first packet) of the packet carrying the first/last byte. */
  firstT: number;
  lastT: number;
  /** Bytes of this message that the capture lacked (snaplen, capture loss). */
  missing: number;
}

export interface MessageSink {
  message(m: WireMessage): void;
  /** The parser lost the message framing (bytes missing inside a header) and skipped ahead. */
  desync(t: number): void;
}

/** Short, stable, non-reversible-by-eye key identity: groups requests by key without the key. */
export function keyHash(key: Uint8Array): string {
  // crypto.hash (Node >= 20.12) is the one-shot form: a third of createHash's cost per key.
  const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'hex') => string }).hash;
  return (oneShot ? oneShot('sha256', key, 'hex') : crypto.createHash('sha256').update(key).digest('hex')).slice(0, 12);
}
