import type { ResultSummary } from '../../stats/types';
import { percentileOfSorted } from '../../stats/percentiles';
import { sortedCopy, upperBound } from '../../stats/sorted';
import { emptySummary as emptyResultSummary, summarizeSorted } from '../../stats/summarize';
import { FAULT_KINDS, FAULT_TEXT, type FaultKind } from '../../probe/faults';
import { signalsDuring, type SignalMove, type SignalSeries } from '../../probe/host-signals';
import { PauseIndex, type ClientPause } from '../../probe/pauses';
import { dominantStage, latencyOf, stageDurations, STAGES, type ProbePath, type RequestRecord, type Stage } from '../../probe/record';
import type { RecordStore } from '../../probe/record-store';
import type { ProbeRunData } from '../../probe/run';
import { t, tr } from '../../l10n';

export type StallCause = 'client' | 'queued' | 'network-or-server';

export interface ProbeSummary extends ResultSummary {
  stalls: { thresholdMs: number; count: number; client: number; queued: number; networkOrServer: number };
  /** Measured requests sent (successful + failed; warmup and cancelled excluded). */
  requests: number;
  errors: { total: number; byKind: Partial<Record<FaultKind, number>> };
}

export interface StallEntry {
  seq: number;
  conn: number;
  path: ProbePath;
  /** Intended send time, ms since the first send. */
  tMs: number;
  latencyMs: number;
  /** The stage that took longest, and every stage's duration (ms). */
  stage: Stage;
  stagesMs: Partial<Record<Stage, number>>;
  /** Actual send − intended send (ms). */
  sendLagMs: number;
  cause: StallCause;
  /** Client pause time inside the request's window (ms), and the pauses themselves. */
  clientPauseMs: number;
  pauses: { kind: ClientPause['kind']; detail?: string; startMs: number; durationMs: number }[];
  /** Requests in flight (all connections) when it was sent. */
  inflight: number;
  /** Host signals that moved during the request (a sample interval either side can count). */
  signals: SignalMove[];
  /** Known stall sizes: ~40 ms Nagle/delayed ACK, ≥200 ms TCP RTO, ~1 s SYN retransmit. */
  signature?: string;
  /** The mechanisms the moved host signals point at (steal: vCPU scheduling; retransmissions: loss/RTO; delayed ACKs: Nagle). */
  pointsAt: string[];
  neighbours: { seq: number; conn: number; latencyMs: number | null; fault?: FaultKind }[];
}

export interface StageStats {
  count: number;
  stages: Partial<Record<Stage, { p50: number; p99: number; max: number; mean: number }>>;
}

export interface FailureEntry {
  seq: number;
  conn: number;
  path: ProbePath;
  tMs: number;
  fault: FaultKind;
  message: string;
  /** Intended send to failure (ms). */
  afterMs: number;
}

export interface ProbeAnalysis {
  summary: ProbeSummary;
  samples: Float64Array;
  sortedMs: Float64Array;
  views: Partial<Record<ProbePath, ResultSummary & { errors: number }>>;
  errors: { total: number; byKind: Partial<Record<FaultKind, number>>; descriptions: Partial<Record<FaultKind, string>>; list: FailureEntry[]; listTruncated: boolean };
  stages: { all: StageStats; slow: StageStats; slowDefinition: string };
  sendLag: { p50Ms: number; p99Ms: number; maxMs: number; lateOver1ms: number; lateShare: number };
  stalls: StallEntry[];
  stallsTruncated: boolean;
  clientPauses: {
    thresholdMs: number;
    count: number;
    totalMs: number;
    maxMs: number;
    maxHeartbeatGapMs: number;
    gc: { count: number; totalMs: number; maxMs: number };
    list: { kind: ClientPause['kind']; detail?: string; startMs: number; durationMs: number }[];
  };
  hostSignals: { enabled: boolean; intervalMs: number; series: SignalSeries[] };
  overTime: { bucketMs: number; buckets: { tMs: number; count: number; p50: number; p99: number; max: number; errors: number }[] };
  counts: { planned: number; completed: number; warmup: number; cancelledInFlight: number; misses: number };
}

const MAX_STALLS = 500;
const MAX_FAILURES = 1000;
const MAX_PAUSES = 500;
const MAX_BUCKETS = 400;
const NEIGHBOURS = 3;

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

export function emptySummary(thresholdMs: number): ProbeSummary {
  const base = emptyResultSummary(thresholdMs);
  return {
    ...base,
    stalls: { ...base.stalls, client: 0, queued: 0, networkOrServer: 0 },
    requests: 0,
    errors: { total: 0, byKind: {} },
  };
}

function signature(latency: number, baseline: number, stage: Stage, signals: SignalMove[]): string | undefined {
  const extra = latency - baseline;
  const moved = (n: string) => signals.some((s) => s.name === n);
  if ((stage === 'connect' || stage === 'dns') && extra >= 900 && extra <= 1300) return t('≈1 s: SYN retransmit (a lost SYN or SYN/ACK)');
  if (extra >= 190 && extra <= 1300 && (moved('tcpTimeouts') || moved('tcpRetransSegs'))) return t('≥200 ms with retransmissions: TCP retransmission timeout (RTO)');
  if (extra >= 37 && extra <= 46 && moved('tcpDelayedAcks')) return t('≈40 ms with delayed ACKs: Nagle + delayed ACK');
  if (extra >= 37 && extra <= 46) return t('≈40 ms: the Nagle + delayed-ACK size (no delayed-ACK counter moved)');
  if (extra >= 195 && extra <= 260) return t('≈200 ms: the minimum TCP RTO size (no retransmission counter moved)');
  return undefined;
}

// What each host counter moving during a stall points at. Xen event-channel interrupts count
// every packet, so their moving alone points at nothing.
const POINTS_AT: Record<string, (delta: number) => string> = {
  cpuSteal: (d) => t('vCPU scheduling: {0} ms of CPU steal (the hypervisor ran other vCPUs)', round(d, 1)),
  tcpRetransSegs: (d) => t('loss / RTO: {0} TCP segment(s) retransmitted', d),
  tcpTimeouts: (d) => t('loss / RTO: {0} TCP retransmission timeout(s)', d),
  tcpDelayedAcks: (d) => t('Nagle + delayed ACK: {0} delayed ACK(s) sent', d),
};

export function pointsAt(signals: readonly SignalMove[]): string[] {
  return signals.flatMap((s) => (POINTS_AT[s.name] ? [POINTS_AT[s.name](s.delta)] : []));
}

/** A growable column of numbers: the analysis keeps numbers, not a request object each. */
class Column {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function statsOf(values: Float64Array): { p50: number; p99: number; max: number; mean: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const sorted = sortedCopy(values);
  return { p50: round(percentileOfSorted(sorted, 50)), p99: round(percentileOfSorted(sorted, 99)), max: round(sorted[sorted.length - 1]), mean: round(sum / values.length) };
}

/** Stage statistics, fed one request at a time. */
class StageColumns {
  private readonly columns = new Map<Stage, Column>();
  count = 0;
  add(d: Partial<Record<Stage, number>>): void {
    this.count++;
    for (const s of STAGES) {
      const v = d[s];
      if (v === undefined) continue;
      let c = this.columns.get(s);
      if (!c) this.columns.set(s, (c = new Column()));
      c.push(v);
    }
  }
  stats(): StageStats {
    const stages: StageStats['stages'] = {};
    for (const s of STAGES) {
      const c = this.columns.get(s);
      if (c && c.length > 0) stages[s] = statsOf(c.values());
    }
    return { count: this.count, stages };
  }
}

function summaryOf(latencies: ArrayLike<number>, thresholdMs: number): ResultSummary | undefined {
  return latencies.length ? summarizeSorted(sortedCopy(latencies), thresholdMs) : undefined;
}

/**
 * Everything the result, charts and table need, from the raw run. It reads the requests from
 * their columns one at a time and keeps numbers, not objects: at ~600 B a request, a list of
 * request objects and the lists derived from it made a 1-hour run at 2,000/s exceed the probe
 * worker's heap at its very end. Only the requests shown in full (the worst stalls, failures,
 * their neighbours) become objects that stay.
 */
export function analyze(run: ProbeRunData): ProbeAnalysis {
  const { config, records, pauses, t0 } = run;
  const threshold = config.stallThresholdMs;
  const n = records.length;

  const allSamples = new Float64Array(n);
  let okCount = 0;
  let measuredCount = 0;
  let warmup = 0;
  let cancelledInFlight = 0;
  let misses = 0;
  const byKind: Partial<Record<FaultKind, number>> = {};
  let failedCount = 0;
  const list: FailureEntry[] = [];
  const lags = new Column();
  const pathLatencies = new Map<ProbePath, { measured: number; latencies: Column }>();
  const stageAll = new StageColumns();
  const stallRows = new Column();
  const over = new Buckets(t0, Math.max(run.tEnd - t0, 1));

  for (let row = 0; row < n; row++) {
    const r = records.get(row);
    if (r.warmup) warmup++;
    if (r.cancelled) cancelledInFlight++;
    if (r.warmup || r.cancelled) continue;
    measuredCount++;
    lags.push(Math.max(0, r.tStart - r.tIntended));
    let view = pathLatencies.get(r.path);
    if (!view) pathLatencies.set(r.path, (view = { measured: 0, latencies: new Column() }));
    view.measured++;
    const latency = latencyOf(r);
    over.add(r.tIntended, latency);
    if (latency !== undefined) {
      allSamples[okCount++] = round(latency, 4);
      view.latencies.push(latency);
      stageAll.add(stageDurations(r));
      if (latency > threshold) stallRows.push(row);
      if (r.miss) misses++;
    } else {
      failedCount++;
      byKind[r.fault!] = (byKind[r.fault!] ?? 0) + 1;
      if (list.length < MAX_FAILURES) {
        list.push({
          seq: r.seq,
          conn: r.conn,
          path: r.path,
          tMs: round(r.tIntended - t0),
          fault: r.fault!,
          message: r.message ?? tr(FAULT_TEXT[r.fault!]),
          afterMs: round((r.tEnd ?? r.tStart) - r.tIntended),
        });
      }
    }
  }

  const samples = allSamples.slice(0, okCount);
  const sortedMs = sortedCopy(samples);
  const descriptions: Partial<Record<FaultKind, string>> = {};
  for (const k of FAULT_KINDS) if (byKind[k]) descriptions[k] = tr(FAULT_TEXT[k]);
  const baseline = sortedMs.length ? percentileOfSorted(sortedMs, 50) : 0;

  // Every stall is classified; only the worst are described in full.
  const pauseIndex = new PauseIndex(pauses);
  const stallSeqs = stallRows.values();
  const counts = { client: 0, queued: 0, networkOrServer: 0 };
  const stageSlow = new StageColumns();
  const stallLatency = new Float64Array(stallSeqs.length);
  stallSeqs.forEach((row, k) => {
    const r = records.get(row);
    const stagesMs = stageDurations(r);
    stageSlow.add(stagesMs);
    const latency = latencyOf(r)!;
    stallLatency[k] = round(latency);
    const { cause } = classify(r, stagesMs, latency, pauseIndex.within(r.tIntended, r.tEnd!).ms, threshold, pauseIndex);
    if (cause === 'client') counts.client++;
    else if (cause === 'queued') counts.queued++;
    else counts.networkOrServer++;
  });
  let shown = Array.from(stallSeqs.keys());
  if (shown.length > MAX_STALLS) shown = shown.sort((a, b) => stallLatency[b] - stallLatency[a] || a - b).slice(0, MAX_STALLS).sort((a, b) => a - b);
  const stalls = shown.map((k) => stallEntry(run, records.get(stallSeqs[k]), pauseIndex, baseline));

  let summary: ProbeSummary;
  const base = summaryOf(samples, threshold);
  const errors = { total: failedCount, byKind };
  const stallSummary = { thresholdMs: threshold, count: stallSeqs.length, ...counts };
  if (base) summary = { ...base, stalls: stallSummary, requests: measuredCount, errors };
  else summary = { ...emptySummary(threshold), stalls: stallSummary, requests: measuredCount, errors };

  const views: ProbeAnalysis['views'] = {};
  for (const path of ['raw', 'memjs', 'tcp'] as const) {
    const mine = pathLatencies.get(path);
    if (!mine) continue;
    const s = summaryOf(mine.latencies.values(), threshold) ?? emptySummary(threshold);
    views[path] = { ...s, errors: mine.measured - mine.latencies.length };
  }

  const slow = stallSeqs.length > 0 ? stageSlow : slowestStages(records, okCount, 0.01);
  const sortedLags = sortedCopy(lags.values());
  const late = sortedLags.length - upperBound(sortedLags, 1);

  const gcs = pauses.filter((p) => p.kind === 'gc');
  const loopPauses = pauses.filter((p) => p.kind === 'event-loop');
  const dur = (p: ClientPause) => p.end - p.start;
  const pauseList = [...pauses].sort((a, b) => dur(b) - dur(a)).slice(0, MAX_PAUSES).sort((a, b) => a.start - b.start);

  return {
    summary,
    samples,
    sortedMs,
    views,
    errors: { total: failedCount, byKind, descriptions, list, listTruncated: failedCount > MAX_FAILURES },
    stages: {
      all: stageAll.stats(),
      slow: slow.stats(),
      slowDefinition: stallSeqs.length > 0 ? t('the {0} stalls (> {1} ms)', stallSeqs.length, threshold) : t('the slowest 1% (no stalls)'),
    },
    sendLag: {
      p50Ms: sortedLags.length ? round(percentileOfSorted(sortedLags, 50)) : 0,
      p99Ms: sortedLags.length ? round(percentileOfSorted(sortedLags, 99)) : 0,
      maxMs: sortedLags.length ? round(sortedLags[sortedLags.length - 1]) : 0,
      lateOver1ms: late,
      lateShare: sortedLags.length ? late / sortedLags.length : 0,
    },
    stalls,
    stallsTruncated: stallSeqs.length > MAX_STALLS,
    clientPauses: {
      thresholdMs: config.pauseThresholdMs,
      count: loopPauses.length,
      totalMs: round(loopPauses.reduce((a, p) => a + dur(p), 0)),
      maxMs: round(loopPauses.reduce((a, p) => Math.max(a, dur(p)), 0)),
      maxHeartbeatGapMs: round(run.maxHeartbeatGapMs),
      gc: { count: gcs.length, totalMs: round(gcs.reduce((a, p) => a + dur(p), 0)), maxMs: round(gcs.reduce((a, p) => Math.max(a, dur(p)), 0)) },
      list: pauseList.map((p) => ({ kind: p.kind, ...(p.detail ? { detail: p.detail } : {}), startMs: round(p.start - t0), durationMs: round(dur(p)) })),
    },
    hostSignals: {
      enabled: run.hostSignals,
      intervalMs: run.sampleIntervalMs,
      series: run.signals.map((s) => ({ ...s, points: s.points.map(([t, d]) => [round(t - t0, 1), d] as [number, number]) })),
    },
    overTime: over.result(),
    counts: { planned: n, completed: measuredCount, warmup, cancelledInFlight, misses },
  };
}

/**
 * Where a stall's time went and whose it was. It is the client's own when, without the time the
 * probe itself was paused, the request would not have been a stall; its stage is then the longest.
 * Otherwise the stage is the one with the most time outside those pauses: a pause that delayed
 * the send of a request the server then held must not make it look queued.
 */
function classify(r: RequestRecord, stagesMs: Partial<Record<Stage, number>>, latency: number, pausedMs: number, threshold: number, pauses: PauseIndex): { stage: Stage; cause: StallCause } {
  if (latency - pausedMs <= threshold) return { stage: dominantStage(stagesMs) ?? 'firstByte', cause: 'client' };
  let stage: Stage = 'firstByte';
  let most = -Infinity;
  let at = r.tIntended;
  // Stages are consecutive from the intended send (as the stall timeline draws them).
  for (const s of STAGES) {
    const d = stagesMs[s];
    if (d === undefined) continue;
    const own = pausedMs > 0 ? d - pauses.within(at, at + d).ms : d;
    at += d;
    if (own > most) {
      most = own;
      stage = s;
    }
  }
  return { stage, cause: stage === 'queue' || stage === 'behind' ? 'queued' : 'network-or-server' };
}

function stallEntry(run: ProbeRunData, r: RequestRecord, pauseIndex: PauseIndex, baseline: number): StallEntry {
  const { records, t0 } = run;
  const threshold = run.config.stallThresholdMs;
  const latency = latencyOf(r)!;
  const stagesMs = stageDurations(r);
  const paused = pauseIndex.within(r.tIntended, r.tEnd!);
  const signals = signalsDuring(run.signals, r.tIntended - run.sampleIntervalMs, r.tEnd! + run.sampleIntervalMs);
  const { stage, cause } = classify(r, stagesMs, latency, paused.ms, threshold, pauseIndex);
  const neighbours: StallEntry['neighbours'] = [];
  // Rows are seqs: the neighbours are the requests planned just before and after.
  for (let row = Math.max(0, r.seq - NEIGHBOURS); row <= Math.min(records.length - 1, r.seq + NEIGHBOURS); row++) {
    if (row === r.seq) continue;
    const nb = records.get(row);
    const l = latencyOf(nb);
    neighbours.push({ seq: nb.seq, conn: nb.conn, latencyMs: l === undefined ? null : round(l), ...(nb.fault ? { fault: nb.fault } : {}) });
  }
  const sig = cause !== 'network-or-server' ? undefined : signature(latency, baseline, stage, signals);
  return {
    seq: r.seq,
    conn: r.conn,
    path: r.path,
    tMs: round(r.tIntended - t0),
    latencyMs: round(latency),
    stage,
    stagesMs: Object.fromEntries(Object.entries(stagesMs).map(([k, v]) => [k, round(v)])),
    sendLagMs: round(r.tStart - r.tIntended),
    cause,
    clientPauseMs: round(paused.ms),
    pauses: paused.hits.map((p) => ({ kind: p.kind, ...(p.detail ? { detail: p.detail } : {}), startMs: round(p.start - t0), durationMs: round(p.end - p.start) })),
    inflight: r.inflight,
    signals,
    ...(sig ? { signature: sig } : {}),
    pointsAt: pointsAt(signals),
    neighbours,
  };
}

/** Stage statistics of the slowest `share` of the successful measured requests (at least one). */
function slowestStages(records: RecordStore, okCount: number, share: number): StageColumns {
  const out = new StageColumns();
  if (okCount === 0) return out;
  const want = Math.max(1, Math.ceil(okCount * share));
  const rows: number[] = [];
  const lat: number[] = [];
  for (let row = 0; row < records.length; row++) {
    if (records.isWarmup(row) || records.isCancelled(row) || !records.isOk(row)) continue;
    rows.push(row);
    lat.push(records.latencyMs(row));
  }
  const order = Array.from(rows.keys()).sort((a, b) => lat[b] - lat[a] || a - b).slice(0, want);
  for (const k of order) out.add(stageDurations(records.get(rows[k])));
  return out;
}

/** Per-bucket count/p50/p99/max over the run, at most MAX_BUCKETS buckets of a round size. */
class Buckets {
  private readonly bucketMs: number;
  private readonly groups = new Map<number, { lat: Column; errors: number }>();

  constructor(private readonly t0: number, spanMs: number) {
    const steps = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
    this.bucketMs = steps.find((s) => spanMs / s <= MAX_BUCKETS) ?? Math.ceil(spanMs / MAX_BUCKETS);
  }

  add(tIntended: number, latency: number | undefined): void {
    const b = Math.floor(Math.max(0, tIntended - this.t0) / this.bucketMs);
    let g = this.groups.get(b);
    if (!g) this.groups.set(b, (g = { lat: new Column(), errors: 0 }));
    if (latency === undefined) g.errors++;
    else g.lat.push(latency);
  }

  result(): ProbeAnalysis['overTime'] {
    const bucketMs = this.bucketMs;
    const out: ProbeAnalysis['overTime']['buckets'] = [];
    for (const [b, g] of [...this.groups].sort((x, y) => x[0] - y[0])) {
      if (g.lat.length === 0) {
        out.push({ tMs: b * bucketMs, count: 0, p50: 0, p99: 0, max: 0, errors: g.errors });
        continue;
      }
      const s = sortedCopy(g.lat.values());
      out.push({ tMs: b * bucketMs, count: s.length, p50: round(percentileOfSorted(s, 50)), p99: round(percentileOfSorted(s, 99)), max: round(s[s.length - 1]), errors: g.errors });
    }
    return { bucketMs, buckets: out };
  }
}
