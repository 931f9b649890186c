// What one simulation run produces: the contract between the Xen model (src/sim/xen) and the
// xenlat-sim cell kind / charts (src/cells/sim, src/charts). All times are simulated
// microseconds since the start of the run.

/**
 * Per-request instants, in path order. A request is one memcached-style get: the application
 * asks the pool for a connection, writes the request, the packet crosses netfront -> dom0/netback
 * -> wire -> server and back, is captured inside the guest (what tcpdump/Wireshark in the guest
 * would see) and finally the application's read returns.
 */
export const INSTANTS = [
  'arrive',        // the application wants to send (open-loop arrival)
  'poolAcquired',  // a pooled connection was obtained (== arrive unless the pool was exhausted)
  'appSend',       // send() called
  'writeDone',     // send() returned to the application (the "write" latency ends here)
  'netfrontTx',    // request placed on the TX ring, event channel notified
  'dom0Tx',        // netback in dom0 picked it up
  'wireOut',       // left the physical NIC
  'server',        // server finished service
  'wireIn',        // response arrived at the physical NIC
  'dom0Rx',        // dom0 driver/netback handled it
  'netfrontRx',    // copied (or flipped) into the guest's RX buffer, event sent to the guest
  'guestCapture',  // guest kernel saw the packet (packet capture inside the guest)
  'appRead',       // the application's read of the first bytes returned
] as const;
export type Instant = (typeof INSTANTS)[number];

/** Stages are the spans between consecutive path instants (writeDone is reported separately). */
export const STAGES = [
  { id: 'pool-wait', from: 'arrive', to: 'poolAcquired' },
  { id: 'app-to-send', from: 'poolAcquired', to: 'appSend' },
  { id: 'guest-tx', from: 'appSend', to: 'netfrontTx' },
  { id: 'dom0-tx', from: 'netfrontTx', to: 'dom0Tx' },
  { id: 'wire-out', from: 'dom0Tx', to: 'wireOut' },
  { id: 'server', from: 'wireOut', to: 'server' },
  { id: 'wire-in', from: 'server', to: 'wireIn' },
  { id: 'dom0-rx', from: 'wireIn', to: 'dom0Rx' },
  { id: 'netback-rx', from: 'dom0Rx', to: 'netfrontRx' },
  { id: 'guest-capture', from: 'netfrontRx', to: 'guestCapture' },
  { id: 'capture-to-read', from: 'guestCapture', to: 'appRead' },
] as const satisfies readonly { id: string; from: Instant; to: Instant }[];
export type StageId = (typeof STAGES)[number]['id'];

/**
 * Per-request values by row, one array per column: a table of every request (row = request
 * number) or the model's ring of requests in flight (src/sim/xen/request-slots.ts).
 */
export interface RequestRows {
  instants: Record<Instant, Float64Array>;
  /** 0 = ok, else a failure code (see FAILURES). */
  failure: Uint8Array;
  /** Which mechanism added the most time to this request (index into MECHANISMS), for explanations. */
  cause: Uint8Array;
  /** What the application's clock logged (quantised by the clock resolution), in µs. */
  loggedLatencyUs: Float64Array;
  /**
   * True application latency in µs: arrive -> appRead, or arrive -> the failure (a pool timeout).
   * Added by the model (src/sim/xen/model.ts); optional so hand-built tables stay valid.
   */
  latencyUs?: Float64Array;
  /**
   * Requests that opened a new connection first (tcp.newConnectionFraction): connect() → return
   * in µs; NaN for the others. Absent when no request connects.
   */
  connectUs?: Float64Array;
}

/** Column-oriented request table: one Float64Array per instant, index = request number. */
export interface RequestTable extends RequestRows {
  count: number;
}

export const FAILURES = ['ok', 'pool-timeout', 'dropped'] as const;
export const MECHANISMS = ['none', 'guest-vcpu-wait', 'dom0-vcpu-wait', 'netback-rate-limit', 'nagle-delayed-ack', 'loss-rto', 'pool-wait', 'guest-pause', 'page-flip', 'server', 'server-pause'] as const;

/** One interval during which a vCPU was running on a pCPU, or runnable but waiting. */
export interface VcpuInterval {
  vcpu: string;      // e.g. 'guest.0', 'dom0.0', 'neighbour.2'
  pcpu: number;
  state: 'run' | 'wait';
  start: number;
  end: number;
}

export interface SimRun {
  /** The fully resolved configuration (preset + overrides), plain JSON. */
  config: unknown;
  seed: number;
  requests: RequestTable;
  /**
   * vCPU intervals, kept only around the slowest requests (a window before/after each) so the
   * timeline can show the scheduler causing the stall without storing the whole run.
   */
  vcpuIntervals: VcpuInterval[];
  /** Engine statistics, for benchmarks. */
  stats: { events: number; simulatedUs: number };
  /**
   * Mechanism counters of the run (notifications sent/suppressed, BOOSTs, OVER wake-ups, RX
   * buffer waits/drops, pool timeouts, guest pauses...), for explanations. Optional.
   */
  counters?: Record<string, number>;
}

/**
 * A run whose requests went to a sink as they completed (src/sim/xen/request-slots.ts): the
 * same as SimRun without the table of every request.
 */
export type StreamedRun = Omit<SimRun, 'requests'> & {
  requests: { count: number };
  /** Slots the ring of requests in flight grew to (client-pool at 2,000/s: 2,048; most presets 1,024). */
  slotsUsed: number;
};
