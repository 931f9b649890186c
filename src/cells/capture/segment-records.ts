// Compact records of TCP segments (time, sequence, length, ACK, a few bits) in typed arrays:
// ~21 bytes a segment, no object per packet. As a ring it keeps the newest `capacity` and forgets
// the oldest (its owner grows it); as a list it grows up to `max` records and counts the rest.

export const FROM_CLIENT = 1;
export const RETRANSMITTED = 2;
export const HAS_ACK = 4;

export class SegmentRecords {
  t: Float64Array;
  seq: Uint32Array;
  len: Uint32Array;
  ack: Uint32Array;
  bits: Uint8Array;
  /** Index of the oldest record (ring mode wraps around). */
  private head = 0;
  size = 0;
  /** Records a full ring overwrote, or a full list refused. */
  lost = 0;

  constructor(capacity: number, private readonly ring: boolean, private readonly max = capacity) {
    this.t = new Float64Array(capacity);
    this.seq = new Uint32Array(capacity);
    this.len = new Uint32Array(capacity);
    this.ack = new Uint32Array(capacity);
    this.bits = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.t.length;
  }

  /** Grows to `capacity` (the records keep their order). */
  grow(capacity: number): void {
    const old = { t: this.t, seq: this.seq, len: this.len, ack: this.ack, bits: this.bits };
    const n = this.size;
    const oldCap = old.t.length;
    this.t = new Float64Array(capacity);
    this.seq = new Uint32Array(capacity);
    this.len = new Uint32Array(capacity);
    this.ack = new Uint32Array(capacity);
    this.bits = new Uint8Array(capacity);
    for (let i = 0; i < n; i++) {
      const j = (this.head + i) % oldCap;
      this.t[i] = old.t[j];
      this.seq[i] = old.seq[j];
      this.len[i] = old.len[j];
      this.ack[i] = old.ack[j];
      this.bits[i] = old.bits[j];
    }
    this.head = 0;
  }

  /** Appends; when full, a ring overwrites its oldest record and a list grows up to its max, then drops. */
  push(t: number, seq: number, len: number, ack: number, bits: number): void {
    if (!this.ring && this.size === this.t.length && this.size < this.max) this.grow(Math.min(this.max, 2 * this.size));
    const cap = this.t.length;
    let i: number;
    if (this.size < cap) {
      i = (this.head + this.size) % cap;
      this.size++;
    } else if (this.ring) {
      i = this.head;
      this.head = (this.head + 1) % cap;
      this.lost++;
    } else {
      this.lost++;
      return;
    }
    this.t[i] = t;
    this.seq[i] = seq;
    this.len[i] = len;
    this.ack[i] = ack;
    this.bits[i] = bits;
  }

  /** The i-th record, oldest first: its slot in the arrays. */
  slot(i: number): number {
    return (this.head + i) % this.t.length;
  }

  /**
   * Copies the records from time `from` on into `into`. Returns true when records of that
   * stretch may have been overwritten already (the ring was full and its oldest is not older).
   */
  copySince(from: number, into: SegmentRecords): boolean {
    for (let i = 0; i < this.size; i++) {
      const j = this.slot(i);
      if (this.t[j] >= from) into.push(this.t[j], this.seq[j], this.len[j], this.ack[j], this.bits[j]);
    }
    return this.lost > 0 && (this.size === 0 || this.t[this.slot(0)] >= from);
  }
}
