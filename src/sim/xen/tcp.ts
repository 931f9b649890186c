// TCP timer effects on one request, drawn per request (the connection is idle between requests,
// since the pool gives each connection to one request at a time):
//  - Nagle + delayed ACK: a request written as two segments has its second segment held by Nagle
//    until the first is ACKed; the server cannot answer a partial request, so that ACK only comes
//    when its delayed-ACK timer fires (Linux TCP_DELACK_MIN 40 ms, 200 ms max / Windows).
//  - Loss: each transmission is lost with probability lossRate; the sender retransmits after the
//    RTO, which on an idle low-RTT connection is the minimum RTO (Linux 200 ms, Windows 300 ms),
//    doubled per consecutive loss (exponential backoff).

import type { RandomStream } from '../engine/index';

/** Extra µs a lossy transmission takes: 0 if the first attempt arrives. */
export function retransmissionDelayUs(rng: RandomStream, lossRate: number, rtoMinUs: number): number {
  if (lossRate <= 0) return 0;
  let extra = 0;
  let rto = rtoMinUs;
  // Capped so a lossRate of 1 cannot loop forever; 16 doublings is far beyond any real stack.
  for (let k = 0; k < 16 && rng.uniform01() < lossRate; k++) {
    extra += rto;
    rto *= 2;
  }
  return extra;
}

/** Extra µs Nagle holds the request's tail: the server's delayed ACK plus the ACK's round trip. */
export function nagleDelayUs(delayedAckUs: number, ackRoundTripUs: number): number {
  return delayedAckUs + ackRoundTripUs;
}
