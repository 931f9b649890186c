// Chrome / Perfetto trace (JSON trace event format, object form) of a notebook's results:
// - every request a result gives is one nestable async slice (ph b/e, one id per request) with
//   its stages as nested children: async, because requests overlap and overlapping X events on
//   one thread land on overflow tracks. A simulation gives every request when a re-run kept them
//   (`everyRequest`, see src/runner/samples-again.ts), else the slowest it stores; a probe gives
//   its stalls only (its stored result has no send time or stages for the other requests, and a
//   re-run would measure other requests). Which requests are in is said per cell (`notes`, and
//   the file's otherData.requests);
// - a simulation's vCPU run/wait intervals (as stored in its timeline chart) are X events, one
//   thread per vCPU (guest, dom0, neighbours), and the guest-capture / app-read instants ph i;
// - a probe's client pauses are X events on their own thread, its host signals counters (ph C);
// - one process per cell, named, with its timestamps rebased to 0 and in µs.
// Results are recognised by their shape, not by cell kind. The text is written event by event
// with template strings (no object per event): 1,000,000 events stay within a few seconds. The
// text comes in chunks: the founding case's every request is more than one string can hold.
import type { NotebookFile } from '../format';
import { INSTANTS, STAGES as SIM_STAGES } from '../sim/xen/run-types';
import { STAGES as PROBE_STAGES } from '../probe/record';
import { t } from '../l10n';
import { isRows, simRequestRows, type Row } from './csv-export';
import { cellOutputs, codeCells, withRegenerated, type Regenerated } from './notebook-outputs';

const TID_REQUESTS = 1;
const TID_PAUSES = 2;
const TID_VCPU0 = 10;
const INSTANT_NAMES: Partial<Record<(typeof INSTANTS)[number], string>> = { guestCapture: 'guest capture', appRead: 'app read' };


/**
 * Where the producers below put their events (ts in µs on the result's own clock). They run
 * twice per result: once to find the earliest timestamp (the rebase), once to write, so no
 * object is made per event.
 */
interface Sink {
  ev(ph: 'b' | 'e' | 'X' | 'i' | 'C', ts: number, name: string, tid: number, id?: number, dur?: number, args?: string): void;
}

export interface TraceExport {
  /** The file's text, in order (join them, or write them one after another). */
  chunks: string[];
  events: number;
  /** Per cell id with request slices (or none where some were expected): which requests are in. */
  notes: [string, string][];
}

/** The whole text of a trace (for one that fits in a string). */
export function traceText(trace: TraceExport): string {
  return trace.chunks.join('');
}

/** `regenerated`: what re-runs gave back by cell id (every request of a simulation). */
export function exportTrace(notebook: NotebookFile, regenerated: ReadonlyMap<string, Regenerated> = new Map()): TraceExport {
  const parts: string[] = [];
  let lines: string[] = [];
  let events = 0;
  const push = (line: string) => {
    lines.push(line);
    events++;
    // Joined in blocks: a million small strings in one array cost the GC more than the join.
    if (lines.length === 8192) {
      parts.push(lines.join(',\n'));
      lines = [];
    }
  };
  let nextId = 1;
  let pid = 0;
  const notes: [string, string][] = [];
  for (const cell of codeCells(notebook)) {
    const outputs = cellOutputs(cell);
    const stored = outputs.find((o) => o.result)?.result;
    if (!stored) continue;
    const result = withRegenerated(stored, regenerated.get(cell.id));
    const note = requestsNote(result);
    if (note) notes.push([cell.id, note]);
    pid++;
    const specs = outputs.map((o) => o.chart?.spec).filter((s): s is Record<string, unknown> => !!s);
    const threads = new Map<number, string>();
    // Ids are global in the format (not per process): one counter for the whole file.
    const produce = (sink: Sink) => {
      let id = nextId;
      id += simRequests(result, sink, threads, id);
      id += probeStalls(result, sink, threads, id);
      simVcpus(result, specs, sink, threads);
      probePausesAndSignals(result, sink, threads);
      return id;
    };
    let t0 = Infinity;
    produce({ ev: (_ph, ts) => void (ts < t0 && (t0 = ts)) });

    const title = typeof (result.provenance as { spec?: { title?: unknown } } | undefined)?.spec?.title === 'string' ? ` ${(result.provenance as { spec: { title: string } }).spec.title}` : '';
    push(meta('process_name', pid, 0, `${cell.id} (${cell.language})${title}`));
    push(`{"ph":"M","name":"process_sort_index","pid":${pid},"tid":0,"args":{"sort_index":${pid}}}`);
    for (const [tid, name] of [...threads].sort((a, b) => a[0] - b[0])) {
      push(meta('thread_name', pid, tid, name));
      push(`{"ph":"M","name":"thread_sort_index","pid":${pid},"tid":${tid},"args":{"sort_index":${tid}}}`);
    }
    const names = new Map<string, string>();
    const q = (s: string) => names.get(s) ?? (names.set(s, JSON.stringify(s)), names.get(s)!);
    const head = `{"pid":${pid},"tid":`;
    nextId = produce({
      ev(ph, tsRaw, name, tid, id, dur, args) {
        const ts = r3(tsRaw - t0);
        let line = `${head}${tid},"ph":"${ph}","ts":${ts},"name":${q(name)}`;
        // Every request's slice and stages make ~90% of the events: a short category, and no
        // instant scope (thread scope is the default), keep them under 100 bytes on average.
        if (id !== undefined) line += `,"cat":"req","id":"0x${id.toString(16)}"`;
        // From the rounded end, so that back-to-back intervals stay back to back, never overlapping.
        if (dur !== undefined) line += `,"dur":${r3(r3(tsRaw + dur - t0) - ts)}`;
        if (args !== undefined) line += `,"args":${args}`;
        push(line + '}');
      },
    });
  }
  if (lines.length) parts.push(lines.join(',\n'));
  const said = JSON.stringify(Object.fromEntries(notes));
  const chunks = [`{"displayTimeUnit":"ms","otherData":{"generator":"xenlat","requests":${said}},"traceEvents":[\n`, ...parts.flatMap((p, i) => (i ? [',\n', p] : [p])), '\n]}\n'];
  return { chunks, events, notes };
}

/** Which of a result's requests the trace holds, in a sentence; undefined for a result without requests. */
function requestsNote(result: Row): string | undefined {
  const total = num((result.summary as { count?: unknown } | undefined)?.count);
  const sim = simRequestRows(result);
  if (sim) {
    if (sim === result.everyRequest) return t('every request ({0})', sim.length.toLocaleString('en-US'));
    return t('the {0} slowest of {1} requests only: the file stores no more of them, and running the cell again did not give them', sim.length.toLocaleString('en-US'), (total ?? sim.length).toLocaleString('en-US'));
  }
  // A probe's stalls; with none, its client pauses say it is a probe (a capture has stalls too, and every request's timing).
  if (isRows(result.stalls) && result.stalls.every((r) => r.stagesMs && typeof r.stagesMs === 'object') && (result.stalls.length > 0 || isRows((result.clientPauses as { list?: unknown } | undefined)?.list))) {
    const threshold = num((result.summary as { stalls?: { thresholdMs?: unknown } } | undefined)?.stalls?.thresholdMs);
    return t(
      'only its {0} stalls (slower than {1} ms) of {2} requests: a probe stores every latency but not when each other request was sent nor its stages, and running it again would measure other requests',
      result.stalls.length,
      threshold ?? '?',
      (total ?? result.stalls.length).toLocaleString('en-US'),
    );
  }
  return undefined;
}

function meta(kind: 'process_name' | 'thread_name', pid: number, tid: number, name: string): string {
  return `{"ph":"M","name":"${kind}","pid":${pid},"tid":${tid},"args":{"name":${JSON.stringify(name)}}}`;
}

/** µs with ns resolution: the model resolves µs, a probe's clock about that. */
function r3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A request slice and its stages, nested: children clipped to the parent, zero-length and
 * backwards stages left out (their b/e would not order).
 */
function requestSlice(sink: Sink, id: number, name: string, startUs: number, endUs: number, stages: { name: string; from: number; to: number }[], args: string): void {
  let end = endUs;
  for (const s of stages) if (s.to > end) end = s.to;
  sink.ev('b', startUs, name, TID_REQUESTS, id, undefined, args);
  let at = startUs;
  for (const s of stages) {
    const from = Math.max(s.from, at);
    if (!(s.to > from)) continue;
    sink.ev('b', from, s.name, TID_REQUESTS, id);
    sink.ev('e', s.to, s.name, TID_REQUESTS, id);
    at = s.to;
  }
  sink.ev('e', end, name, TID_REQUESTS, id);
}

/** A simulation's requests: every one, else its slowest (µs since the run's start, instants in ms since arrival). */
function simRequests(result: Row, sink: Sink, threads: Map<number, string>, idBase: number): number {
  const rows = simRequestRows(result);
  if (!rows) return 0;
  let n = 0;
  for (const r of rows) {
    const arrive = num(r.arriveUs);
    const at = r.instantsMs as Record<string, number | undefined> | undefined;
    if (arrive === undefined || !at || typeof at !== 'object') continue;
    const abs = (k: string) => (at[k] === undefined ? undefined : arrive + at[k]! * 1000);
    const stages = SIM_STAGES.flatMap((s) => {
      const from = abs(s.from);
      const to = abs(s.to);
      return from === undefined || to === undefined ? [] : [{ name: s.id, from, to }];
    });
    const latency = num(r.latencyMs) ?? 0;
    const args = JSON.stringify({ index: r.index, latencyMs: latency, cause: r.cause, ...(r.failure ? { failure: r.failure } : {}) });
    requestSlice(sink, idBase + n, `request ${String(r.index)}`, arrive, arrive + latency * 1000, stages, args);
    for (const [instant, label] of Object.entries(INSTANT_NAMES)) {
      const t = abs(instant);
      if (t !== undefined) sink.ev('i', t, label!, TID_REQUESTS, undefined, undefined, `{"request":${Number(r.index)}}`);
    }
    n++;
  }
  if (n) threads.set(TID_REQUESTS, 'requests: guest capture and app read');
  return n;
}

/** A probe's stalls: intended send (ms since the first send) and each stage's duration in order. */
function probeStalls(result: Row, sink: Sink, threads: Map<number, string>, idBase: number): number {
  const rows = result.stalls;
  if (!isRows(rows) || !rows.every((r) => r.stagesMs && typeof r.stagesMs === 'object')) return 0;
  let n = 0;
  for (const r of rows) {
    const t = num(r.tMs);
    if (t === undefined) continue;
    const start = t * 1000;
    const st = r.stagesMs as Record<string, number | undefined>;
    let at = start;
    const stages: { name: string; from: number; to: number }[] = [];
    for (const s of PROBE_STAGES) {
      const d = num(st[s]);
      if (d === undefined || d <= 0) continue;
      stages.push({ name: s, from: at, to: at + d * 1000 });
      at += d * 1000;
    }
    const latency = num(r.latencyMs) ?? 0;
    const args = JSON.stringify({ seq: r.seq, conn: r.conn, latencyMs: latency, cause: r.cause, stage: r.stage, ...(r.signature ? { signature: r.signature } : {}) });
    requestSlice(sink, idBase + n, `request ${String(r.seq)}`, start, start + latency * 1000, stages, args);
    n++;
  }
  if (n) threads.set(TID_REQUESTS, 'requests');
  return n;
}

/**
 * vCPU intervals as the timeline chart stores them: rows {win, vcpu, state, pcpu, from, to} in ms
 * since the origin of window `win`, which is a shown request's arrival less its `t0` (both in the
 * chart's `requests` dataset); files written before windows were shared hold rows {req, ...} in
 * ms since request `req` arrived. Windows of nearby requests overlap in the older rows, so each
 * vCPU's intervals are made disjoint (X events on one thread must nest, and a repeat would be
 * drawn twice).
 */
function simVcpus(result: Row, specs: Record<string, unknown>[], sink: Sink, threads: Map<number, string>): void {
  if (!isRows(result.slowest)) return;
  const arrive = new Map<number, number>();
  for (const r of result.slowest) if (typeof r.index === 'number' && typeof r.arriveUs === 'number') arrive.set(r.index, r.arriveUs);
  const byVcpu = new Map<string, { state: string; pcpu: unknown; from: number; to: number }[]>();
  for (const spec of specs) {
    const origin = windowOrigins(spec, arrive);
    for (const v of dataArrays(spec).flat()) {
      if (typeof v.vcpu !== 'string' || typeof v.state !== 'string' || typeof v.from !== 'number' || typeof v.to !== 'number') continue;
      const base = 'win' in v ? origin.get(v.win as number) : arrive.get(v.req as number);
      if (base === undefined) continue;
      const list = byVcpu.get(v.vcpu) ?? [];
      list.push({ state: v.state, pcpu: v.pcpu, from: base + v.from * 1000, to: base + v.to * 1000 });
      byVcpu.set(v.vcpu, list);
    }
  }
  const order = [...byVcpu.keys()].sort((a, b) => group(a) - group(b) || a.localeCompare(b, 'en', { numeric: true }));
  order.forEach((vcpu, k) => {
    const tid = TID_VCPU0 + k;
    threads.set(tid, `vCPU ${vcpu}`);
    const list = byVcpu.get(vcpu)!.sort((a, b) => a.from - b.from || a.to - b.to);
    let end = -Infinity;
    for (const iv of list) {
      const from = Math.max(iv.from, end);
      if (!(iv.to > from)) continue;
      sink.ev('X', from, iv.state === 'run' ? `run on pCPU ${String(iv.pcpu)}` : iv.state, tid, undefined, iv.to - from);
      end = iv.to;
    }
  });
}

/** Where each window of a timeline's vCPU rows starts, in µs on the result's clock. */
function windowOrigins(spec: Row, arrive: Map<number, number>): Map<number, number> {
  const origin = new Map<number, number>();
  const requests = (spec.datasets as Row | undefined)?.requests;
  if (!isRows(requests)) return origin;
  for (const r of requests) {
    const at = arrive.get(r.req as number);
    if (typeof r.win === 'number' && typeof r.t0 === 'number' && at !== undefined && !origin.has(r.win)) origin.set(r.win, at - r.t0 * 1000);
  }
  return origin;
}

/** guest.*, dom0.*, then neighbours: the story reads top-down (as in the timeline chart). */
function group(name: string): number {
  return name.startsWith('guest') ? 0 : name.startsWith('dom0') ? 1 : 2;
}

/** Every `data.values` array of row objects inside a (layered/concatenated) Vega-Lite spec. */
function dataArrays(spec: unknown): Row[][] {
  const out: Row[][] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const o = node as Row;
    const values = (o.data as { values?: unknown } | undefined)?.values;
    if (isRows(values)) out.push(values);
    for (const key of ['layer', 'vconcat', 'hconcat', 'concat', 'spec']) if (key in o) walk(o[key]);
  };
  walk(spec);
  return out;
}

/** A probe's client pauses (X on their own thread) and host signals (one counter per series). */
function probePausesAndSignals(result: Row, sink: Sink, threads: Map<number, string>): void {
  const pauses = (result.clientPauses as { list?: unknown } | undefined)?.list;
  if (isRows(pauses) && pauses.length) {
    threads.set(TID_PAUSES, 'client pauses (event loop, GC)');
    let end = -Infinity;
    for (const p of [...pauses].sort((a, b) => (a.startMs as number) - (b.startMs as number))) {
      const start = num(p.startMs);
      const dur = num(p.durationMs);
      if (start === undefined || dur === undefined) continue;
      const from = Math.max(start * 1000, end);
      const to = start * 1000 + dur * 1000;
      if (!(to > from)) continue;
      sink.ev('X', from, `${String(p.kind)}${p.detail ? ` (${String(p.detail)})` : ''}`, TID_PAUSES, undefined, to - from);
      end = to;
    }
  }
  const series = (result.hostSignals as { series?: unknown } | undefined)?.series;
  if (!isRows(series)) return;
  for (const s of series) {
    if (!Array.isArray(s.points) || typeof s.name !== 'string') continue;
    const unit = typeof s.unit === 'string' && /^[A-Za-z0-9_]+$/.test(s.unit) ? s.unit : 'value';
    for (const p of s.points as unknown[]) {
      if (!Array.isArray(p) || num(p[0]) === undefined || num(p[1]) === undefined) continue;
      sink.ev('C', p[0] * 1000, s.name, 0, undefined, undefined, `{"${unit}":${p[1]}}`);
    }
  }
}
