// Synthetic probe runs for the analysis and chart tests: requests written to a real RecordStore,
// as the probe's run loop does.
import type { ProbeRunData } from '../../src/probe';
import type { ClientPause } from '../../src/probe/pauses';
import type { SignalSeries } from '../../src/probe/host-signals';
import type { RequestRecord } from '../../src/probe/record';
import { RecordStore } from '../../src/probe/record-store';

export function runOf(records: RequestRecord[], pauses: ClientPause[] = [], thresholdMs = 20, signals: SignalSeries[] = []): ProbeRunData {
  const store = new RecordStore();
  for (const r of records) {
    store.add(r);
    store.end(r);
  }
  const tEnd = records.reduce((m, r) => Math.max(m, r.tEnd ?? r.tStart), 0);
  return {
    config: { stallThresholdMs: thresholdMs, pauseThresholdMs: 1 } as ProbeRunData['config'],
    records: store,
    pauses,
    maxHeartbeatGapMs: 0,
    signals,
    sampleIntervalMs: 100,
    hostSignals: signals.length > 0,
    wallAtEpoch: 0,
    t0: 0,
    tEnd,
    cancelled: false,
  };
}

/** A raw request sent on time at `t` whose first byte came `latency` ms later. */
export function request(seq: number, t: number, latency: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  return { seq, conn: seq % 4, path: 'raw', warmup: false, tIntended: t, tStart: t, tWriteCall: t, tWritten: t + 0.01, tFirstByte: t + latency - 0.01, tEnd: t + latency, ok: true, inflight: 1, ...extra };
}

/** A host counter sampled every 100 ms from `from` to `to`, moving by `moves[t]` in the interval ending at t. */
export function series(name: string, from: number, to: number, moves: Record<number, number> = {}): SignalSeries {
  const points: [number, number][] = [];
  for (let t = from; t <= to; t += 100) points.push([t, moves[t] ?? 0]);
  return { name, source: `/proc (test: ${name})`, unit: 'count', description: name, present: true, points };
}
