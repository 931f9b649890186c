import { msg } from '../../l10n';
import type { SpecSchema } from '../spec/schema';

export const PROBE_LANGUAGE = 'xenlat-probe';

export const DEFAULT_REQUESTS = 1000;
export const DEFAULT_WARMUP_REQUESTS = 50;

export const probeSchema: SpecSchema = {
  language: PROBE_LANGUAGE,
  fields: {
    title: { type: 'string', description: msg('Title shown on the charts and in reports.') },
    target: {
      type: 'string',
      nonEmpty: true,
      required: true,
      description:
        msg('Where to probe, `host:port` (IPv6 as `[addr]:port`). Names are resolved on every new connection. `${NAME}` or `${NAME:-default}` takes it from an environment variable.'),
    },
    protocol: {
      type: 'enum',
      values: ['memcached', 'tcp-connect'],
      default: 'memcached',
      description:
        msg('`memcached`: binary-protocol GET/SET (SASL PLAIN with `auth`). `tcp-connect`: time to an established TCP connection, then close.'),
    },
    op: { type: 'enum', values: ['get', 'set'], default: 'get', description: msg('memcached operation. For `get`, the key is set once before the run so that reads hit.') },
    key: { type: 'string', nonEmpty: true, default: 'xenlat:probe', description: msg('memcached key read or written by every request.') },
    valueSize: {
      type: 'integer',
      min: 0,
      max: 1_048_576,
      unit: 'bytes',
      default: 100,
      description: msg('Size of the value written by `set` (and by the pre-run set for `get`), bytes.'),
    },
    requests: {
      type: 'integer',
      min: 1,
      max: 10_000_000,
      // 1000 is DEFAULT_REQUESTS, written out: a translated message is a literal.
      description: msg('Measured requests, after warmup. Default 1000 when `duration` is not given. Use either `requests` or `duration`.'),
    },
    duration: { type: 'duration', min: 1, max: 3_600_000, description: msg('Measure for this long (after warmup) instead of a request count, e.g. `10s`.') },
    rate: {
      type: 'rate',
      min: 0.1,
      max: 1_000_000,
      description: msg('Open loop: intended send rate over all connections, e.g. `2000/s`. Latency is measured from each intended send time (coordinated-omission correction).'),
    },
    arrival: {
      type: 'enum',
      values: ['constant', 'poisson'],
      default: 'constant',
      description: msg('Open loop: evenly spaced sends, or Poisson arrivals (exponential gaps, reproducible from `seed`).'),
    },
    mode: {
      type: 'enum',
      values: ['open', 'closed'],
      description: msg('`open` (needs `rate`) or `closed` (each connection sends its next request when the previous one ends). Default: `open` when `rate` is given, else `closed`.'),
    },
    connections: {
      type: 'integer',
      min: 1,
      max: 256,
      default: 1,
      description: msg('Connections (per client view). Each carries one request at a time (see `pipeline`); in open loop a request waits for a free connection and that wait counts.'),
    },
    pipeline: {
      type: 'integer',
      min: 1,
      max: 64,
      default: 1,
      description:
        msg('Open loop, raw path: requests that may be outstanding on one connection at once (memcached binary pipelining, matched by opaque). A request sent behind an earlier one shows the wait as the `behind` stage. memjs and `tcp-connect` always use 1.'),
    },
    warmup: {
      type: 'oneOf',
      options: [
        { type: 'integer', min: 0 },
        { type: 'duration', min: 0 },
      ],
      default: DEFAULT_WARMUP_REQUESTS,
      description:
        msg('Sent before measuring and left out of the results: a whole number is a request count, a duration with a unit (`2s`) a time. Connects and JIT warm-up happen here.'),
    },
    timeoutMs: {
      type: 'number',
      exclusiveMin: 0,
      max: 600_000,
      unit: 'ms',
      default: 1000,
      description: msg('A connect (with authentication) or a request without a complete answer after this long fails as a timeout; the connection is then replaced.'),
    },
    stallThresholdMs: {
      type: 'number',
      exclusiveMin: 0,
      unit: 'ms',
      default: 50,
      description: msg('Requests slower than this (from intended send to last byte) are stalls, kept with their context.'),
    },
    pauseThresholdMs: {
      type: 'number',
      min: 1,
      unit: 'ms',
      default: 5,
      description: msg('A heartbeat late by more than this is a client pause (the probe itself was not running).'),
    },
    client: {
      type: 'enum',
      values: ['raw', 'memjs', 'both'],
      default: 'both',
      description:
        msg('memcached: `raw` socket with stage timings (where the time went), `memjs` (what an application sees), or `both` (requests alternate between them; each gets its own summary).'),
    },
    auth: {
      type: 'object',
      description: msg('SASL PLAIN credentials for memcached (as Aliyun OCS requires). The password is never written here: name an environment variable or a granted secret.'),
      fields: {
        user: { type: 'string', nonEmpty: true, description: msg('SASL user name.') },
        passwordEnv: { type: 'string', nonEmpty: true, description: msg('Name of the environment variable holding the password.') },
        secret: { type: 'string', nonEmpty: true, description: msg('Name of a secret granted to the notebook holding the password.') },
      },
    },
    hostSignals: {
      type: 'boolean',
      default: true,
      description: msg('Sample host counters (steal time, TCP retransmits/timeouts/delayed ACKs, Xen event-channel interrupts) from /proc during the run.'),
    },
    sampleIntervalMs: { type: 'number', min: 50, max: 5000, unit: 'ms', default: 200, description: msg('How often host signals are sampled.') },
    seed: { type: 'integer', min: 0, max: 4294967295, description: msg('Seed of the Poisson arrivals; random (and recorded) when absent.') },
    capture: {
      type: 'oneOf',
      options: [
        { type: 'boolean' },
        {
          type: 'object',
          fields: {
            interface: { type: 'string', nonEmpty: true, description: msg('Interface to capture on. Default: `lo` for a loopback target, else `any`.') },
            snaplen: { type: 'integer', min: 96, max: 262144, unit: 'bytes', description: msg('Bytes kept of each packet (default 256: every header, little payload).') },
          },
        },
      ],
      default: false,
      description:
        msg('Capture the probe\'s own traffic with tcpdump while it runs and join every raw-client request with its packets: stages `wireWait` (request\'s last byte captured leaving -> response\'s first byte captured arriving) and `captureToRead` (response captured -> the read returned), and `stalls.afterCapture`. The capture file is written to `xenlat-captures/` beside the notebook (mode 0600). Needs tcpdump and the right to capture (root or CAP_NET_RAW); without them the probe runs without capture and says so.'),
    },
  },
};

export interface ProbeSpec {
  title?: string;
  target: string;
  protocol: 'memcached' | 'tcp-connect';
  op: 'get' | 'set';
  key: string;
  valueSize: number;
  requests?: number;
  duration?: number;
  rate?: number;
  arrival: 'constant' | 'poisson';
  mode?: 'open' | 'closed';
  connections: number;
  pipeline: number;
  warmup: number;
  timeoutMs: number;
  stallThresholdMs: number;
  pauseThresholdMs: number;
  client: 'raw' | 'memjs' | 'both';
  auth?: { user?: string; passwordEnv?: string; secret?: string };
  hostSignals: boolean;
  sampleIntervalMs: number;
  seed?: number;
  capture?: boolean | { interface?: string; snaplen?: number };
}
