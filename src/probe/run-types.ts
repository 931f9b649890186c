import type { SignalSeries } from './host-signals';
import type { LookupFn, Target } from './lookup';
import type { ClientPause } from './pauses';
import type { Credentials } from './raw-client';
import type { RequestRecord } from './record';
import type { RecordStore } from './record-store';

export type ClientView = 'raw' | 'memjs' | 'both';

/** The validated spec, normalised (ms, per second) and with credentials already resolved. */
export interface ProbeConfig {
  target: Target;
  protocol: 'memcached' | 'tcp-connect';
  op: 'get' | 'set';
  key: string;
  valueSize: number;
  /** Measured requests (excluding warmup); ignored when `durationMs` is set. */
  requests: number;
  durationMs?: number;
  /** Open loop: requests per second. */
  rate?: number;
  arrival: 'constant' | 'poisson';
  mode: 'open' | 'closed';
  connections: number;
  /**
   * Raw path, open loop: requests that may be outstanding per connection (pipelining, matched by
   * opaque). 1 (the default) keeps one request per connection; memjs and tcp-connect always use 1.
   */
  pipeline?: number;
  warmup: { requests: number } | { ms: number };
  timeoutMs: number;
  stallThresholdMs: number;
  pauseThresholdMs: number;
  client: ClientView;
  auth?: Credentials;
  hostSignals: boolean;
  sampleIntervalMs: number;
  seed: number;
}

export interface ProbeHooks {
  /** Called synchronously right after a request is handed to the socket (test hook). */
  afterSend?: (rec: RequestRecord) => void;
  /** Root of the /proc tree for host signals (tests point it at a fake one). */
  procRoot?: string;
  /** Name resolution (tests inject a slow resolver); the system's by default. */
  lookup?: LookupFn;
}

export interface ProbeRunData {
  config: ProbeConfig;
  /** Every planned request, row = seq. */
  records: RecordStore;
  pauses: ClientPause[];
  maxHeartbeatGapMs: number;
  signals: SignalSeries[];
  sampleIntervalMs: number;
  hostSignals: boolean;
  /** Wall-clock ms at the run epoch (for the notebook), and the time sending began, ms since epoch. */
  wallAtEpoch: number;
  t0: number;
  tEnd: number;
  cancelled: boolean;
}

export interface RunOptions {
  signal: AbortSignal;
  /** Every ~1 s with the requests so far (those that ended are final). */
  onProgress?: (records: RecordStore, elapsedMs: number) => void;
  hooks?: ProbeHooks;
}
