import type { FaultKind } from './faults';
import { msg } from '../l10n';

export type ProbePath = 'raw' | 'memjs' | 'tcp';

/**
 * One request's timeline, ms since the run epoch. Stage boundaries that did not happen stay
 * undefined (no connect on a reused connection). memjs hides its stages: its records have the call
 * (`tWriteCall` -> `tEnd`) and, for a capture's join only, the first read of the response (`tFirstByte`).
 */
export interface RequestRecord {
  seq: number;
  conn: number;
  path: ProbePath;
  warmup: boolean;
  /** When the schedule wanted it sent (open loop) or when it was issued (closed loop). */
  tIntended: number;
  /** When a connection picked it up. */
  tStart: number;
  tResolved?: number;
  tConnected?: number;
  tAuthed?: number;
  tWriteCall?: number;
  tWritten?: number;
  /**
   * Pipelining: written while an earlier request on the same connection was still outstanding;
   * when that one's response completed (this response could only follow it).
   */
  tAheadEnd?: number;
  tFirstByte?: number;
  tEnd?: number;
  ok: boolean;
  fault?: FaultKind;
  message?: string;
  miss?: boolean;
  cancelled?: boolean;
  /** Requests in flight on all connections when this one was sent. */
  inflight: number;
}

export const STAGES = ['queue', 'dns', 'connect', 'auth', 'write', 'behind', 'firstByte', 'transfer', 'call'] as const;
export type Stage = (typeof STAGES)[number];

// Marked for translation; shown with tr() (src/cells/probe/charts.ts).
export const STAGE_TEXT: Record<Stage, string> = {
  queue: msg('waiting to be sent (schedule lateness or all connections busy)'),
  dns: msg('name resolution'),
  connect: msg('TCP connect'),
  auth: msg('SASL authentication'),
  write: msg('request handed to the kernel'),
  behind: msg('pipelined: waiting for the response to an earlier request on the same connection'),
  firstByte: msg('waiting for the first response byte'),
  transfer: msg('first to last response byte'),
  call: msg('memjs call to callback (no finer view)'),
};

/** Stage durations (ms) of one request; absent stages are omitted. */
export function stageDurations(r: RequestRecord): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  out.queue = Math.max(0, r.tStart - r.tIntended);
  let t = r.tStart;
  if (r.tResolved !== undefined) {
    out.dns = r.tResolved - t;
    t = r.tResolved;
  }
  if (r.tConnected !== undefined) {
    out.connect = r.tConnected - t;
    t = r.tConnected;
  }
  if (r.tAuthed !== undefined) {
    out.auth = r.tAuthed - t;
    t = r.tAuthed;
  }
  if (r.path === 'memjs') {
    if (r.tEnd !== undefined) out.call = r.tEnd - t;
    return out;
  }
  if (r.tWriteCall !== undefined) {
    // The write callback can run after the first byte's 'data' event; the response proves the
    // request had left, so the write stage ends at the first byte at the latest.
    const written = Math.min(r.tWritten ?? r.tFirstByte ?? r.tWriteCall, r.tFirstByte ?? Infinity);
    out.write = Math.max(0, written - t);
    // Pipelined behind an earlier request: its response had to come first.
    let ready = written;
    if (r.tAheadEnd !== undefined && r.tAheadEnd > written) {
      ready = Math.min(r.tAheadEnd, r.tFirstByte ?? r.tEnd ?? r.tAheadEnd);
      out.behind = ready - written;
    }
    if (r.tFirstByte !== undefined) {
      out.firstByte = r.tFirstByte - ready;
      if (r.tEnd !== undefined) out.transfer = r.tEnd - r.tFirstByte;
    } else if (r.tEnd !== undefined && !r.ok) {
      out.firstByte = r.tEnd - ready;
    }
  }
  return out;
}

export function dominantStage(stages: Partial<Record<Stage, number>>): Stage | undefined {
  let best: Stage | undefined;
  let bestMs = -Infinity;
  for (const s of STAGES) {
    const v = stages[s];
    if (v !== undefined && v > bestMs) {
      best = s;
      bestMs = v;
    }
  }
  return best;
}

export function latencyOf(r: RequestRecord): number | undefined {
  return r.ok && r.tEnd !== undefined ? r.tEnd - r.tIntended : undefined;
}
