// One direction of a TCP connection turned back into the byte stream the receiver read:
// retransmitted bytes delivered once (at their first capture), out-of-order segments held until
// the hole fills (delivered at the filling packet's time: when the receiver could read them),
// overlaps trimmed, and bytes the capture lacks (snaplen cuts, segments the capture missed)
// announced as gaps so the protocol parsers can count past them or resynchronise.

export interface StreamSink {
  /** In-order bytes (a view: copy to keep). `segStart` marks bytes that begin a TCP segment. */
  data(bytes: Uint8Array, t: number, segStart: boolean): void;
  /** `n` bytes of the stream exist but were not captured. */
  gap(n: number, t: number): void;
}

interface Held {
  off: number;
  len: number;
  bytes: Uint8Array; // captured part (copied)
  t: number;
}

/** Out-of-order bytes held per direction before giving up on the hole (a capture that lost it). */
const MAX_HELD_BYTES = 4 * 1024 * 1024;

export class DirectionStream {
  private base: number | undefined;
  /** Stream offset (bytes since the first data byte) of the next byte to deliver. */
  private next = 0;
  private held: Held[] = [];
  private heldBytes = 0;
  delivered = 0;
  missing = 0;

  constructor(private sink: StreamSink) {}

  /** The SYN's sequence number: data starts one after it. */
  syn(seq: number): void {
    if (this.base === undefined) this.base = (seq + 1) >>> 0;
  }

  private offsetOf(seq: number): number {
    if (this.base === undefined) this.base = seq;
    // Signed 32-bit distance: streams longer than 2 GiB in one direction are not supported.
    return (seq - this.base) | 0;
  }

  segment(seq: number, len: number, payload: Uint8Array, t: number): void {
    if (len <= 0) return;
    const off = this.offsetOf(seq);
    const end = off + len;
    if (end <= this.next) return; // everything already delivered: a retransmission
    if (off > this.next) {
      this.hold(off, len, payload, t);
      return;
    }
    this.deliver(off, len, payload, t);
    this.drain();
  }

  /** The FIN's sequence number: it takes one sequence number but carries no byte. */
  fin(seq: number, len: number): void {
    this.finOff = this.offsetOf(seq) + len;
  }
  private finOff = Infinity;

  /** The peer acknowledged up to `ack`: bytes before it that we never saw were lost by the capture. */
  acked(ack: number, t: number): void {
    if (this.base === undefined) return;
    const ackOff = Math.min((ack - this.base) | 0, this.finOff);
    if (ackOff <= this.next) return;
    const firstHeld = this.held.length > 0 ? this.held[0].off : Infinity;
    const to = Math.min(ackOff, firstHeld);
    if (to > this.next) {
      this.skip(to - this.next, t);
      this.drain();
    }
  }

  /** End of capture: holes never filled are gaps; held data is delivered after them. */
  finish(t: number): void {
    while (this.held.length > 0) {
      const h = this.held[0];
      if (h.off > this.next) this.skip(h.off - this.next, t);
      this.drain();
    }
  }

  private deliver(off: number, len: number, payload: Uint8Array, t: number): void {
    const from = this.next - off; // bytes of this segment already delivered (overlap)
    const cap = payload.length;
    if (from < cap) {
      this.sink.data(payload.subarray(from), t, from === 0);
      this.delivered += cap - from;
    }
    const lost = len - Math.max(from, cap);
    if (lost > 0) this.skip(lost, t, false);
    this.next = off + len;
  }

  private skip(n: number, t: number, advance = true): void {
    this.missing += n;
    this.sink.gap(n, t);
    if (advance) this.next += n;
  }

  private hold(off: number, len: number, payload: Uint8Array, t: number): void {
    if (this.heldBytes + payload.length > MAX_HELD_BYTES) {
      // The hole is not coming: give it up rather than hold the whole capture.
      this.skip(this.held[0].off - this.next, t);
      this.drain();
      if (off <= this.next) {
        this.segment((this.base! + off) >>> 0, len, payload, t);
        return;
      }
    }
    const h: Held = { off, len, bytes: payload.slice(), t };
    let i = this.held.length;
    while (i > 0 && this.held[i - 1].off > off) i--;
    this.held.splice(i, 0, h);
    this.heldBytes += h.bytes.length;
  }

  private drain(): void {
    while (this.held.length > 0 && this.held[0].off <= this.next) {
      const h = this.held.shift()!;
      this.heldBytes -= h.bytes.length;
      // Delivered at the time of the segment that filled the hole, which is `now` for the caller;
      // the held segment's own time would claim the reader had it before it could.
      if (h.off + h.len > this.next) this.deliver(h.off, h.len, h.bytes, Math.max(h.t, this.lastT));
    }
  }

  private lastT = 0;
  /** Records the current packet time (for deliveries from the hold queue). */
  now(t: number): void {
    this.lastT = t;
  }
}
