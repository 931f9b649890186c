// Physical CPUs, vCPUs and the work they execute; the scheduling policy (credit1 or credit2) is
// plugged in. Everything runs on the engine's callback core: state lives in typed arrays indexed
// by vCPU/pCPU number, timers are invalidated by generation counters instead of cancelled.
//
// A vCPU has two kinds of demand:
//  - foreground work items (an ISR, the app thread's send or read): FIFO, each with a CPU cost
//    and a completion callback; they preempt background work *inside* the guest at once, because
//    the guest OS runs interrupts and woken threads ahead of its batch work;
//  - background work (µs of pending CPU time; Infinity for a CPU-bound neighbour).
// A vCPU with neither is blocked. Xen only sees runnable/blocked, so a request whose work is queued
// on a vCPU that is runnable-but-not-running waits for the hypervisor to schedule that vCPU: this is
// where the scheduler stalls come from.

import type { Simulation } from '../engine/index';
import { IntervalRing, STATE_RUN, STATE_WAIT } from './interval-ring';

export const BLOCKED = 0;
export const RUNNABLE = 1;
export const RUNNING = 2;

const CUR_NONE = 0;
const CUR_FG = 1;
const CUR_BG = 2;

/** Payload encoding: generation * GEN + index (vCPU or pCPU); exact in float64. */
const GEN = 1024;

export type WorkCallback = (payload: number) => void;

export interface VcpuSpec {
  name: string;
  domain: number;
  pcpu: number;
}

export interface DomainSpec {
  name: string;
  weight: number;
  capPercent: number;
}

/** What a scheduling policy must provide; Cpus does the mechanics (dispatch, timers, tracing). */
export interface SchedPolicy {
  /** `v` became runnable (`woke`: from blocked) or was descheduled while runnable: queue it. */
  enqueue(v: number, woke: boolean): void;
  /** Remove and return the vCPU to run next on `p`, or -1 to idle. */
  pick(p: number): number;
  /** Whether a newly runnable `v` should preempt the running `cur`. */
  preempts(v: number, cur: number): boolean;
  /** Absolute time of the next scheduling decision for running `v` on `p`; Infinity if none is needed. */
  timerAt(p: number, v: number): number;
  /** `v` ran `ranUs` since it was last charged. */
  charge(v: number, ranUs: number): void;
  /** Whether anything waits in `p`'s run queue. */
  hasWaiting(p: number): boolean;
  /** Start periodic activity (ticks, accounting). */
  start(): void;
}

class WorkQueue {
  cost = new Float64Array(8);
  orig = new Float64Array(8);
  enq = new Float64Array(8);
  start = new Float64Array(8);
  cb = new Int32Array(8);
  payload = new Float64Array(8);
  head = 0;
  len = 0;

  push(cost: number, cb: number, payload: number, now: number): void {
    if (this.len === this.cost.length) this.grow();
    const i = (this.head + this.len) & (this.cost.length - 1);
    this.cost[i] = cost;
    this.orig[i] = cost;
    this.enq[i] = now;
    this.start[i] = NaN;
    this.cb[i] = cb;
    this.payload[i] = payload;
    this.len++;
  }

  private grow(): void {
    const n = this.cost.length;
    const remap = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
      for (let k = 0; k < this.len; k++) b[k] = a[(this.head + k) & (n - 1)];
      return b;
    };
    this.cost = remap(this.cost, new Float64Array(n * 2));
    this.orig = remap(this.orig, new Float64Array(n * 2));
    this.enq = remap(this.enq, new Float64Array(n * 2));
    this.start = remap(this.start, new Float64Array(n * 2));
    this.cb = remap(this.cb, new Int32Array(n * 2));
    this.payload = remap(this.payload, new Float64Array(n * 2));
    this.head = 0;
  }
}

export class Cpus {
  readonly nv: number;
  readonly np: number;
  readonly names: string[];
  readonly vPcpu: Int32Array;
  readonly vDomain: Int32Array;
  readonly domains: DomainSpec[];
  readonly state: Uint8Array;
  readonly cur: Int32Array;
  /** When the current vCPU of a pCPU was switched in (ratelimit, slices). */
  readonly runStart: Float64Array;
  /** Last time each vCPU was charged for its run time. */
  readonly lastCharge: Float64Array;
  /** When each runnable vCPU started waiting (tracing). */
  private readonly waitStart: Float64Array;
  private readonly segStart: Float64Array;
  private readonly curKind: Uint8Array;
  private readonly gen: Float64Array;
  private readonly bg: Float64Array;
  private readonly wq: WorkQueue[];
  private readonly lastRan: Int32Array;
  private readonly timerGen: Float64Array;
  private readonly timerAt: Float64Array;
  /** Last time the vCPU was switched in or ran (for the RX-buffer refill model). */
  readonly lastRunning: Float64Array;
  private readonly callbacks: WorkCallback[] = [];
  policy!: SchedPolicy;
  ring: IntervalRing | null = null;
  readonly contextSwitchUs: number;
  readonly idleWakeUs: number;
  readonly ratelimitUs: number;

  // Set just before a work item's callback runs: when it first got the CPU, and how long it waited
  // for the CPU in total (queueing behind other items, descheduled time), beyond its own cost.
  lastItemStart = 0;
  lastItemWait = 0;

  private readonly hComplete: number;
  private readonly hBgDone: number;
  private readonly hTimer: number;

  constructor(
    readonly sim: Simulation,
    vcpus: VcpuSpec[],
    domains: DomainSpec[],
    npcpus: number,
    opts: { contextSwitchUs: number; idleWakeUs: number; ratelimitUs: number },
  ) {
    this.nv = vcpus.length;
    this.np = npcpus;
    if (this.nv >= GEN || npcpus >= GEN) throw new RangeError('too many vCPUs/pCPUs');
    this.names = vcpus.map((v) => v.name);
    this.vPcpu = Int32Array.from(vcpus.map((v) => v.pcpu));
    this.vDomain = Int32Array.from(vcpus.map((v) => v.domain));
    this.domains = domains;
    const nv = this.nv;
    this.state = new Uint8Array(nv);
    this.cur = new Int32Array(npcpus).fill(-1);
    this.runStart = new Float64Array(npcpus);
    this.lastCharge = new Float64Array(nv);
    this.waitStart = new Float64Array(nv);
    this.segStart = new Float64Array(nv);
    this.curKind = new Uint8Array(nv);
    this.gen = new Float64Array(nv);
    this.bg = new Float64Array(nv);
    this.wq = vcpus.map(() => new WorkQueue());
    this.lastRan = new Int32Array(npcpus).fill(-1);
    this.timerGen = new Float64Array(npcpus);
    this.timerAt = new Float64Array(npcpus).fill(Infinity);
    this.lastRunning = new Float64Array(nv);
    this.contextSwitchUs = opts.contextSwitchUs;
    this.idleWakeUs = opts.idleWakeUs;
    this.ratelimitUs = opts.ratelimitUs;
    this.hComplete = sim.register((p) => this.onComplete(p));
    this.hBgDone = sim.register((p) => this.onBgDone(p));
    this.hTimer = sim.register((p) => this.onTimer(p));
  }

  /** Registers a work-completion callback once; work items refer to it by id. */
  callback(fn: WorkCallback): number {
    this.callbacks.push(fn);
    return this.callbacks.length - 1;
  }

  hasWork(v: number): boolean {
    return this.wq[v].len > 0 || this.bg[v] > 0;
  }

  isRunning(v: number): boolean {
    return this.state[v] === RUNNING;
  }

  /** Queues `costUs` of foreground work on `v`; `cb(payload)` runs when it completes. */
  submit(v: number, costUs: number, cb: number, payload: number): void {
    const q = this.wq[v];
    q.push(costUs, cb, payload, this.sim.now);
    this.demandAdded(v);
  }

  /** Adds background demand (Infinity = CPU-bound forever). */
  addBackground(v: number, us: number): void {
    this.bg[v] += us;
    this.demandAdded(v);
  }

  /**
   * New demand on `v`: a blocked vCPU wakes; a running one that executes background work
   * re-dispatches, so a foreground item pre-empts the background inside the guest at once.
   */
  private demandAdded(v: number): void {
    const st = this.state[v];
    if (st === BLOCKED) this.wake(v);
    else if (st === RUNNING && this.curKind[v] === CUR_BG) {
      this.suspend(v);
      this.segStart[v] = this.sim.now;
      this.dispatch(v);
    }
  }

  /** Charges the running `v` up to now (used by ticks). */
  chargeRunning(v: number): void {
    const now = this.sim.now;
    this.policy.charge(v, now - this.lastCharge[v]);
    this.lastCharge[v] = now;
  }

  private wake(v: number): void {
    const now = this.sim.now;
    this.state[v] = RUNNABLE;
    this.waitStart[v] = now;
    this.policy.enqueue(v, true);
    this.tickle(this.vPcpu[v], v);
  }

  /** A vCPU on `p` became runnable (or more urgent): preempt, wake the idle pCPU, or arm the slice timer. */
  tickle(p: number, v: number): void {
    if (this.state[v] !== RUNNABLE) return;
    const c = this.cur[p];
    if (c < 0) {
      this.resched(p, this.idleWakeUs);
    } else if (this.policy.preempts(v, c)) {
      const t = this.runStart[p] + this.ratelimitUs;
      if (t <= this.sim.now) this.resched(p, 0);
      else this.armTimerAt(p, t);
    } else if (this.timerAt[p] === Infinity) {
      this.armTimer(p);
    }
  }

  /** Re-evaluate `p` now: the current vCPU goes back to the run queue (if runnable), the best one runs. */
  resched(p: number, extraDelay: number): void {
    const now = this.sim.now;
    const c = this.cur[p];
    if (c >= 0) {
      this.suspend(c);
      this.policy.charge(c, now - this.lastCharge[c]);
      this.lastCharge[c] = now;
      if (this.ring !== null) this.ring.push(c, p, STATE_RUN, this.runStart[p], now);
      this.lastRunning[c] = now;
      this.cur[p] = -1;
      if (this.hasWork(c)) {
        this.state[c] = RUNNABLE;
        this.waitStart[c] = now;
        this.policy.enqueue(c, false);
      } else {
        this.state[c] = BLOCKED;
      }
    }
    this.timerGen[p]++;
    this.timerAt[p] = Infinity;
    const n = this.policy.pick(p);
    if (n < 0) return;
    this.cur[p] = n;
    this.state[n] = RUNNING;
    this.runStart[p] = now;
    this.lastCharge[n] = now;
    this.lastRunning[n] = now;
    if (this.ring !== null) this.ring.push(n, p, STATE_WAIT, this.waitStart[n], now);
    const delay = extraDelay + (n === this.lastRan[p] ? 0 : this.contextSwitchUs);
    this.lastRan[p] = n;
    this.segStart[n] = now + delay;
    this.armTimer(p);
    this.dispatch(n);
  }

  /** Makes `v` unable to run (a parked, capped vCPU): deschedule it if it runs. */
  forceOff(v: number): void {
    const p = this.vPcpu[v];
    if (this.cur[p] === v) this.resched(p, 0);
  }

  private armTimer(p: number): void {
    const c = this.cur[p];
    const t = c < 0 ? Infinity : this.policy.timerAt(p, c);
    this.timerGen[p]++;
    this.timerAt[p] = t;
    if (t !== Infinity) this.sim.scheduleAt(Math.max(t, this.sim.now), this.hTimer, this.timerGen[p] * GEN + p);
  }

  private armTimerAt(p: number, t: number): void {
    if (this.timerAt[p] <= t) return;
    this.timerGen[p]++;
    this.timerAt[p] = t;
    this.sim.scheduleAt(t, this.hTimer, this.timerGen[p] * GEN + p);
  }

  private onTimer(payload: number): void {
    const p = payload % GEN;
    if ((payload - p) / GEN !== this.timerGen[p]) return;
    this.timerAt[p] = Infinity;
    this.resched(p, 0);
  }

  /** Starts (or continues) executing `v`'s work from segStart[v]. */
  private dispatch(v: number): void {
    const now = this.sim.now;
    const q = this.wq[v];
    const g = ++this.gen[v];
    const seg = this.segStart[v];
    if (q.len > 0) {
      const i = q.head;
      if (q.start[i] !== q.start[i]) q.start[i] = seg;
      this.curKind[v] = CUR_FG;
      this.sim.schedule(seg + q.cost[i] - now, this.hComplete, g * GEN + v);
    } else if (this.bg[v] > 0) {
      this.curKind[v] = CUR_BG;
      const b = this.bg[v];
      if (b !== Infinity) this.sim.schedule(seg + b - now, this.hBgDone, g * GEN + v);
    } else {
      // Nothing to do: block and let the pCPU pick someone else.
      this.curKind[v] = CUR_NONE;
      this.resched(this.vPcpu[v], 0);
    }
  }

  /** Stops executing `v`'s current work, keeping what is left of it. */
  private suspend(v: number): void {
    const kind = this.curKind[v];
    if (kind === CUR_NONE) return;
    const elapsed = this.sim.now - this.segStart[v];
    if (elapsed > 0) {
      if (kind === CUR_FG) {
        const q = this.wq[v];
        const r = q.cost[q.head] - elapsed;
        q.cost[q.head] = r > 0 ? r : 0;
      } else if (this.bg[v] !== Infinity) {
        const r = this.bg[v] - elapsed;
        this.bg[v] = r > 0 ? r : 0;
      }
    }
    this.curKind[v] = CUR_NONE;
    this.gen[v]++;
  }

  private onComplete(payload: number): void {
    const v = payload % GEN;
    if ((payload - v) / GEN !== this.gen[v]) return;
    const now = this.sim.now;
    const q = this.wq[v];
    const i = q.head;
    this.lastItemStart = q.start[i];
    this.lastItemWait = now - q.enq[i] - q.orig[i];
    const cb = q.cb[i];
    const pl = q.payload[i];
    q.head = (i + 1) & (q.cost.length - 1);
    q.len--;
    this.curKind[v] = CUR_NONE;
    this.gen[v]++;
    this.callbacks[cb](pl);
    // The callback may have preempted v (by waking a vCPU on the same pCPU); continue only if not.
    if (this.state[v] === RUNNING && this.curKind[v] === CUR_NONE) {
      this.segStart[v] = now;
      this.dispatch(v);
    }
  }

  private onBgDone(payload: number): void {
    const v = payload % GEN;
    if ((payload - v) / GEN !== this.gen[v]) return;
    this.bg[v] = 0;
    this.curKind[v] = CUR_NONE;
    this.segStart[v] = this.sim.now;
    this.dispatch(v);
  }

  /** Open intervals at the end of a run or at a snapshot, so a trace shows what is happening now. */
  openIntervals(now: number, emit: (v: number, p: number, state: 'run' | 'wait', start: number) => void): void {
    for (let v = 0; v < this.nv; v++) {
      const p = this.vPcpu[v];
      if (this.state[v] === RUNNING) emit(v, p, 'run', this.runStart[p]);
      else if (this.state[v] === RUNNABLE && this.waitStart[v] < now) emit(v, p, 'wait', this.waitStart[v]);
    }
  }
}
