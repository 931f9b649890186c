// The capture analysis as one streaming pass: frames -> TCP segments -> connections ->
// request rows (handed out as they complete) and per-connection TCP summaries.
import { decodeFrame, endpointText, newSegment, type TcpSegment } from './decode';
import { Connection, type CaptureProtocol, type ConnectionSummary } from './connection';
import { AutoReader } from './open-reader';
import type { CaptureFormat, InterfaceDrops, RawPacket } from './packet';
import type { RequestRow } from './pairing';
import type { SegmentVerdict } from './tcp-seq-analysis';

export interface AnalyzeOptions {
  protocol: CaptureProtocol;
  /** "host:port" of the service; when absent, the SYN's target (or port 11211, or the lower port). */
  server?: string;
  /** Each request as it completes (the caller decides what to keep). */
  onRequest?(row: RequestRow): void;
  /**
   * Every TCP segment with its frame number (1-based, like Wireshark) and verdict: for tests and
   * time-sequence graphs. The info, segment and verdict objects are reused: copy what you keep.
   */
  onSegment?(info: SegmentInfo): void;
}

export interface SegmentInfo {
  frame: number;
  t: number;
  conn: number;
  fromClient: boolean;
  seg: TcpSegment;
  verdict: SegmentVerdict;
}

export interface CaptureSummary {
  format: CaptureFormat;
  packets: number;
  tcpSegments: number;
  /** Epoch ms of the first packet: every `*Ms` time in the analysis counts from it. */
  startEpochMs: number;
  durationMs: number;
  linkTypes: number[];
  skipped: Record<string, number>;
  drops: InterfaceDrops[];
  warnings: string[];
  connections: ConnectionSummary[];
}

// Local copies of the TCP flags: this is the per-packet path.
const SYN = 0x02;
const ACK = 0x10;

/** Streaming analyzer: push file chunks, then finish(). */
export class CaptureAnalyzer {
  private reader: AutoReader;
  private conns = new Map<string, Connection | null>();
  private all: Connection[] = [];
  private sec0 = -1;
  private nsec0 = 0;
  private lastT = 0;
  private frames = 0;
  private segments = 0;
  private linkTypes = new Set<number>();
  private skipped: Record<string, number> = {};
  private warnings: string[] = [];
  private serverKey: string | undefined;
  private seg = newSegment();
  private info: SegmentInfo = { frame: 0, t: 0, conn: 0, fromClient: false, seg: this.seg, verdict: { flags: 0 } };
  /** IPv4 connections by their two endpoints as numbers (ip * 65536 + port): no string per packet. */
  private byNumber = new Map<number, Map<number, Connection | null>>();

  constructor(private opts: AnalyzeOptions) {
    this.reader = new AutoReader({ packet: (p) => this.packet(p), warning: (m) => this.warnings.push(m) });
    if (opts.server) this.serverKey = normalizeEndpoint(opts.server);
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  private packet(p: RawPacket): void {
    this.frames++;
    if (this.sec0 < 0) {
      this.sec0 = p.sec;
      this.nsec0 = p.nsec;
    }
    // Relative time from exact integer parts: epoch nanoseconds do not fit a double.
    const t = (p.sec - this.sec0) * 1000 + (p.nsec - this.nsec0) / 1e6;
    this.lastT = Math.max(this.lastT, t);
    this.linkTypes.add(p.linkType);
    const seg = decodeFrame(p.linkType, p.data, this.seg);
    if (typeof seg === 'string') {
      this.skipped[seg] = (this.skipped[seg] ?? 0) + 1;
      return;
    }
    this.segments++;
    const synOnly = (seg.flags & (SYN | ACK)) === SYN;
    // null: a 4-tuple already found to be another service's (remembered, so it costs no strings again).
    let c: Connection | null | undefined;
    let numA = 0;
    let numB = 0;
    let key = '';
    if (typeof seg.src === 'number' && typeof seg.dst === 'number') {
      numA = seg.src * 65536 + seg.sport;
      numB = seg.dst * 65536 + seg.dport;
      c = numA < numB ? this.byNumber.get(numA)?.get(numB) : this.byNumber.get(numB)?.get(numA);
    } else {
      const ta = endpointText(seg.src, seg.sport);
      const tb = endpointText(seg.dst, seg.dport);
      key = ta < tb ? `${ta}|${tb}` : `${tb}|${ta}`;
      c = this.conns.get(key);
    }
    if (c === null) {
      this.skipped['other-service'] = (this.skipped['other-service'] ?? 0) + 1;
      return;
    }
    // A new SYN on a closed 4-tuple is a new connection (port reuse).
    if (c && synOnly && c.s.closedBy && c.dirs[0].hasNext) c = undefined;
    if (!c) {
      const a = endpointText(seg.src, seg.sport);
      const b = endpointText(seg.dst, seg.dport);
      const clientIsA = this.clientIsSource(seg, a, b, synOnly);
      if (clientIsA === undefined) {
        this.skipped['other-service'] = (this.skipped['other-service'] ?? 0) + 1;
        this.remember(key, numA, numB, null);
        return;
      }
      c = new Connection(this.all.length, clientIsA ? a : b, clientIsA ? b : a, this.opts.protocol, (r) => this.opts.onRequest?.(r), t);
      c.clientNum = clientIsA ? numA : numB;
      this.remember(key, numA, numB, c);
      this.all.push(c);
    }
    const fromClient = key ? c.clientAddr === endpointText(seg.src, seg.sport) : c.clientNum === numA;
    const verdict = c.segment(seg, fromClient, t);
    const on = this.opts.onSegment;
    if (on) {
      // One info object for the whole pass: no allocation per packet.
      const info = this.info;
      info.frame = this.frames;
      info.t = t;
      info.conn = c.s.id;
      info.fromClient = fromClient;
      info.seg = seg;
      info.verdict = verdict;
      on(info);
    }
  }

  private remember(key: string, numA: number, numB: number, c: Connection | null): void {
    if (key) {
      this.conns.set(key, c);
      return;
    }
    const [lo, hi] = numA < numB ? [numA, numB] : [numB, numA];
    let inner = this.byNumber.get(lo);
    if (!inner) this.byNumber.set(lo, (inner = new Map()));
    inner.set(hi, c);
  }

  /** true: the source is the client; undefined: the connection is not to the chosen server. */
  private clientIsSource(seg: TcpSegment, a: string, b: string, synOnly: boolean): boolean | undefined {
    if (this.serverKey) {
      if (b === this.serverKey || matchesAnyHost(b, this.serverKey)) return true;
      if (a === this.serverKey || matchesAnyHost(a, this.serverKey)) return false;
      return undefined;
    }
    if (synOnly) return true;
    if ((seg.flags & (SYN | ACK)) === (SYN | ACK)) return false;
    if (seg.dport === 11211) return true;
    if (seg.sport === 11211) return false;
    return seg.dport < seg.sport;
  }

  finish(): CaptureSummary {
    this.reader.end();
    for (const c of this.all) c.finish(this.lastT);
    const first = this.sec0 < 0 ? 0 : this.sec0 * 1000 + this.nsec0 / 1e6;
    return {
      format: this.reader.format,
      packets: this.frames,
      tcpSegments: this.segments,
      startEpochMs: first,
      durationMs: this.lastT,
      linkTypes: [...this.linkTypes],
      skipped: this.skipped,
      drops: this.reader.drops(),
      warnings: this.warnings,
      connections: this.all.map((c) => c.s),
    };
  }
}

/** "host:port" with IPv6 in brackets, as connection keys spell endpoints; `localhost` is 127.0.0.1. */
export function normalizeEndpoint(s: string): string {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(s.trim());
  if (!m) return s.trim();
  let host = m[1] === 'localhost' ? '127.0.0.1' : m[1].toLowerCase();
  if (host.includes(':')) host = `[${host}]`;
  return `${host}:${m[2]}`;
}

/** `*:11211` or `:11211` (port only) matches any host. */
function matchesAnyHost(endpoint: string, server: string): boolean {
  if (!server.startsWith('*:') && !server.startsWith(':')) return false;
  return endpoint.endsWith(server.slice(server.indexOf(':')));
}
