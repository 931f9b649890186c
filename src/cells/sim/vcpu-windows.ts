import type { VcpuInterval } from '../../sim/xen/run-types';
import { roundMs, type SlowRequest } from './requests';

/** Approximate plot width in px: intervals narrower than one pixel are merged. */
const PLOT_PX = 600;

/** Where a shown request sits among the stored vCPU rows: window `win`, arriving `t0` ms after its start. */
export interface WindowPlace {
  win: number;
  t0: number;
}

export interface VcpuWindows {
  /** `{win, vcpu, state, pcpu, from, to}`: ms since the window's origin (its earliest arrival). */
  rows: Record<string, unknown>[];
  /** Per shown request (by index): its window and its arrival in that window. */
  place: Map<number, WindowPlace>;
  /**
   * Per shown request (by index): where its own window has vCPU rows, in ms since its arrival
   * (the chart's x domain covers these, as it covered each request's rows when they were stored
   * per request).
   */
  extent: Map<number, [number, number]>;
}

interface Segment {
  vcpu: string;
  state: 'run' | 'wait';
  pcpu: number;
  from: number;
  to: number;
}

/**
 * The vCPU schedule around the shown requests. Each request's window is its span plus 10% on
 * each side; overlapping windows are joined and the schedule of a joined window is stored once.
 * The slowest requests of a run come in bursts (one stall holds up every request queued behind
 * it: in the founding case 18 of the 20 slowest arrived together), and stored per request the
 * same schedule was repeated up to 20 times: 43 of a 50,000-request cell's 157 KB. The chart
 * shifts a window's rows by the picked request's arrival (`t0`), so each request still sees the
 * schedule in ms since its own arrival.
 *
 * Rows are clipped to the window and merged where neighbouring same-state intervals are closer
 * than about a pixel at the zoom of the window's longest request; when a window still holds
 * more rows than its share of `maxRows` (one request's share for each request-length of its
 * span), the merge resolution doubles until it fits, so the size is bounded whatever the
 * scheduler did.
 */
export function vcpuWindows(requests: readonly SlowRequest[], intervals: readonly VcpuInterval[], maxRows: number): VcpuWindows {
  const out: VcpuWindows = { rows: [], place: new Map(), extent: new Map() };
  if (requests.length === 0 || intervals.length === 0) return out;
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  // Intervals are sorted by start; a window's candidates begin at most `longest` before it.
  let longest = 0;
  for (const iv of sorted) longest = Math.max(longest, iv.end - iv.start);
  const budget = Math.max(8, Math.floor(maxRows / requests.length));

  const own = requests.map((r) => {
    const spanUs = Math.max(r.latencyMs * 1000, 100);
    const padUs = Math.max(spanUs * 0.1, 200);
    return { r, lo: r.arriveUs - padUs, hi: r.arriveUs + spanUs + padUs };
  });
  own.sort((a, b) => a.lo - b.lo || a.r.index - b.r.index);
  const joined: (typeof own)[] = [];
  for (const w of own) {
    const last = joined[joined.length - 1];
    if (last && w.lo < Math.max(...last.map((m) => m.hi))) last.push(w);
    else joined.push([w]);
  }

  let win = 0;
  for (const members of joined) {
    const lo = members[0]!.lo;
    const hi = Math.max(...members.map((m) => m.hi));
    const widest = Math.max(...members.map((m) => m.hi - m.lo));
    const first = lowerBoundStart(sorted, lo - longest);
    const clipped: Segment[] = [];
    for (let i = first; i < sorted.length && sorted[i]!.start < hi; i++) {
      const iv = sorted[i]!;
      if (iv.end <= lo) continue;
      const from = Math.max(iv.start, lo);
      const to = Math.min(iv.end, hi);
      if (to > from) clipped.push({ vcpu: iv.vcpu, state: iv.state, pcpu: iv.pcpu, from, to });
    }
    if (clipped.length === 0) continue;
    const share = budget * Math.min(members.length, Math.ceil((hi - lo) / widest));
    let resolution = widest / PLOT_PX;
    let merged = mergeSegments(clipped, resolution);
    // Bounded: once the resolution exceeds the window, each vCPU is one segment.
    while (merged.length > share && resolution < hi - lo) {
      resolution *= 2;
      merged = mergeSegments(clipped, resolution);
    }
    const origin = Math.min(...members.map((m) => m.r.arriveUs));
    const first0 = Math.min(...merged.map((s) => s.from));
    const last0 = Math.max(...merged.map((s) => s.to));
    for (const m of members) {
      out.place.set(m.r.index, { win, t0: roundMs((m.r.arriveUs - origin) / 1000) });
      const lo = Math.max(first0, m.lo);
      const hi = Math.min(last0, m.hi);
      if (hi > lo) out.extent.set(m.r.index, [roundMs((lo - m.r.arriveUs) / 1000), roundMs((hi - m.r.arriveUs) / 1000)]);
    }
    for (const s of merged) {
      out.rows.push({ win, vcpu: s.vcpu, state: s.state, pcpu: s.pcpu, from: roundMs((s.from - origin) / 1000), to: roundMs((s.to - origin) / 1000) });
    }
    win++;
  }
  return out;
}

function lowerBoundStart(sorted: readonly VcpuInterval[], t: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (sorted[m]!.start < t) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Per vCPU: same-state segments separated by less than `resolution` become one; segments
 * shorter than `resolution` that sit between two of the other state are absorbed into the
 * previous one (they would be sub-pixel slivers). The pCPU of a merged segment is its first.
 */
function mergeSegments(segments: readonly Segment[], resolution: number): Segment[] {
  const byVcpu = new Map<string, Segment[]>();
  for (const s of segments) {
    const list = byVcpu.get(s.vcpu) ?? [];
    list.push(s);
    byVcpu.set(s.vcpu, list);
  }
  const out: Segment[] = [];
  for (const list of byVcpu.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur: Segment | undefined;
    for (const s of list) {
      if (cur && s.from - cur.to <= resolution && (s.state === cur.state || s.to - s.from < resolution)) {
        cur.to = Math.max(cur.to, s.to);
        continue;
      }
      if (cur) out.push(cur);
      cur = { ...s };
    }
    if (cur) out.push(cur);
  }
  return out;
}
