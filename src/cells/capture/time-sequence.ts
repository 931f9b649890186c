// The time-sequence graph of the chosen stall, gathered during the one streaming pass (a second
// pass over a 1 GB capture cost as much as the first). Each connection keeps a ring of its
// latest segments as compact records; when a request completes that could be the chosen one
// (the n-th slowest stall so far, or the slowest request while nothing stalled), the part of
// its connection's ring inside the graph's window is copied out, and the segments that follow
// are added until the window closes. Memory: at most RING_MAX records per connection and
// RING_BUDGET over all, plus the windows of at most `stall` candidates (WINDOW_MAX records
// each, WINDOWS_BUDGET over all).
import type { RequestRow, SegmentInfo } from '../../capture';
import { A_FAST_RETRANSMISSION, A_RETRANSMISSION, A_SPURIOUS_RETRANSMISSION } from '../../capture/tcp-seq-analysis';
import type { SeqPoint } from './charts';
import { MAX_STALLS } from './result';
import { FROM_CLIENT, HAS_ACK, RETRANSMITTED, SegmentRecords } from './segment-records';

/** Segments remembered per connection: what a stall's window can reach back to. */
export const RING_MAX = 8192;
/** Segments remembered over all connections (a capture of many thousand connections). */
export const RING_BUDGET = 1 << 20;
/** Segments kept per candidate window (what the ring held, then what followed), and over all candidates. */
const WINDOW_MAX = 2 * RING_MAX;
const WINDOWS_BUDGET = 1 << 20;
const RING_START = 16;
const RETRANS = A_RETRANSMISSION | A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION;
/** The windows are gathered this much wider and cut exactly at the end. */
const SLACK_MS = 1e-3;

/** A little either side of the request: enough to see what led in and out, not the neighbours. */
export function graphWindow(row: RequestRow): { from: number; to: number } {
  const end = row.resLastMs ?? row.reqLastMs;
  const pad = Math.max(0.5, 0.02 * (end - row.reqFirstMs));
  return { from: row.reqFirstMs - pad, to: end + pad };
}

interface Candidate {
  row: RequestRow;
  to: number;
  recs: SegmentRecords;
  /** The window's start was older than the connection's ring reached. */
  cut: boolean;
}

export interface TimeSequence {
  row: RequestRow;
  points: SeqPoint[];
  /** The earliest segments of the window were no longer remembered. */
  cut: boolean;
}

export class TimeSequenceTracker {
  private rings: (SegmentRecords | undefined)[] = [];
  private ringRecords = 0;
  /** The slowest stalls so far, slowest first (at most `keep`). */
  private stalls: Candidate[] = [];
  /** The slowest request among the first rows kept, while no request stalled. */
  private fallback: Candidate | undefined;
  /** Candidates whose window is still open, by connection. */
  private open: (Candidate[] | undefined)[] = [];
  private readonly keep: number;
  private readonly windowMax: number;

  /** `stall`: which stall the graph shows (1 = the slowest); beyond MAX_STALLS, the last kept. */
  constructor(private thresholdMs: number, stall: number) {
    this.keep = Math.max(1, Math.min(stall, MAX_STALLS));
    this.windowMax = Math.max(256, Math.min(WINDOW_MAX, Math.floor(WINDOWS_BUDGET / this.keep)));
  }

  segment = (s: SegmentInfo): void => {
    const conn = s.conn;
    const bits = (s.fromClient ? FROM_CLIENT : 0) | (s.verdict.flags & RETRANS ? RETRANSMITTED : 0) | (s.seg.flags & 0x10 ? HAS_ACK : 0);
    const seq = s.seg.seq;
    const len = s.seg.len;
    const ack = s.seg.ack;
    const open = this.open[conn];
    if (open) {
      for (const c of open) if (s.t <= c.to) c.recs.push(s.t, seq, len, ack, bits);
      if (open.every((c) => s.t > c.to)) this.open[conn] = undefined;
    }
    let ring = this.rings[conn];
    if (!ring) {
      if (this.ringRecords + RING_START > RING_BUDGET) return;
      ring = this.rings[conn] = new SegmentRecords(RING_START, true);
      this.ringRecords += RING_START;
    }
    const cap = ring.capacity;
    if (ring.size === cap && cap < RING_MAX && this.ringRecords + cap <= RING_BUDGET) {
      ring.grow(cap * 2);
      this.ringRecords += cap;
    }
    ring.push(s.t, seq, len, ack, bits);
  };

  /** A completed request; `keptAsRow`: it is among the rows the result keeps (not a stall). */
  request(row: RequestRow, keptAsRow: boolean): void {
    const w = row.wireMs;
    if (w === undefined) return;
    if (w > this.thresholdMs) {
      const list = this.stalls;
      if (list.length === this.keep && !(w > list[list.length - 1].row.wireMs!)) return;
      // After the equally slow ones: ties go to the request that completed first.
      let at = list.length;
      while (at > 0 && list[at - 1].row.wireMs! < w) at--;
      list.splice(at, 0, this.candidate(row));
      if (list.length > this.keep) this.drop(list.pop()!);
      if (this.fallback) this.drop(this.fallback);
      this.fallback = undefined;
      return;
    }
    if (!keptAsRow || this.stalls.length > 0) return;
    const f = this.fallback;
    // As the result's rows order them: slowest (to the nanosecond) first, then the earliest.
    if (f && !(ns(w) > ns(f.row.wireMs!) || (ns(w) === ns(f.row.wireMs!) && row.reqFirstMs < f.row.reqFirstMs))) return;
    if (f) this.drop(f);
    this.fallback = this.candidate(row);
  }

  /** The graph of the chosen request: the `stall`-th slowest stall, or the slowest request. */
  finish(): TimeSequence | undefined {
    const c = this.stalls.length ? this.stalls[Math.min(this.keep, this.stalls.length) - 1] : this.fallback;
    if (!c) return undefined;
    return { row: c.row, points: points(c), cut: c.cut || c.recs.lost > 0 };
  }

  private candidate(row: RequestRow): Candidate {
    const { from, to } = graphWindow(row);
    const ring = this.rings[row.conn];
    const need = ring ? countSince(ring, from - SLACK_MS) : 0;
    const recs = new SegmentRecords(Math.min(need + 64, this.windowMax), false, this.windowMax);
    // Without a ring (over budget) the window's past is unknown: say it is cut.
    const cut = ring ? ring.copySince(from - SLACK_MS, recs) : true;
    const c: Candidate = { row, to: to + SLACK_MS, recs, cut };
    (this.open[row.conn] ??= []).push(c);
    return c;
  }

  private drop(c: Candidate): void {
    const open = this.open[c.row.conn];
    if (!open) return;
    const i = open.indexOf(c);
    if (i >= 0) open.splice(i, 1);
    if (open.length === 0) this.open[c.row.conn] = undefined;
  }
}

const ns = (v: number) => Math.round(v * 1e6) / 1e6;

function countSince(r: SegmentRecords, from: number): number {
  let n = 0;
  for (let i = r.size - 1; i >= 0 && r.t[r.slot(i)] >= from; i--) n++;
  return n;
}

/** The records inside the exact window, as graph points (sequence numbers relative to the window's first). */
function points(c: Candidate): SeqPoint[] {
  const { from, to } = graphWindow(c.row);
  const r = c.recs;
  const out: SeqPoint[] = [];
  let reqBase: number | undefined;
  let resBase: number | undefined;
  const rel = (seq: number, base: number) => (seq - base) | 0;
  for (let i = 0; i < r.size; i++) {
    const j = r.slot(i);
    const t = r.t[j];
    if (t < from || t > to) continue;
    const fromClient = (r.bits[j] & FROM_CLIENT) !== 0;
    const len = r.len[j];
    if (len > 0) {
      if (fromClient) reqBase ??= r.seq[j];
      else resBase ??= r.seq[j];
      const base = fromClient ? reqBase! : resBase!;
      const series = r.bits[j] & RETRANSMITTED ? 'retransmission' : fromClient ? 'request data' : 'response data';
      out.push({ tMs: t, seq: rel((r.seq[j] + len) >>> 0, base), series });
    }
    if (fromClient && resBase !== undefined && r.bits[j] & HAS_ACK) out.push({ tMs: t, seq: rel(r.ack[j], resBase), series: 'ACK of the response' });
  }
  return out;
}
