// Requests joined with their packets. Both memcached paths (raw and memjs) put `seq + 1` in each
// request's opaque, so the capture's memcached rows name their records. The two clocks (capture timestamps: the
// kernel's wall clock; the probe: monotonic since the run epoch) are aligned by the bounds each
// joined request gives: its first byte was captured after the write call began, and its
// response's first byte was captured before the read returned. The offset is the middle of the
// interval all requests allow; half its width is the alignment error, measured, not assumed.
import { analyzeCaptureFile, type RequestRow } from '../capture';
import { t } from '../l10n';
import { percentileOfSorted } from '../stats/percentiles';
import { sortedCopy } from '../stats/sorted';
import type { RecordStore } from './record-store';

export interface StageStats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface CaptureJoin {
  file: string;
  packets: number;
  /** Probe requests found in the capture (raw and memjs). */
  joined: number;
  alignment: {
    /** Capture wall-clock ms minus probe ms. */
    offsetMs: number;
    /** Half the width of the interval the requests allow: the alignment is within this. */
    errorMs: number;
    /** false: no single offset satisfied every request (clock steps, or a capture on another host). */
    consistent: boolean;
    /** When inconsistent: by how much the bounds cross. */
    conflictMs?: number;
  };
  stages: { wireWait?: StageStats; captureToRead?: StageStats };
  /** Per joined request (seq): the two capture stages, ms. */
  bySeq: Map<number, { wireWaitMs: number; captureToReadMs: number }>;
  tcp: { retransmissions: number; dupAcks: number; zeroWindows: number; nagleHeld: number };
  warnings: string[];
}

function stats(values: number[]): StageStats | undefined {
  if (values.length === 0) return undefined;
  const s = sortedCopy(values);
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  return { count: s.length, p50Ms: r(percentileOfSorted(s, 50)), p99Ms: r(percentileOfSorted(s, 99)), maxMs: r(s[s.length - 1]) };
}

export async function joinCapture(file: string, records: RecordStore, port: number): Promise<CaptureJoin> {
  const rows: RequestRow[] = [];
  const summary = await analyzeCaptureFile(file, { protocol: 'memcached', server: `*:${port}`, onRequest: (r) => rows.push(r) });
  const start = summary.startEpochMs;
  const joinedRows: { row: RequestRow; seq: number }[] = [];
  for (const row of rows) {
    if (row.opaque === undefined || row.opaque === 0 || row.resFirstMs === undefined) continue;
    const seq = row.opaque - 1;
    if (seq >= records.length) continue;
    const rec = records.get(seq);
    if (rec.path === 'tcp' || rec.tWriteCall === undefined || rec.tFirstByte === undefined) continue;
    joinedRows.push({ row, seq });
  }
  let lo = -Infinity;
  let hi = Infinity;
  for (const { row, seq } of joinedRows) {
    const rec = records.get(seq);
    hi = Math.min(hi, start + row.reqFirstMs - rec.tWriteCall!);
    lo = Math.max(lo, start + row.resFirstMs! - rec.tFirstByte!);
  }
  const warnings = [...summary.warnings];
  const consistent = lo <= hi;
  // Crossed bounds: the middle still minimises the worst violation; say by how much they cross.
  const offsetMs = joinedRows.length ? (lo + hi) / 2 : 0;
  const errorMs = joinedRows.length ? Math.abs(hi - lo) / 2 : NaN;
  if (!consistent) warnings.push(t('the capture and probe clocks do not align within the requests\' bounds (they cross by {0} ms): was the clock stepped during the run?', (lo - hi).toFixed(3)));
  const bySeq = new Map<number, { wireWaitMs: number; captureToReadMs: number }>();
  const wire: number[] = [];
  const toRead: number[] = [];
  for (const { row, seq } of joinedRows) {
    const rec = records.get(seq);
    const wireWaitMs = row.resFirstMs! - row.reqLastMs;
    const captureToReadMs = rec.tFirstByte! - (start + row.resFirstMs! - offsetMs);
    bySeq.set(seq, { wireWaitMs, captureToReadMs });
    if (!rec.warmup) {
      wire.push(wireWaitMs);
      toRead.push(captureToReadMs);
    }
  }
  const sum = (f: (c: (typeof summary.connections)[number]) => number) => summary.connections.reduce((a, c) => a + f(c), 0);
  return {
    file,
    packets: summary.packets,
    joined: joinedRows.length,
    alignment: { offsetMs, errorMs, consistent, ...(consistent ? {} : { conflictMs: lo - hi }) },
    stages: { wireWait: stats(wire), captureToRead: stats(toRead) },
    bySeq,
    tcp: { retransmissions: sum((c) => c.retransmissions + c.fastRetransmissions), dupAcks: sum((c) => c.dupAcks), zeroWindows: sum((c) => c.zeroWindows), nagleHeld: sum((c) => c.nagleHeld) },
    warnings,
  };
}
