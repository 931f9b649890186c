// The sink that keeps every request: the run's whole request table, row = request number. For
// the consumers that need every request's instants (the signature tests, per-request exports);
// it costs TABLE_BYTES_PER_REQUEST for every request and the run budget counts it when asked.

import type { RequestSink } from './request-slots';
import { INSTANTS, type Instant, type RequestRows, type RequestTable } from './run-types';

/** 13 instants, latency, logged latency, connect (8 B each), failure and cause (1 B each). */
export const TABLE_BYTES_PER_REQUEST = INSTANTS.length * 8 + 3 * 8 + 2;

export class TableSink implements RequestSink {
  readonly table: RequestTable;

  constructor(count: number, connecting: boolean) {
    const nan = () => new Float64Array(count).fill(NaN);
    this.table = {
      count,
      instants: Object.fromEntries(INSTANTS.map((name) => [name, nan()])) as Record<Instant, Float64Array>,
      failure: new Uint8Array(count),
      cause: new Uint8Array(count),
      loggedLatencyUs: new Float64Array(count),
      latencyUs: new Float64Array(count),
      ...(connecting ? { connectUs: nan() } : {}),
    };
  }

  complete(rows: RequestRows, s: number, r: number): void {
    const t = this.table;
    for (const name of INSTANTS) t.instants[name][r] = rows.instants[name][s];
    t.failure[r] = rows.failure[s];
    t.cause[r] = rows.cause[s];
    t.loggedLatencyUs[r] = rows.loggedLatencyUs[s];
    t.latencyUs![r] = rows.latencyUs![s];
    if (t.connectUs) t.connectUs[r] = rows.connectUs![s];
  }
}

/** Hands every row of a table to a sink, in request order, as a run would have. */
export function replayTable(table: RequestTable, sink: RequestSink): void {
  for (let i = 0; i < table.count; i++) sink.complete(table, i, i);
}


