// Open loop: requests are sent at their intended times whatever happens to earlier ones (latency
// counts from the intended time, as wrk2 does), queueing for a free sending slot when none is.
import { blankRecord } from './connections';
import type { Done, ProbeConnection } from './raw-client';
import type { ProbePath, RequestRecord } from './record';
import type { RunPlan } from './run-plan';

export interface OpenLoop {
  /** Cancels the pending timer (the run is stopping). */
  clearTimers(): void;
  /** Ends the requests that were due but still waited for a connection. */
  dropQueued(): void;
}

/** Seeded PRNG (mulberry32): Poisson arrivals must be reproducible from the recorded seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startOpenLoop(plan: RunPlan, pools: Record<ProbePath, ProbeConnection[]>): OpenLoop {
  const { config, clock, t0, records } = plan;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const all = [...pools.raw, ...pools.memjs, ...pools.tcp];
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
    while (!plan.stopped && q.length > 0 && f.length > 0) plan.issue(f.pop()!, q.shift()!, onEnd[path]);
  };
  // One callback per path, not per request: the slot comes back and the queue moves on.
  const endOn = (path: ProbePath): Done => (rec) => {
    plan.ended(rec);
    free[path].push(byId.get(rec.conn)!);
    dispatch(path);
    plan.finishIfIdle();
  };
  const onEnd: Record<ProbePath, Done> = { raw: endOn('raw'), memjs: endOn('memjs'), tcp: endOn('tcp') };
  const tick = () => {
    timer = undefined;
    immediate = undefined;
    if (plan.stopped) return;
    const now = clock.now();
    while (!plan.planDone() && plan.nextIntended <= now) {
      const seq = plan.next++;
      const rec = blankRecord(seq, -1, plan.pathOf(seq), plan.nextIntended, plan.isWarmup(seq, plan.nextIntended - t0));
      records.add(rec);
      queues[rec.path].push(rec);
      plan.nextIntended += gap();
    }
    if (queues.raw.length > 0) dispatch('raw');
    if (queues.memjs.length > 0) dispatch('memjs');
    if (queues.tcp.length > 0) dispatch('tcp');
    if (plan.planDone()) {
      plan.finishIfIdle();
      return;
    }
    // Timers oversleep by up to ~1 ms; close to the next send, poll instead so sends are on time.
    const wait = plan.nextIntended - now;
    if (wait > 2) timer = setTimeout(tick, wait - 1.5);
    else immediate = setImmediate(tick);
  };
  const wait = t0 - clock.now();
  timer = setTimeout(tick, Math.max(0, wait));
  return {
    clearTimers: () => {
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
    // Never sent because of the cancel: they count with the cancelled, not as failures of no kind.
    dropQueued: () => {
      for (const q of Object.values(queues)) {
        for (const rec of q.splice(0)) {
          rec.cancelled = true;
          records.end(rec);
        }
      }
    },
  };
}
