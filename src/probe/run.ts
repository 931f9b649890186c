import { RunClock } from './clock';
import { encodeGet, encodeSet } from './codec';
import { HostSampler, type SignalSeries } from './host-signals';
import type { LookupFn, Target } from './lookup';
import { MemjsConnection } from './memjs-client';
import { PauseDetector, type ClientPause } from './pauses';
import { RawMemcachedConnection, type Credentials, type Done, type ProbeConnection } from './raw-client';
import type { ProbePath, RequestRecord } from './record';
import { RecordStore } from './record-store';
import { TcpConnectProbe } from './tcp-connect';

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

/** Seeded PRNG (mulberry32): Poisson arrivals must be reproducible from the recorded seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeConnections(config: ProbeConfig, clock: RunClock, hooks: ProbeHooks): Record<ProbePath, ProbeConnection[]> {
  const out: Record<ProbePath, ProbeConnection[]> = { raw: [], memjs: [], tcp: [] };
  const { target, timeoutMs, auth } = config;
  const { afterSend, lookup } = hooks;
  if (config.protocol === 'tcp-connect') {
    for (let i = 0; i < config.connections; i++) out.tcp.push(new TcpConnectProbe(i, { target, clock, timeoutMs, lookup, afterSend }));
    return out;
  }
  const value = Buffer.alloc(config.valueSize, 0x78);
  const frame = config.op === 'get' ? encodeGet(config.key) : encodeSet(config.key, value);
  let id = 0;
  if (config.client !== 'memjs') {
    const depth = config.mode === 'open' ? Math.max(1, config.pipeline ?? 1) : 1;
    for (let i = 0; i < config.connections; i++) out.raw.push(new RawMemcachedConnection(id++, { target, clock, timeoutMs, auth, frame, depth, lookup, afterSend }));
  }
  if (config.client !== 'raw') {
    for (let i = 0; i < config.connections; i++) {
      out.memjs.push(new MemjsConnection(id++, { target, clock, timeoutMs, auth, op: config.op, key: config.key, value, lookup, afterSend }));
    }
  }
  return out;
}

/** So that GETs hit: one SET of the key before anything is timed. Failures show up in the run. */
async function prefill(config: ProbeConfig, clock: RunClock, signal: AbortSignal): Promise<void> {
  if (config.protocol !== 'memcached' || config.op !== 'get') return;
  const conn = new RawMemcachedConnection(-1, {
    target: config.target,
    clock,
    timeoutMs: config.timeoutMs,
    auth: config.auth,
    frame: encodeSet(config.key, Buffer.alloc(config.valueSize, 0x78)),
  });
  const onAbort = () => conn.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  const rec = blankRecord(-1, -1, 'raw', 0, false);
  await new Promise((resolve) => conn.perform(rec, resolve));
  signal.removeEventListener('abort', onAbort);
  conn.destroy();
}

function blankRecord(seq: number, conn: number, path: ProbePath, tIntended: number, warmup: boolean): RequestRecord {
  return { seq, conn, path, warmup, tIntended, tStart: tIntended, ok: false, inflight: 0 };
}

/**
 * Runs the probe: open loop (requests sent at intended times whatever happens to earlier ones,
 * latency measured from the intended time as wrk2 does, so a stall also counts against the
 * requests that queued behind it) or closed loop (each connection sends its next request when
 * the previous one ends). Returns normally on cancel with what was measured.
 */
export async function runProbe(config: ProbeConfig, options: RunOptions): Promise<ProbeRunData> {
  const { signal } = options;
  const hooks = options.hooks ?? {};
  const clock = new RunClock();
  const pauses = new PauseDetector(clock, config.pauseThresholdMs);
  const sampler = new HostSampler(clock, hooks.procRoot ?? '/proc', config.sampleIntervalMs);
  pauses.start();
  if (config.hostSignals) await sampler.start();
  await prefill(config, clock, signal);

  const pools = makeConnections(config, clock, hooks);
  const all = [...pools.raw, ...pools.memjs, ...pools.tcp];
  const records = new RecordStore();
  const t0 = clock.now() + (config.mode === 'open' ? 1 : 0);
  const warmupCount = 'requests' in config.warmup ? config.warmup.requests : 0;
  const warmupMs = 'ms' in config.warmup ? config.warmup.ms : 0;
  const totalCount = config.durationMs === undefined ? warmupCount + config.requests : Infinity;
  const endMs = config.durationMs === undefined ? Infinity : warmupMs + config.durationMs;

  let stopped = false;
  let next = 0;
  let inflight = 0;
  const isWarmup = (seq: number, tRel: number) => seq < warmupCount || (warmupMs > 0 && tRel < warmupMs);
  const pathOf = (seq: number): ProbePath =>
    config.protocol === 'tcp-connect' ? 'tcp' : config.client === 'both' ? (seq % 2 === 0 ? 'raw' : 'memjs') : config.client;

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const progressTimer = options.onProgress
    ? setInterval(() => options.onProgress!(records, clock.now() - t0), 1000)
    : undefined;

  /** Hands `rec` to `conn`, which calls `done` when it has ended (then `ended` books it). */
  const issue = (conn: ProbeConnection, rec: RequestRecord, done: Done): void => {
    rec.conn = conn.id;
    rec.tStart = clock.now();
    rec.inflight = ++inflight;
    conn.perform(rec, done);
  };
  const ended = (rec: RequestRecord) => {
    inflight--;
    records.end(rec);
  };

  const finishIfIdle = () => {
    if (inflight === 0 && (stopped || planDone())) resolveDone();
  };

  const planDone = () => next >= totalCount || nextIntendedRel() >= endMs;
  let nextIntended = t0;
  const nextIntendedRel = () => (config.mode === 'open' ? nextIntended : clock.now()) - t0;

  /** Open loop: ends the requests that were due but still waited for a connection. */
  let dropQueued = () => {};
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    for (const c of all) c.destroy();
    dropQueued();
    finishIfIdle();
  };
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });

  if (!stopped && config.mode === 'open') {
    const rate = config.rate!;
    const random = mulberry32(config.seed);
    const gap = () => (config.arrival === 'poisson' ? (-Math.log(1 - random()) * 1000) / rate : 1000 / rate);
    const queues: Record<ProbePath, RequestRecord[]> = { raw: [], memjs: [], tcp: [] };
    // Free sending slots: `pipeline` per raw connection, one per memjs/tcp connection. Popped
    // from the end: first one request on each connection, then a second on each, and so on; a
    // slot that frees up is reused first, so at low rates requests stay on few connections.
    const depth = Math.max(1, config.pipeline ?? 1);
    const slots = (conns: ProbeConnection[], d: number) => {
      const out: ProbeConnection[] = [];
      for (let k = 0; k < d; k++) out.push(...conns);
      return out.reverse();
    };
    const free: Record<ProbePath, ProbeConnection[]> = { raw: slots(pools.raw, depth), memjs: slots(pools.memjs, 1), tcp: slots(pools.tcp, 1) };
    const byId = new Map(all.map((c) => [c.id, c]));
    const dispatch = (path: ProbePath) => {
      const q = queues[path];
      const f = free[path];
      while (!stopped && q.length > 0 && f.length > 0) issue(f.pop()!, q.shift()!, onEnd[path]);
    };
    // One callback per path, not per request: the slot comes back and the queue moves on.
    const endOn = (path: ProbePath): Done => (rec) => {
      ended(rec);
      free[path].push(byId.get(rec.conn)!);
      dispatch(path);
      finishIfIdle();
    };
    const onEnd: Record<ProbePath, Done> = { raw: endOn('raw'), memjs: endOn('memjs'), tcp: endOn('tcp') };
    // Never sent because of the cancel: they count with the cancelled, not as failures of no kind.
    dropQueued = () => {
      for (const q of Object.values(queues)) {
        for (const rec of q.splice(0)) {
          rec.cancelled = true;
          records.end(rec);
        }
      }
    };
    const tick = () => {
      timer = undefined;
      immediate = undefined;
      if (stopped) return;
      const now = clock.now();
      while (!planDone() && nextIntended <= now) {
        const seq = next++;
        const rec = blankRecord(seq, -1, pathOf(seq), nextIntended, isWarmup(seq, nextIntended - t0));
        records.add(rec);
        queues[rec.path].push(rec);
        nextIntended += gap();
      }
      if (queues.raw.length > 0) dispatch('raw');
      if (queues.memjs.length > 0) dispatch('memjs');
      if (queues.tcp.length > 0) dispatch('tcp');
      if (planDone()) {
        finishIfIdle();
        return;
      }
      // Timers oversleep by up to ~1 ms; close to the next send, poll instead so sends are on time.
      const wait = nextIntended - now;
      if (wait > 2) timer = setTimeout(tick, wait - 1.5);
      else immediate = setImmediate(tick);
    };
    const wait = t0 - clock.now();
    timer = setTimeout(tick, Math.max(0, wait));
  } else if (!stopped) {
    const worker = async (conn: ProbeConnection, path: ProbePath) => {
      while (!stopped && !planDone()) {
        const seq = next++;
        const now = clock.now();
        const rec = blankRecord(seq, conn.id, path, now, isWarmup(seq, now - t0));
        records.add(rec);
        await new Promise<void>((resolve) => issue(conn, rec, () => resolve()));
        ended(rec);
        // A refused or unresolvable target fails in microseconds; don't spin on it.
        if (!rec.ok && !stopped && rec.tEnd! - rec.tStart < 1) await new Promise((r) => setTimeout(r, 10));
      }
    };
    const workers = [
      ...pools.raw.map((c) => worker(c, 'raw')),
      ...pools.memjs.map((c) => worker(c, 'memjs')),
      ...pools.tcp.map((c) => worker(c, 'tcp')),
    ];
    Promise.all(workers).then(() => {
      if (inflight === 0) resolveDone();
    });
  }

  await done;
  signal.removeEventListener('abort', stop);
  if (progressTimer) clearInterval(progressTimer);
  const cancelled = stopped && signal.aborted;
  if (!stopped) for (const c of all) c.destroy();
  for (const c of pools.memjs) (c as MemjsConnection).close();
  const tEnd = clock.now();
  await pauses.stop();
  if (config.hostSignals) await sampler.stop();
  return {
    config,
    records,
    pauses: pauses.pauses,
    maxHeartbeatGapMs: pauses.maxGapMs,
    signals: config.hostSignals ? sampler.series : [],
    sampleIntervalMs: config.sampleIntervalMs,
    hostSignals: config.hostSignals,
    wallAtEpoch: clock.wallAtEpoch,
    t0,
    tEnd,
    cancelled,
  };
}
