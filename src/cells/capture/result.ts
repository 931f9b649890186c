// The capture analysis folded into the common result: wire latency summary, compact request
// rows (every stall, and the first ones), connections with their TCP analysis, stalls with
// their TCP context.
import { stallContext, type CaptureSide, type CaptureSummary, type ConnectionSummary, type RequestRow, type TcpEvent } from '../../capture';
import { sortedCopy } from '../../stats/sorted';
import { summarizeSorted } from '../../stats/summarize';
import { percentileOfSorted } from '../../stats/percentiles';
import type { CellResult, ResultSummary } from '../types';
import type { CaptureSpec } from './schema';

/** Rows kept in the result besides the stalls (a big capture has millions). */
export const MAX_ROWS = 5000;
export const MAX_STALLS = 1000;
export const MAX_EVENTS_PER_CONNECTION = 200;

export interface CaptureStall {
  conn: number;
  index: number;
  op: string;
  keyHash?: string;
  atMs: number;
  wireMs: number;
  serverMs?: number;
  where: string;
  context: string[];
}

export interface ConnectionResult extends Omit<ConnectionSummary, 'ackDelaysMs' | 'events'> {
  ackDelays: { by: 'server' | 'client'; count: number; p50Ms?: number; p99Ms?: number; maxMs?: number }[];
  events: TcpEvent[];
  eventsDropped: number;
}

export interface CaptureResult extends CellResult {
  kind: 'xenlat-capture';
  summary: ResultSummary;
  /** Wire latency (ms) of every answered request, in completion order. */
  samples: Float64Array;
  capture: {
    file: string;
    format: string;
    side: CaptureSide;
    protocol: string;
    server?: string;
    packets: number;
    tcpSegments: number;
    startTime: string;
    durationMs: number;
    linkTypes: number[];
    drops: CaptureSummary['drops'];
    skipped: Record<string, number>;
    warnings: string[];
  };
  requests: { total: number; answered: number; quiet: number; unanswered: number; rows: RequestRow[]; rowsDropped: number };
  connections: ConnectionResult[];
  stalls: CaptureStall[];
  tcp: { retransmissions: number; fastRetransmissions: number; spuriousRetransmissions: number; dupAcks: number; zeroWindows: number; nagleHeld: number; delayedAcks: number; missingBytes: number };
}

const ns = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1e6) / 1e6);

export function compactRow(r: RequestRow): RequestRow {
  const out: RequestRow = { ...r, reqFirstMs: ns(r.reqFirstMs)!, reqLastMs: ns(r.reqLastMs)! };
  for (const k of ['resFirstMs', 'resLastMs', 'wireMs', 'serverMs'] as const) {
    if (out[k] === undefined) delete out[k];
    else out[k] = ns(out[k]);
  }
  if (out.keyHash === undefined) delete out.keyHash;
  if (out.status === undefined) delete out.status;
  return out;
}

/** Collects rows while the capture streams: the wire latencies all, the rows up to a cap. */
export class RowCollector {
  /** Wire latencies in a growable Float64Array: a million of them cost 8 MB, not a boxed array's churn. */
  private wireBuf = new Float64Array(1024);
  private wireLen = 0;
  rows: RequestRow[] = [];
  slow: RequestRow[] = [];
  total = 0;
  quiet = 0;
  unanswered = 0;
  constructor(private thresholdMs: number) {}

  get wire(): Float64Array {
    return this.wireBuf.subarray(0, this.wireLen);
  }

  add = (r: RequestRow): void => {
    this.total++;
    if (r.noResponse === 'quiet') this.quiet++;
    if (r.noResponse === 'unanswered') this.unanswered++;
    if (r.wireMs !== undefined) {
      if (this.wireLen === this.wireBuf.length) {
        const bigger = new Float64Array(this.wireBuf.length * 2);
        bigger.set(this.wireBuf);
        this.wireBuf = bigger;
      }
      this.wireBuf[this.wireLen++] = r.wireMs;
    }
    if (r.wireMs !== undefined && r.wireMs > this.thresholdMs) {
      this.slow.push(r);
      // A threshold below the median makes most requests stalls: keep the slowest, bounded.
      if (this.slow.length >= 10 * MAX_STALLS) this.slow = this.slow.sort((a, b) => b.wireMs! - a.wireMs!).slice(0, MAX_STALLS);
    } else if (this.rows.length < MAX_ROWS) this.rows.push(r);
  };
}

function ackDelayStats(by: 'server' | 'client', values: number[]): ConnectionResult['ackDelays'][number] {
  if (values.length === 0) return { by, count: 0 };
  const s = sortedCopy(values);
  return { by, count: s.length, p50Ms: ns(percentileOfSorted(s, 50)), p99Ms: ns(percentileOfSorted(s, 99)), maxMs: ns(s[s.length - 1]) };
}

export function connectionResult(c: ConnectionSummary): ConnectionResult {
  const { ackDelaysMs, events, ...rest } = c;
  // The events worth keeping when there are too many: the biggest first.
  const kept = events.length <= MAX_EVENTS_PER_CONNECTION ? events : [...events].sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, MAX_EVENTS_PER_CONNECTION).sort((a, b) => a.t - b.t);
  return {
    ...rest,
    firstMs: ns(rest.firstMs)!,
    lastMs: ns(rest.lastMs)!,
    connectMs: ns(rest.connectMs),
    handshakeMs: ns(rest.handshakeMs),
    ackDelays: [ackDelayStats('server', ackDelaysMs.byServer), ackDelayStats('client', ackDelaysMs.byClient)],
    events: kept.map((e) => ({ ...e, t: ns(e.t)!, ...(e.ms !== undefined ? { ms: ns(e.ms) } : {}) })),
    eventsDropped: events.length - kept.length + c.eventsNotKept,
  };
}

export function buildResult(spec: CaptureSpec, s: CaptureSummary, rows: RowCollector): CaptureResult {
  const samples = rows.wire.slice();
  const sorted = sortedCopy(samples);
  const base = summarizeSorted(sorted, spec.stallThresholdMs);
  const byId = new Map(s.connections.map((c) => [c.id, c]));
  const slow = [...rows.slow].sort((a, b) => b.wireMs! - a.wireMs!);
  const stalls: CaptureStall[] = slow.slice(0, MAX_STALLS).map((r) => {
    const ctx = stallContext(r, byId.get(r.conn), spec.side);
    return { conn: r.conn, index: r.index, op: r.op, keyHash: r.keyHash, atMs: ns(r.reqFirstMs)!, wireMs: ns(r.wireMs)!, serverMs: ns(r.serverMs), where: ctx.where, context: ctx.sentences };
  });
  const whereCounts: Record<string, number> = {};
  for (const st of stalls) whereCounts[st.where] = (whereCounts[st.where] ?? 0) + 1;
  const sum = (f: (c: ConnectionSummary) => number) => s.connections.reduce((a, c) => a + f(c), 0);
  const summary: ResultSummary = { ...base, stalls: { ...base.stalls, byWhere: whereCounts } };
  const allRows = [...rows.slow.slice(0, MAX_STALLS), ...rows.rows].sort((a, b) => a.reqFirstMs - b.reqFirstMs);
  return {
    kind: 'xenlat-capture',
    summary,
    samples,
    capture: {
      file: spec.file,
      format: s.format,
      side: spec.side,
      protocol: spec.protocol,
      ...(spec.server ? { server: spec.server } : {}),
      packets: s.packets,
      tcpSegments: s.tcpSegments,
      startTime: new Date(s.startEpochMs).toISOString(),
      durationMs: ns(s.durationMs)!,
      linkTypes: s.linkTypes,
      drops: s.drops,
      skipped: s.skipped,
      warnings: s.warnings,
    },
    requests: {
      total: rows.total,
      answered: rows.wire.length,
      quiet: rows.quiet,
      unanswered: rows.unanswered,
      rows: allRows.map(compactRow),
      rowsDropped: rows.total - allRows.length,
    },
    connections: s.connections.map(connectionResult),
    stalls,
    tcp: {
      retransmissions: sum((c) => c.retransmissions),
      fastRetransmissions: sum((c) => c.fastRetransmissions),
      spuriousRetransmissions: sum((c) => c.spuriousRetransmissions),
      dupAcks: sum((c) => c.dupAcks),
      zeroWindows: sum((c) => c.zeroWindows),
      nagleHeld: sum((c) => c.nagleHeld),
      delayedAcks: sum((c) => c.events.filter((e) => e.kind === 'delayed-ack').length),
      missingBytes: sum((c) => c.missingBytes),
    },
  };
}
