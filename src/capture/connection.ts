// One TCP connection: the Wireshark-compatible sequence analysis, the two reassembled byte
// streams feeding the protocol parsers, and the TCP events a stall is explained with.
import type { TcpSegment } from './decode';
import { BinaryParser } from './memcached-binary';
import { TextParser } from './memcached-text';
import { DirectionPairer, MemcachedPairer, type RowSink } from './pairing';
import { DirectionStream, type StreamSink } from './reassembly';
import { ConnSeqAnalysis, DirSeqState, type SegmentVerdict } from './tcp-seq-analysis';

// Local copies of the TCP flags and verdict bits (tcp-seq-analysis.ts): the per-packet path.
const TH_FIN = 0x01;
const TH_SYN = 0x02;
const TH_RST = 0x04;
const TH_ACK = 0x10;
const A_RETRANSMISSION = 1;
const A_FAST_RETRANSMISSION = 2;
const A_SPURIOUS_RETRANSMISSION = 4;
const A_OUT_OF_ORDER = 8;
const A_DUP_ACK = 16;
const A_ZERO_WINDOW = 32;
const A_LOST_SEGMENT = 256;

export type CaptureProtocol = 'memcached' | 'tcp';
/** Direction of a segment: from the client (request side) or from the server. */
export type Dir = 'to-server' | 'to-client';

export interface TcpEvent {
  t: number;
  dir: Dir;
  kind: 'retransmission' | 'fast-retransmission' | 'spurious-retransmission' | 'zero-window' | 'nagle' | 'delayed-ack';
  /** retransmission: the RTO it waited; nagle: how long the segment was held; delayed-ack: the ACK delay. */
  ms?: number;
  len?: number;
}

export interface ConnectionSummary {
  id: number;
  client: string;
  server: string;
  /** memcached-binary | memcached-text | tcp (what the bytes turned out to be). */
  protocol: string;
  firstMs: number;
  lastMs: number;
  /** SYN -> SYN-ACK as the capture saw it (client side: the network round trip plus the server's accept). */
  connectMs?: number;
  /** SYN -> the handshake's last ACK (Wireshark's iRTT). */
  handshakeMs?: number;
  packets: number;
  bytesToServer: number;
  bytesToClient: number;
  retransmissions: number;
  fastRetransmissions: number;
  spuriousRetransmissions: number;
  outOfOrder: number;
  dupAcks: number;
  zeroWindows: number;
  lostSegments: number;
  nagleHeld: number;
  /** Bytes of the streams the capture did not have (snaplen cuts, capture loss). */
  missingBytes: number;
  desyncs: number;
  closedBy?: 'fin' | 'rst';
  /** ACK delays of pure ACKs that acknowledged data, per acknowledging side (ms). */
  ackDelaysMs: { byServer: number[]; byClient: number[] };
  events: TcpEvent[];
  /** Events beyond MAX_EVENTS, counted but not kept (a capture where every ACK is delayed). */
  eventsNotKept: number;
}

/** Events kept per connection: bounds the memory of pathological captures. */
export const MAX_EVENTS = 20000;

/** A pure ACK later than this after the data it acknowledges is a delayed ACK worth naming. */
export const DELAYED_ACK_MS = 10;
/** Held data leaves this soon after the ACK that releases it (client side: immediately). */
const NAGLE_RELEASE_MS = 1;

interface NagleState {
  lastDataT: number;
  lastDataLen: number;
  /** Time of the peer's pure ACK that acknowledged everything, if no peer data came since. */
  releasedAt?: number;
  mss: number;
}

export class Connection {
  readonly seq = new ConnSeqAnalysis();
  readonly dirs: [DirSeqState, DirSeqState] = [new DirSeqState(), new DirSeqState()];
  private streams: [DirectionStream, DirectionStream];
  private nagle: [NagleState, NagleState] = [{ lastDataT: -1, lastDataLen: 0, mss: 1460 }, { lastDataT: -1, lastDataLen: 0, mss: 1460 }];
  private memcached: MemcachedPairer | undefined;
  private plain: DirectionPairer | undefined;
  private synT: number | undefined;
  private detected = '';
  readonly s: ConnectionSummary;
  /** The client endpoint as a number (IPv4: ip * 65536 + port), for the analyzer's lookup. */
  clientNum = 0;

  /** `clientAddr` is the client's "ip:port"; index 0 of dirs/streams is the client's direction. */
  constructor(id: number, readonly clientAddr: string, serverAddr: string, private protocol: CaptureProtocol, emit: RowSink, t: number) {
    this.s = {
      id, client: clientAddr, server: serverAddr, protocol: protocol === 'tcp' ? 'tcp' : 'memcached', firstMs: t, lastMs: t,
      packets: 0, bytesToServer: 0, bytesToClient: 0, retransmissions: 0, fastRetransmissions: 0,
      spuriousRetransmissions: 0, outOfOrder: 0, dupAcks: 0, zeroWindows: 0, lostSegments: 0, nagleHeld: 0,
      missingBytes: 0, desyncs: 0, ackDelaysMs: { byServer: [], byClient: [] }, events: [], eventsNotKept: 0,
    };
    let reqSink: StreamSink;
    let resSink: StreamSink;
    if (protocol === 'tcp') {
      this.plain = new DirectionPairer(id, emit);
      reqSink = this.plain.client;
      resSink = this.plain.server;
      this.detected = 'tcp';
    } else {
      const pairer = (this.memcached = new MemcachedPairer(id, emit));
      // The first request byte says which memcached protocol this connection speaks.
      let req: StreamSink | undefined;
      let res: StreamSink | undefined;
      const pick = (first: number) => {
        const binary = first === 0x80 || first === 0x81;
        this.detected = binary ? 'memcached-binary' : 'memcached-text';
        req = binary ? new BinaryParser(pairer) : new TextParser(pairer, 'request');
        res = binary ? new BinaryParser(pairer) : new TextParser(pairer, 'response');
      };
      reqSink = {
        data: (b, tt, st) => { if (!req) pick(b[0]); req!.data(b, tt, st); },
        gap: (n, tt) => req?.gap(n, tt),
      };
      resSink = {
        data: (b, tt, st) => { if (!res) pick(b[0] === 0x81 ? 0x80 : 0x41); res!.data(b, tt, st); },
        gap: (n, tt) => res?.gap(n, tt),
      };
    }
    this.streams = [new DirectionStream(reqSink), new DirectionStream(resSink)];
  }

  /** `fromClient` says which way the segment goes. */
  segment(seg: TcpSegment, fromClient: boolean, t: number): SegmentVerdict {
    const s = this.s;
    const d = fromClient ? 0 : 1;
    const fwd = this.dirs[d];
    const rev = this.dirs[1 - d];
    const dir: Dir = fromClient ? 'to-server' : 'to-client';
    s.packets++;
    s.lastMs = t;
    if (fromClient) s.bytesToServer += seg.len;
    else s.bytesToClient += seg.len;
    const f = seg.flags;
    if (f & TH_SYN) {
      if (seg.mss) this.nagle[d].mss = seg.mss;
      if (!(f & TH_ACK)) this.synT = t;
      else if (this.synT !== undefined && s.connectMs === undefined) s.connectMs = t - this.synT;
    }
    const v = this.seq.analyze(seg, fwd, rev, t);
    if (this.seq.firstRttMs !== undefined && s.handshakeMs === undefined) s.handshakeMs = this.seq.firstRttMs;
    this.count(v, dir, seg, t);
    if (f & TH_RST) s.closedBy = 'rst';
    else if (f & TH_FIN && !s.closedBy) s.closedBy = 'fin';

    const stream = this.streams[d];
    stream.now(t);
    this.streams[1 - d].now(t);
    if (f & TH_SYN) stream.syn(seg.seq);
    if (f & TH_FIN) stream.fin(seg.seq, seg.len);
    if (seg.len > 0) {
      this.nagleCheck(d, v, seg, t, dir);
      stream.segment(seg.seq, seg.len, seg.payload, t);
    } else if (f & TH_ACK && v.ackRttMs !== undefined && v.ackedLen) {
      // A pure ACK of data: the peer's ACK delay (delayed ACK when it is tens of ms).
      (fromClient ? s.ackDelaysMs.byClient : s.ackDelaysMs.byServer).push(v.ackRttMs);
      if (v.ackRttMs >= DELAYED_ACK_MS) this.event({ t, dir, kind: 'delayed-ack', ms: v.ackRttMs });
    }
    if (f & TH_ACK) {
      this.streams[1 - d].acked(seg.ack, t);
      const peer = this.nagle[1 - d];
      // The peer's data is all acknowledged by a pure ACK: held data of the peer may go now.
      if (seg.len === 0 && v.ackRttMs !== undefined && rev.unacked.length === 0 && peer.lastDataT >= 0) peer.releasedAt = t;
    }
    return v;
  }

  private event(e: TcpEvent): void {
    if (this.s.events.length < MAX_EVENTS) this.s.events.push(e);
    else this.s.eventsNotKept++;
  }

  private count(v: SegmentVerdict, dir: Dir, seg: TcpSegment, t: number): void {
    const s = this.s;
    if (v.flags & A_RETRANSMISSION) {
      s.retransmissions++;
      this.event({ t, dir, kind: 'retransmission', ms: v.rtoMs, len: seg.len });
    }
    if (v.flags & A_FAST_RETRANSMISSION) {
      s.fastRetransmissions++;
      this.event({ t, dir, kind: 'fast-retransmission', len: seg.len });
    }
    if (v.flags & A_SPURIOUS_RETRANSMISSION) {
      s.spuriousRetransmissions++;
      this.event({ t, dir, kind: 'spurious-retransmission', len: seg.len });
    }
    if (v.flags & A_OUT_OF_ORDER) s.outOfOrder++;
    if (v.flags & A_DUP_ACK) s.dupAcks++;
    if (v.flags & A_LOST_SEGMENT) s.lostSegments++;
    if (v.flags & A_ZERO_WINDOW) {
      s.zeroWindows++;
      this.event({ t, dir, kind: 'zero-window' });
    }
  }

  /**
   * Nagle: a small segment with unacknowledged data before it waits for the peer's ACK. Seen in
   * a capture as data that leaves right after a pure ACK released it, with no peer data between
   * (so it is not the next request of a closed loop, which follows a response).
   */
  private nagleCheck(d: number, v: SegmentVerdict, seg: TcpSegment, t: number, dir: Dir): void {
    const n = this.nagle[d];
    const peer = this.nagle[1 - d];
    const retrans = v.flags & (A_RETRANSMISSION | A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION);
    if (!retrans && n.releasedAt !== undefined && n.lastDataT >= 0 && n.lastDataLen < n.mss
      && t - n.releasedAt <= Math.max(NAGLE_RELEASE_MS, this.s.handshakeMs ?? 0) && n.releasedAt - n.lastDataT >= 1) {
      this.s.nagleHeld++;
      this.event({ t, dir, kind: 'nagle', ms: t - n.lastDataT, len: seg.len });
    }
    n.releasedAt = undefined;
    if (!retrans) {
      n.lastDataT = t;
      n.lastDataLen = seg.len;
    }
    // Our data resets the peer's "released by a pure ACK" state: it is a reply now.
    peer.releasedAt = undefined;
  }

  finish(t: number): void {
    this.streams[0].finish(t);
    this.streams[1].finish(t);
    this.memcached?.finish();
    this.plain?.flush();
    this.s.missingBytes = this.streams[0].missing + this.streams[1].missing;
    this.s.desyncs = this.memcached?.desyncs ?? 0;
    if (this.detected) this.s.protocol = this.detected;
  }
}
