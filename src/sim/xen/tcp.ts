// TCP timer effects on one request, drawn per request (the connection is idle between requests,
// since the pool gives each connection to one request at a time). Per-side values come from the
// side's OS profile unless a key sets them (tcpSides).
//  - Nagle (Linux tcp_output.c tcp_nagle_check; RFC 896): a sub-MSS segment waits while earlier
//    data is unacknowledged. Linux uses Minshall's variant (tcp_minshall_check: only an earlier
//    *small* segment holds it), Windows classic Nagle (any unacknowledged data). The receiver
//    ACKs at once after more than one full segment (tcp_input.c __tcp_ack_snd_check), otherwise
//    when its delayed-ACK timer fires (Linux TCP_DELACK_MIN 40 ms; Windows 200 ms).
//  - Loss: each segment of a flight is lost with probability lossRate. Linux ≥ 3.10 sends a
//    tail-loss probe (tcp_schedule_loss_probe) after 2·SRTT, plus TCP_DELACK_MAX (200 ms) when
//    one segment is outstanding, but at least TCP_TIMEOUT_MIN (2 ms) when several are, unless
//    the RTO comes first; the probe's SACK exposes a hole, repaired one RTT later. Without TLP
//    (Windows, older kernels) a tail loss waits for the RTO, which on an idle low-RTT connection
//    is the minimum RTO (Linux 200 ms, Windows 300 ms), doubled per consecutive loss.

import type { RandomStream } from '../engine/index';
import type { OsProfile, SimConfig } from './config';

/** One side's TCP behaviour, resolved from its OS profile and the keys that override it. */
export interface TcpSide {
  rtoMinUs: number;
  tlp: boolean;
  /** Nagle holds a sub-MSS tail behind unacknowledged full segments (classic) or not (Minshall). */
  classicNagle: boolean;
  delayedAckUs: number;
}

const OS: Record<OsProfile, { rtoMinMs: number; tlp: boolean; classicNagle: boolean; delayedAckMs: number }> = {
  linux: { rtoMinMs: 200, tlp: true, classicNagle: false, delayedAckMs: 40 },
  windows: { rtoMinMs: 300, tlp: false, classicNagle: true, delayedAckMs: 200 },
};

export function tcpSides(c: SimConfig): { guest: TcpSide; server: TcpSide } {
  const side = (os: OsProfile, tlp: boolean | null): TcpSide => ({
    rtoMinUs: (c.tcp.rtoMinMs ?? OS[os].rtoMinMs) * 1000,
    tlp: tlp ?? OS[os].tlp,
    classicNagle: OS[os].classicNagle,
    delayedAckUs: OS[os].delayedAckMs * 1000,
  });
  const server = side(c.server.os, c.tcp.tlp.server);
  if (c.tcp.delayedAckMs !== null) server.delayedAckUs = c.tcp.delayedAckMs * 1000;
  return { guest: side(c.guest.os, c.tcp.tlp.guest), server };
}

/** TLP's minimum probe timeout with several segments out (TCP_TIMEOUT_MIN) and its single-segment allowance (TCP_DELACK_MAX). */
const TLP_MIN_US = 2000;
const TLP_SINGLE_US = 200_000;

/**
 * Extra µs until a flight of `segments` segments has fully arrived: 0 if none is lost. `srttUs`
 * is the sender's smoothed RTT (the path's round trip).
 */
export function lossDelayUs(rng: RandomStream, lossRate: number, segments: number, side: TcpSide, srttUs: number): number {
  if (lossRate <= 0) return 0;
  let lostTail = false;
  let lostHole = false;
  for (let s = 0; s < segments; s++) {
    if (rng.uniform01() < lossRate) {
      if (s === segments - 1) lostTail = true;
      else lostHole = true;
    }
  }
  if (!lostTail && !lostHole) return 0;
  // The RTO of an idle low-RTT connection: srtt + rttvar with rttvar floored at the minimum RTO
  // (Linux tcp_set_rto / tcp_rtt_estimator); for a SYN the caller passes srtt 0 and the initial RTO.
  let rto = side.rtoMinUs + srttUs;
  let extra: number;
  const pto = segments > 1 ? Math.max(2 * srttUs, TLP_MIN_US) : 2 * srttUs + TLP_SINGLE_US;
  if (side.tlp && pto < rto) {
    // The probe retransmits the tail; a lost earlier segment is repaired one RTT after the probe's SACK.
    extra = pto + (lostHole ? srttUs : 0);
  } else {
    extra = rto;
    rto *= 2;
  }
  // Each retransmission may be lost again; then the (doubling) RTO. Capped so lossRate 1 ends.
  for (let k = 0; k < 16 && rng.uniform01() < lossRate; k++) {
    extra += rto;
    rto *= 2;
  }
  return extra;
}

/**
 * Extra µs Nagle holds the request's last segment, or 0. A split write's second part waits for
 * the ACK of the first (one small segment: the receiver delays its ACK). A single write larger
 * than one MSS leaves its full segments at once; with classic Nagle the sub-MSS tail waits for
 * their ACK, immediate after two full segments, delayed after a single one.
 */
export function nagleHoldUs(bytes: number, mss: number, split: boolean, guest: TcpSide, server: TcpSide, ackRoundTripUs: number): number {
  if (split) return server.delayedAckUs + ackRoundTripUs;
  const full = Math.floor(bytes / mss);
  const tail = bytes - full * mss;
  if (!guest.classicNagle || full === 0 || tail === 0) return 0;
  // The receiver ACKs every second full segment at once; an odd last one waits for its timer.
  return (full % 2 === 1 ? server.delayedAckUs : 0) + ackRoundTripUs;
}

export function segmentsOf(bytes: number, mss: number): number {
  return Math.max(1, Math.ceil(bytes / mss));
}
