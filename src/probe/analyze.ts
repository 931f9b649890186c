import type { ResultSummary } from '../cells/types';
import { percentileOfSorted } from '../stats/percentiles';
import { sortedCopy } from '../stats/sorted';
import { summarizeSorted } from '../stats/summarize';
import { FAULT_KINDS, FAULT_TEXT, type FaultKind } from './faults';
import { signalsDuring, type SignalMove, type SignalSeries } from './host-signals';
import { pausedWithin, type ClientPause } from './pauses';
import { dominantStage, latencyOf, stageDurations, STAGES, type ProbePath, type RequestRecord, type Stage } from './record';
import type { ProbeRunData } from './run';

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
  return {
    count: 0,
    minMs: 0,
    meanMs: 0,
    maxMs: 0,
    percentilesMs: { '50': 0, '90': 0, '99': 0, '99.9': 0, '99.99': 0 },
    stalls: { thresholdMs, count: 0, client: 0, queued: 0, networkOrServer: 0 },
    requests: 0,
    errors: { total: 0, byKind: {} },
  };
}

function signature(latency: number, baseline: number, stage: Stage, signals: SignalMove[]): string | undefined {
  const extra = latency - baseline;
  const moved = (n: string) => signals.some((s) => s.name === n);
  if ((stage === 'connect' || stage === 'dns') && extra >= 900 && extra <= 1300) return '≈1 s: SYN retransmit (a lost SYN or SYN/ACK)';
  if (extra >= 190 && extra <= 1300 && (moved('tcpTimeouts') || moved('tcpRetransSegs'))) return '≥200 ms with retransmissions: TCP retransmission timeout (RTO)';
  if (extra >= 37 && extra <= 46 && moved('tcpDelayedAcks')) return '≈40 ms with delayed ACKs: Nagle + delayed ACK';
  if (extra >= 37 && extra <= 46) return '≈40 ms: the Nagle + delayed-ACK size (no delayed-ACK counter moved)';
  if (extra >= 195 && extra <= 260) return '≈200 ms: the minimum TCP RTO size (no retransmission counter moved)';
  return undefined;
}

// What each host counter moving during a stall points at. Xen event-channel interrupts count
// every packet, so their moving alone points at nothing.
const POINTS_AT: Record<string, (delta: number) => string> = {
  cpuSteal: (d) => `vCPU scheduling: ${round(d, 1)} ms of CPU steal (the hypervisor ran other vCPUs)`,
  tcpRetransSegs: (d) => `loss / RTO: ${d} TCP segment(s) retransmitted`,
  tcpTimeouts: (d) => `loss / RTO: ${d} TCP retransmission timeout(s)`,
  tcpDelayedAcks: (d) => `Nagle + delayed ACK: ${d} delayed ACK(s) sent`,
};

export function pointsAt(signals: readonly SignalMove[]): string[] {
  return signals.flatMap((s) => (POINTS_AT[s.name] ? [POINTS_AT[s.name](s.delta)] : []));
}

function stageStats(recs: readonly RequestRecord[]): StageStats {
  const values: Partial<Record<Stage, number[]>> = {};
  for (const r of recs) {
    const d = stageDurations(r);
    for (const s of STAGES) if (d[s] !== undefined) (values[s] ??= []).push(d[s]!);
  }
  const stages: StageStats['stages'] = {};
  for (const s of STAGES) {
    const v = values[s];
    if (!v || v.length === 0) continue;
    const sorted = sortedCopy(v);
    let sum = 0;
    for (const x of v) sum += x;
    stages[s] = { p50: round(percentileOfSorted(sorted, 50)), p99: round(percentileOfSorted(sorted, 99)), max: round(sorted[sorted.length - 1]), mean: round(sum / v.length) };
  }
  return { count: recs.length, stages };
}

function summaryOf(latencies: ArrayLike<number>, thresholdMs: number): ResultSummary | undefined {
  return latencies.length ? summarizeSorted(sortedCopy(latencies), thresholdMs) : undefined;
}

/** Everything the result, charts and table need, from the raw run. */
export function analyze(run: ProbeRunData): ProbeAnalysis {
  const { config, records, pauses, t0 } = run;
  const threshold = config.stallThresholdMs;
  const measured = records.filter((r) => !r.warmup && !r.cancelled);
  const ok = measured.filter((r) => r.ok);
  const failed = measured.filter((r) => !r.ok);

  const samples = new Float64Array(ok.length);
  ok.forEach((r, i) => (samples[i] = round(latencyOf(r)!, 4)));
  const sortedMs = sortedCopy(samples);

  const byKind: Partial<Record<FaultKind, number>> = {};
  for (const r of failed) byKind[r.fault!] = (byKind[r.fault!] ?? 0) + 1;
  const descriptions: Partial<Record<FaultKind, string>> = {};
  for (const k of FAULT_KINDS) if (byKind[k]) descriptions[k] = FAULT_TEXT[k];

  const baseline = sortedMs.length ? percentileOfSorted(sortedMs, 50) : 0;
  const seqIndex = new Map<number, number>();
  records.forEach((r, i) => seqIndex.set(r.seq, i));

  const stallRecs = ok.filter((r) => latencyOf(r)! > threshold);
  const counts = { client: 0, queued: 0, networkOrServer: 0 };
  const allStalls: StallEntry[] = stallRecs.map((r) => {
    const latency = latencyOf(r)!;
    const stagesMs = stageDurations(r);
    const stage = dominantStage(stagesMs) ?? 'firstByte';
    const paused = pausedWithin(pauses, r.tIntended, r.tEnd!);
    const signals = signalsDuring(run.signals, r.tIntended - run.sampleIntervalMs, r.tEnd! + run.sampleIntervalMs);
    // A stall is the client's own when, without the time the probe itself was paused, the
    // request would not have been a stall.
    const cause: StallCause = latency - paused.ms <= threshold ? 'client' : stage === 'queue' || stage === 'behind' ? 'queued' : 'network-or-server';
    if (cause === 'client') counts.client++;
    else if (cause === 'queued') counts.queued++;
    else counts.networkOrServer++;
    const i = seqIndex.get(r.seq)!;
    const neighbours = records.slice(Math.max(0, i - NEIGHBOURS), i + NEIGHBOURS + 1).filter((n) => n !== r).map((n) => ({
      seq: n.seq,
      conn: n.conn,
      latencyMs: latencyOf(n) === undefined ? null : round(latencyOf(n)!),
      ...(n.fault ? { fault: n.fault } : {}),
    }));
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
  });
  const stalls = allStalls.length > MAX_STALLS ? [...allStalls].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, MAX_STALLS).sort((a, b) => a.seq - b.seq) : allStalls;

  let summary: ProbeSummary;
  const base = summaryOf(samples, threshold);
  const errors = { total: failed.length, byKind };
  const stallSummary = { thresholdMs: threshold, count: stallRecs.length, ...counts };
  if (base) summary = { ...base, stalls: stallSummary, requests: measured.length, errors };
  else summary = { ...emptySummary(threshold), stalls: stallSummary, requests: measured.length, errors };

  const views: ProbeAnalysis['views'] = {};
  for (const path of ['raw', 'memjs', 'tcp'] as const) {
    const mine = measured.filter((r) => r.path === path);
    if (mine.length === 0) continue;
    const lat = mine.filter((r) => r.ok).map((r) => latencyOf(r)!);
    const s = summaryOf(lat, threshold) ?? emptySummary(threshold);
    views[path] = { ...s, errors: mine.length - lat.length };
  }

  const slowRecs = stallRecs.length > 0 ? stallRecs : slowest(ok, 0.01);
  const lags = sortedCopy(measured.map((r) => Math.max(0, r.tStart - r.tIntended)));
  const late = lags.filter((v) => v > 1).length;

  const list = failed.slice(0, MAX_FAILURES).map((r) => ({
    seq: r.seq,
    conn: r.conn,
    path: r.path,
    tMs: round(r.tIntended - t0),
    fault: r.fault!,
    message: r.message ?? FAULT_TEXT[r.fault!],
    afterMs: round((r.tEnd ?? r.tStart) - r.tIntended),
  }));

  const gcs = pauses.filter((p) => p.kind === 'gc');
  const loopPauses = pauses.filter((p) => p.kind === 'event-loop');
  const dur = (p: ClientPause) => p.end - p.start;
  const pauseList = [...pauses].sort((a, b) => dur(b) - dur(a)).slice(0, MAX_PAUSES).sort((a, b) => a.start - b.start);

  return {
    summary,
    samples,
    sortedMs,
    views,
    errors: { total: failed.length, byKind, descriptions, list, listTruncated: failed.length > MAX_FAILURES },
    stages: {
      all: stageStats(ok),
      slow: stageStats(slowRecs),
      slowDefinition: stallRecs.length > 0 ? `the ${stallRecs.length} stalls (> ${threshold} ms)` : 'the slowest 1% (no stalls)',
    },
    sendLag: {
      p50Ms: lags.length ? round(percentileOfSorted(lags, 50)) : 0,
      p99Ms: lags.length ? round(percentileOfSorted(lags, 99)) : 0,
      maxMs: lags.length ? round(lags[lags.length - 1]) : 0,
      lateOver1ms: late,
      lateShare: lags.length ? late / lags.length : 0,
    },
    stalls,
    stallsTruncated: allStalls.length > MAX_STALLS,
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
    overTime: buckets(measured, t0, Math.max(run.tEnd - t0, 1)),
    counts: {
      planned: records.length,
      completed: measured.length,
      warmup: records.filter((r) => r.warmup).length,
      cancelledInFlight: records.filter((r) => r.cancelled).length,
      misses: ok.filter((r) => r.miss).length,
    },
  };
}

function slowest(recs: RequestRecord[], share: number): RequestRecord[] {
  if (recs.length === 0) return [];
  const n = Math.max(1, Math.ceil(recs.length * share));
  return [...recs].sort((a, b) => latencyOf(b)! - latencyOf(a)!).slice(0, n);
}

/** Per-bucket count/p50/p99/max over the run, at most MAX_BUCKETS buckets of a round size. */
function buckets(recs: RequestRecord[], t0: number, spanMs: number): ProbeAnalysis['overTime'] {
  const steps = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
  const bucketMs = steps.find((s) => spanMs / s <= MAX_BUCKETS) ?? Math.ceil(spanMs / MAX_BUCKETS);
  const groups = new Map<number, { lat: number[]; errors: number }>();
  for (const r of recs) {
    const b = Math.floor(Math.max(0, r.tIntended - t0) / bucketMs);
    const g = groups.get(b) ?? { lat: [], errors: 0 };
    const l = latencyOf(r);
    if (l === undefined) g.errors++;
    else g.lat.push(l);
    groups.set(b, g);
  }
  const out: ProbeAnalysis['overTime']['buckets'] = [];
  for (const [b, g] of [...groups].sort((x, y) => x[0] - y[0])) {
    if (g.lat.length === 0) {
      out.push({ tMs: b * bucketMs, count: 0, p50: 0, p99: 0, max: 0, errors: g.errors });
      continue;
    }
    const s = sortedCopy(g.lat);
    out.push({ tMs: b * bucketMs, count: s.length, p50: round(percentileOfSorted(s, 50)), p99: round(percentileOfSorted(s, 99)), max: round(s[s.length - 1]), errors: g.errors });
  }
  return { bucketMs, buckets: out };
}
