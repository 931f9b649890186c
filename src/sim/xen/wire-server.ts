// Everything outside the host, computed arithmetically per request: the NIC's transmit, the wire
// (lognormal one-way latency, serialisation), TCP's loss recovery on each side (tcp.ts), Nagle's
// hold of a request's last segment, the server's service time, slow responses and process pauses,
// and for a new connection the SYN / SYN-ACK exchange answered by the server's kernel.

import type { RandomStream, RandomStreams } from '../engine/index';
import type { SimConfig } from './config';
import { ServerPauses } from './server-pauses';
import { lossDelayUs, nagleHoldUs, segmentsOf, tcpSides, type TcpSide } from './tcp';

/** The initial RTO of a SYN / SYN-ACK (Linux TCP_TIMEOUT_INIT 1 s, RFC 6298; Windows 3 s). */
const SYN_RTO_US = { linux: 1_000_000, windows: 3_000_000 } as const;

/** Where one request's time outside the host went, for the mechanism accounting. */
export interface OutsideTimes {
  wireOut: number;
  server: number;
  wireIn: number;
  lossUs: number;
  slowUs: number;
  serverPauseUs: number;
}

export class WireServer {
  readonly guest: TcpSide;
  readonly server: TcpSide;
  private readonly rWire: RandomStream;
  private readonly rServer: RandomStream;
  private readonly rTcp: RandomStream;
  private readonly reqSegments: number;
  private readonly respSegments: number;
  private readonly serReqUs: number;
  private readonly serRespUs: number;
  /** The path's round trip without stalls: what the TCP stacks' SRTT converges to. */
  private readonly srttUs: number;
  private readonly synGuest: TcpSide;
  private readonly synServer: TcpSide;
  readonly pauses: ServerPauses | null;
  /** Reused result object (the hot path allocates nothing). */
  private readonly out: OutsideTimes = { wireOut: 0, server: 0, wireIn: 0, lossUs: 0, slowUs: 0, serverPauseUs: 0 };

  constructor(
    private readonly c: SimConfig,
    s: RandomStreams,
  ) {
    this.rWire = s.stream('wire');
    this.rServer = s.stream('server');
    this.rTcp = s.stream('tcp');
    const sides = tcpSides(c);
    this.guest = sides.guest;
    this.server = sides.server;
    this.reqSegments = segmentsOf(c.request.bytes, c.tcp.mss);
    this.respSegments = segmentsOf(c.response.bytes, c.tcp.mss);
    this.serReqUs = (c.request.bytes * 8) / (c.wire.gbps * 1000);
    this.serRespUs = (c.response.bytes * 8) / (c.wire.gbps * 1000);
    this.srttUs = 2 * c.wire.oneWayUs + c.server.serviceUs;
    this.synGuest = { ...this.guest, tlp: false, rtoMinUs: SYN_RTO_US[c.guest.os] };
    this.synServer = { ...this.server, tlp: false, rtoMinUs: SYN_RTO_US[c.server.os] };
    this.pauses = c.server.pauseEveryMs > 0 ? new ServerPauses(s.stream('server-pause'), c.server.pauseEveryMs * 1000, c.server.pauseMs * 1000, c.server.pauseSigma) : null;
  }

  /** Bernoulli draw on the TCP stream (split writes, new connections). */
  chance(p: number): boolean {
    return p > 0 && this.rTcp.uniform01() < p;
  }

  /**
   * µs Nagle holds the request's last segment (0 without Nagle): the first full segments leave
   * at once, so a capture in the guest shows them, then the gap.
   */
  nagleHoldUs(): number {
    const t = this.c.tcp;
    if (!t.nagle) return 0;
    const split = this.chance(t.splitWriteFraction);
    if (!split && !this.guest.classicNagle) return 0;
    const w = this.c.wire;
    // The server's ACK back to the guest and the held segment out again: two wire crossings.
    const ackRtt = this.rWire.lognormalMedian(w.oneWayUs, w.sigma) + this.rWire.lognormalMedian(w.oneWayUs, w.sigma);
    return nagleHoldUs(this.c.request.bytes, t.mss, split, this.guest, this.server, ackRtt);
  }

  /** A request that left dom0 at `now` (its last segment held `holdUs`): the times until its response reaches the NIC. */
  request(now: number, holdUs: number): OutsideTimes {
    const c = this.c;
    const o = this.out;
    o.wireOut = now + c.nic.txUs + this.serReqUs;
    o.lossUs = lossDelayUs(this.rTcp, c.tcp.lossRate, this.reqSegments, this.guest, this.srttUs);
    // The server can answer only the whole request.
    const reqArrive = o.wireOut + o.lossUs + holdUs + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma);
    let service = this.rServer.lognormalMedian(c.server.serviceUs, c.server.sigma);
    o.slowUs = 0;
    if (c.server.slowProb > 0 && this.rServer.uniform01() < c.server.slowProb) {
      o.slowUs = this.rServer.exponential(c.server.slowMs * 1000);
      service += o.slowUs;
    }
    o.server = reqArrive + service;
    o.serverPauseUs = 0;
    if (this.pauses !== null) {
      const paused = this.pauses.finish(reqArrive, service, now);
      o.serverPauseUs = paused - o.server;
      o.server = paused;
    }
    const respLoss = lossDelayUs(this.rTcp, c.tcp.lossRate, this.respSegments, this.server, this.srttUs);
    o.lossUs += respLoss;
    o.wireIn = o.server + respLoss + this.serRespUs + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma);
    return o;
  }

  /** A SYN that left dom0 at `now`: the server's kernel answers it, even while the process is paused. */
  handshake(now: number): OutsideTimes {
    const c = this.c;
    const o = this.out;
    o.wireOut = now + c.nic.txUs;
    const synLoss = lossDelayUs(this.rTcp, c.tcp.lossRate, 1, this.synGuest, 0);
    const synAckLoss = lossDelayUs(this.rTcp, c.tcp.lossRate, 1, this.synServer, 0);
    o.server = o.wireOut + synLoss + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma) + c.server.connectUs;
    o.lossUs = synLoss + synAckLoss;
    o.slowUs = 0;
    o.serverPauseUs = 0;
    o.wireIn = o.server + synAckLoss + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma);
    return o;
  }
}
