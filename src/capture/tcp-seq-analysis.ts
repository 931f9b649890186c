// Per-direction sequence analysis with Wireshark's published definitions (its user guide,
// "TCP Analysis"): retransmission, fast and spurious retransmission, out-of-order, duplicate
// ACK, zero window, keep-alive, and the ACK round trip of each data segment. The definitions are
// Wireshark's on purpose: tshark is the tests' oracle and investigators compare the two.
import type { TcpSegment } from './decode';

// Local copies of the TCP flags: this is the per-packet path.
const TH_FIN = 0x01;
const TH_SYN = 0x02;
const TH_RST = 0x04;
const TH_ACK = 0x10;

export const A_RETRANSMISSION = 1;
export const A_FAST_RETRANSMISSION = 2;
export const A_SPURIOUS_RETRANSMISSION = 4;
export const A_OUT_OF_ORDER = 8;
export const A_DUP_ACK = 16;
export const A_ZERO_WINDOW = 32;
export const A_KEEP_ALIVE = 64;
export const A_ZERO_WINDOW_PROBE = 128;
export const A_LOST_SEGMENT = 256;
export const A_KEEP_ALIVE_ACK = 512;
export const A_ZERO_WINDOW_PROBE_ACK = 1024;

/** Unacked segments remembered per direction (Wireshark's limit too): beyond it ACKs are not seen. */
const MAX_UNACKED = 10000;

interface Unacked {
  seq: number;
  next: number;
  t: number;
}

export class DirSeqState {
  hasNext = false;
  nextSeq = 0;
  nextSeqT = 0;
  lastAck = 0;
  lastAckT = 0;
  window = -1;
  dupAcks = 0;
  lastFlags = 0;
  unacked: Unacked[] = [];
}

export interface SegmentVerdict {
  flags: number;
  /** For a retransmission: time since the oldest unacked segment of its direction (the RTO it waited). */
  rtoMs?: number;
  /** This segment ACKs a data (or SYN/FIN) segment exactly: the time since that segment. */
  ackRttMs?: number;
  /** Length of the segment it ACKed (0 for a SYN or FIN). */
  ackedLen?: number;
}

const lt = (a: number, b: number) => ((a - b) | 0) < 0;
const gt = (a: number, b: number) => ((a - b) | 0) > 0;
const le = (a: number, b: number) => ((a - b) | 0) <= 0;

export class ConnSeqAnalysis {
  /** Handshake round trip (SYN -> first ACK), Wireshark's threshold for "out of order". */
  firstRttMs: number | undefined;
  private mruSynT: number | undefined;
  private verdict: SegmentVerdict = { flags: 0, rtoMs: undefined, ackRttMs: undefined, ackedLen: undefined };

  analyze(seg: TcpSegment, fwd: DirSeqState, rev: DirSeqState, t: number): SegmentVerdict {
    const f = seg.flags;
    const seq = seg.seq;
    const ack = f & TH_ACK ? seg.ack : 0;
    const len = seg.len;
    const win = seg.window;
    // One verdict object per connection, reused: the caller copies what it keeps.
    const v = this.verdict;
    v.flags = 0;
    v.rtoMs = undefined;
    v.ackRttMs = undefined;
    v.ackedLen = undefined;
    const synFin = f & (TH_SYN | TH_FIN);
    const control = f & (TH_SYN | TH_FIN | TH_RST);

    if (f & TH_SYN && !(f & TH_ACK)) this.mruSynT = t;
    else if ((f & (TH_SYN | TH_ACK)) === TH_ACK && this.mruSynT !== undefined && this.firstRttMs === undefined) {
      this.firstRttMs = t - this.mruSynT;
    }

    let skipToAckBookkeeping = false;
    if (len === 1 && fwd.hasNext && seq === fwd.nextSeq && rev.window === 0) {
      v.flags |= A_ZERO_WINDOW_PROBE;
      skipToAckBookkeeping = true;
    }
    if (!skipToAckBookkeeping) {
      if (win === 0 && !control) v.flags |= A_ZERO_WINDOW;
      if (fwd.hasNext && gt(seq, fwd.nextSeq) && !(f & TH_RST)) v.flags |= A_LOST_SEGMENT;
      if ((len === 0 || len === 1) && fwd.hasNext && seq === ((fwd.nextSeq - 1) >>> 0) && !control) v.flags |= A_KEEP_ALIVE;
      const sameAsBefore = len === 0 && fwd.hasNext && seq === fwd.nextSeq && ack === fwd.lastAck && !control;
      if (sameAsBefore && win !== 0 && win === fwd.window && rev.lastFlags & A_KEEP_ALIVE) {
        v.flags |= A_KEEP_ALIVE_ACK;
      } else if (sameAsBefore && win === 0 && win === fwd.window && rev.lastFlags & A_ZERO_WINDOW_PROBE) {
        v.flags |= A_ZERO_WINDOW_PROBE_ACK;
      } else if (sameAsBefore && win !== 0 && win === fwd.window) {
        fwd.dupAcks = fwd.dupAcks < 0 ? 1 : fwd.dupAcks + 1;
        v.flags |= A_DUP_ACK;
      }
    }
    if (ack !== fwd.lastAck) fwd.dupAcks = 0;

    if ((len > 0 || synFin) && !(v.flags & A_KEEP_ALIVE) && !skipToAckBookkeeping) {
      let notAdvanced = fwd.hasNext && fwd.nextSeq !== 0 && lt(seq, fwd.nextSeq);
      // One byte back with new data after it: a zero-window probe's byte being sent for real.
      if (len > 1 && fwd.hasNext && ((fwd.nextSeq - 1) >>> 0) === seq) notAdvanced = false;
      if (len > 0 && rev.lastAck !== 0 && le((seq + len) >>> 0, rev.lastAck)) {
        v.flags |= A_SPURIOUS_RETRANSMISSION;
      } else if (notAdvanced && rev.dupAcks >= 2 && rev.lastAck === seq && t - rev.lastAckT < 20) {
        v.flags |= A_FAST_RETRANSMISSION;
      } else if (
        notAdvanced &&
        t - fwd.nextSeqT < (this.firstRttMs || 3) &&
        fwd.nextSeq !== ((seq + len + (synFin ? 1 : 0)) >>> 0)
      ) {
        v.flags |= A_OUT_OF_ORDER;
      } else if (notAdvanced) {
        v.flags |= A_RETRANSMISSION;
        v.rtoMs = t - (fwd.unacked.length > 0 ? fwd.unacked[0].t : fwd.nextSeqT);
      }
    }

    let next = (seq + len) >>> 0;
    if (len > 0 || synFin) {
      if (synFin) next = (next + 1) >>> 0;
      if (fwd.unacked.length < MAX_UNACKED) fwd.unacked.push({ seq, next, t });
    }
    if ((!fwd.hasNext || gt(next, fwd.nextSeq)) && !(v.flags & A_ZERO_WINDOW_PROBE)) {
      fwd.hasNext = true;
      fwd.nextSeq = next;
      fwd.nextSeqT = t;
    }
    fwd.window = win;
    fwd.lastAck = ack;
    fwd.lastAckT = t;
    fwd.lastFlags = v.flags;

    // Drop what this ACK covers from the other direction's unacked list; an exact match of a
    // segment's end is that segment's ACK round trip (the oldest such one, as Wireshark reports).
    if (f & TH_ACK && rev.unacked.length > 0) {
      const keep: Unacked[] = [];
      for (const u of rev.unacked) {
        if (ack === u.next) {
          if (v.ackRttMs === undefined) {
            v.ackRttMs = t - u.t;
            v.ackedLen = (u.next - u.seq) >>> 0;
          }
        } else if (gt(ack, u.seq) && le(ack, u.next)) {
          u.seq = ack;
          keep.push(u);
          continue;
        } else if (gt(u.next, ack)) {
          keep.push(u);
          continue;
        }
      }
      rev.unacked = keep;
    }
    return v;
  }
}
