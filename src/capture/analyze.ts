// The capture analysis as one streaming pass: frames -> TCP segments -> connections ->
// request rows (handed out as they complete) and per-connection TCP summaries.
import { decodeFrame, TH_ACK, TH_SYN, type TcpSegment } from './decode';
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
  /** Every TCP segment with its frame number (1-based, like Wireshark) and verdict: for tests and time-sequence graphs. */
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

/** Streaming analyzer: push file chunks, then finish(). */
export class CaptureAnalyzer {
  private reader: AutoReader;
  private conns = new Map<string, Connection>();
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
    const seg = decodeFrame(p.linkType, p.data);
    if (typeof seg === 'string') {
      this.skipped[seg] = (this.skipped[seg] ?? 0) + 1;
      return;
    }
    this.segments++;
    const a = `${seg.src.includes(':') ? `[${seg.src}]` : seg.src}:${seg.sport}`;
    const b = `${seg.dst.includes(':') ? `[${seg.dst}]` : seg.dst}:${seg.dport}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let c = this.conns.get(key);
    const synOnly = (seg.flags & (TH_SYN | TH_ACK)) === TH_SYN;
    // A new SYN on a closed 4-tuple is a new connection (port reuse).
    if (c && synOnly && c.s.closedBy && c.dirs[0].hasNext) c = undefined;
    if (!c) {
      const clientIsA = this.clientIsSource(seg, a, b, synOnly);
      if (clientIsA === undefined) {
        this.skipped['other-service'] = (this.skipped['other-service'] ?? 0) + 1;
        return;
      }
      c = new Connection(this.all.length, clientIsA ? a : b, clientIsA ? b : a, this.opts.protocol, (r) => this.opts.onRequest?.(r), t);
      this.conns.set(key, c);
      this.all.push(c);
    }
    const fromClient = c.clientAddr === a;
    const verdict = c.segment(seg, fromClient, t);
    this.opts.onSegment?.({ frame: this.frames, t, conn: c.s.id, fromClient, seg, verdict });
  }

  /** true: the source is the client; undefined: the connection is not to the chosen server. */
  private clientIsSource(seg: TcpSegment, a: string, b: string, synOnly: boolean): boolean | undefined {
    if (this.serverKey) {
      if (b === this.serverKey || matchesAnyHost(b, this.serverKey)) return true;
      if (a === this.serverKey || matchesAnyHost(a, this.serverKey)) return false;
      return undefined;
    }
    if (synOnly) return true;
    if ((seg.flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) return false;
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
