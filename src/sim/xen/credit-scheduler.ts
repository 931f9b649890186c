// Xen's credit (credit1) scheduler, after xen/common/sched_credit.c (see research notes §2.1):
//  - per-pCPU run queues sorted by priority BOOST(0) > UNDER(-1) > OVER(-2), FIFO within one;
//  - a 30 ms timeslice; a 10 ms tick that debits the running vCPU (a whole tick in the pre-4.2
//    "probabilistic" mode, the measured run time in "exact" mode) and removes BOOST;
//  - a 30 ms accounting period that hands the pool's credits (10 per ms per pCPU) to *active*
//    vCPUs by domain weight, marks credit < 0 as OVER, parks capped-out vCPUs, and stops a vCPU
//    earning once it holds more than a timeslice of credit (halving it);
//  - BOOST only for a vCPU that wakes from blocked while UNDER. An OVER vCPU that wakes is queued
//    behind every UNDER one, and a vCPU that is already runnable gets no boost when an event
//    arrives for it: both wait for whole timeslices of the vCPUs ahead of it.
// vCPUs are pinned (no load balancing); with pinning that is what Xen does too.

import type { Cpus, SchedPolicy } from './cpu';
import { insertByKey } from './run-queue';

export const PRI_BOOST = 0;
export const PRI_UNDER = -1;
export const PRI_OVER = -2;

/** Credits per ms of one pCPU (CSCHED_CREDITS_PER_MSEC). */
const CREDITS_PER_MS = 10;

export interface CreditOptions {
  tsliceMs: number;
  tickMs: number;
  acctMs: number;
  boost: boolean;
  debit: 'tick' | 'exact';
  /** cpupool of each pCPU: accounting shares credits within a pool. */
  pcpuPool: number[];
  /** Random phase of each pCPU's tick in [0, 1) of a tick (ticks are not aligned across pCPUs). */
  tickPhase: number[];
}

export class CreditScheduler implements SchedPolicy {
  readonly pri: Int8Array;
  readonly credit: Float64Array;
  readonly active: Uint8Array;
  readonly parked: Uint8Array;
  private readonly runq: number[][];
  private readonly tsliceUs: number;
  private readonly tickUs: number;
  private readonly acctUs: number;
  private readonly tsliceCredits: number;
  private readonly hTick: number;
  private readonly hAcct: number;
  /** Times a waking vCPU was boosted / was not because it was OVER (for explanations and tests). */
  boosts = 0;
  overWakes = 0;

  constructor(
    private readonly cpus: Cpus,
    private readonly o: CreditOptions,
  ) {
    const nv = cpus.nv;
    this.pri = new Int8Array(nv).fill(PRI_UNDER);
    this.credit = new Float64Array(nv);
    this.active = new Uint8Array(nv);
    this.parked = new Uint8Array(nv);
    this.runq = Array.from({ length: cpus.np }, () => []);
    this.tsliceUs = o.tsliceMs * 1000;
    this.tickUs = o.tickMs * 1000;
    this.acctUs = o.acctMs * 1000;
    this.tsliceCredits = o.tsliceMs * CREDITS_PER_MS;
    this.hTick = cpus.sim.register((p) => this.onTick(p));
    this.hAcct = cpus.sim.register((pool) => this.onAcct(pool));
  }

  start(): void {
    const sim = this.cpus.sim;
    for (let p = 0; p < this.cpus.np; p++) sim.schedule(this.tickUs * (this.o.tickPhase[p] ?? 0), this.hTick, p);
    const pools = [...new Set(this.o.pcpuPool)].sort((a, b) => a - b);
    for (const pool of pools) sim.schedule(this.acctUs, this.hAcct, pool);
  }

  enqueue(v: number, woke: boolean): void {
    if (woke) {
      if (this.pri[v] === PRI_UNDER && this.o.boost) {
        this.pri[v] = PRI_BOOST;
        this.boosts++;
      } else if (this.pri[v] === PRI_OVER) this.overWakes++;
    }
    if (this.parked[v]) return;
    this.insert(v);
  }

  private insert(v: number): void {
    insertByKey(this.runq[this.cpus.vPcpu[v]], v, this.pri);
  }

  pick(p: number): number {
    const q = this.runq[p];
    return q.length > 0 ? q.shift()! : -1;
  }

  preempts(v: number, cur: number): boolean {
    return !this.parked[v] && this.pri[v] > this.pri[cur];
  }

  hasWaiting(p: number): boolean {
    return this.runq[p].length > 0;
  }

  timerAt(p: number, _v: number): number {
    // Nobody waiting: a slice expiry would re-pick the same vCPU, so no timer is needed. When
    // someone is queued later, the slice boundary is computed from when the vCPU started.
    if (this.runq[p].length === 0) return Infinity;
    const start = this.cpus.runStart[p];
    const elapsed = this.cpus.sim.now - start;
    const k = Math.max(1, Math.ceil(elapsed / this.tsliceUs));
    return start + k * this.tsliceUs;
  }

  charge(v: number, ranUs: number): void {
    if (this.o.debit !== 'exact' || ranUs <= 0) return;
    this.debit(v, (ranUs / 1000) * CREDITS_PER_MS);
  }

  /** burn_credits(): no clamp here; csched_acct() clamps at the next accounting. */
  private debit(v: number, credits: number): void {
    this.credit[v] -= credits;
  }

  private onTick(p: number): void {
    const cpus = this.cpus;
    const c = cpus.cur[p];
    if (c >= 0) {
      if (this.o.debit === 'tick') this.debit(c, this.o.tickMs * CREDITS_PER_MS);
      else cpus.chargeRunning(c);
      // csched_vcpu_acct: a vCPU found running at a tick uses real CPU time, so it loses BOOST,
      // and it is put back on the active list (__csched_vcpu_acct_start) if accounting had
      // taken it off. Only here: a vCPU that only ever runs between ticks never becomes active.
      if (this.pri[c] === PRI_BOOST) this.pri[c] = PRI_UNDER;
      this.active[c] = 1;
    }
    cpus.sim.schedule(this.tickUs, this.hTick, p);
  }

  private onAcct(pool: number): void {
    const cpus = this.cpus;
    const pcpusInPool: number[] = [];
    for (let p = 0; p < cpus.np; p++) if (this.o.pcpuPool[p] === pool) pcpusInPool.push(p);
    const nd = cpus.domains.length;
    const activeCount = new Int32Array(nd);
    for (let v = 0; v < cpus.nv; v++) {
      if (this.o.pcpuPool[cpus.vPcpu[v]] !== pool) continue;
      // The running vCPU is charged up to now so accounting sees its consumption.
      if (cpus.isRunning(v)) cpus.chargeRunning(v);
      if (this.active[v]) activeCount[cpus.vDomain[v]]++;
    }
    let weightSum = 0;
    for (let d = 0; d < nd; d++) if (activeCount[d] > 0) weightSum += cpus.domains[d].weight;
    const acctCredits = this.o.acctMs * CREDITS_PER_MS;
    const total = acctCredits * pcpusInPool.length;
    const toPark: number[] = [];
    const toUnpark: number[] = [];
    for (let v = 0; v < cpus.nv; v++) {
      if (this.o.pcpuPool[cpus.vPcpu[v]] !== pool || !this.active[v]) continue;
      const d = cpus.vDomain[v];
      const dom = cpus.domains[d];
      let domShare = weightSum > 0 ? (total * dom.weight) / weightSum : 0;
      const capCredits = dom.capPercent > 0 ? (dom.capPercent * acctCredits) / 100 : Infinity;
      if (domShare > capCredits) domShare = capCredits;
      let share = domShare / activeCount[d];
      if (share > acctCredits) share = acctCredits; // one vCPU cannot use more than one pCPU
      let credit = this.credit[v] + share;
      if (credit < 0) {
        this.pri[v] = PRI_OVER;
        if (dom.capPercent > 0 && credit < -(dom.capPercent * this.tsliceCredits) / 100 && !this.parked[v]) toPark.push(v);
        if (credit < -this.tsliceCredits) credit = -this.tsliceCredits;
      } else {
        this.pri[v] = PRI_UNDER;
        if (this.parked[v]) toUnpark.push(v);
        if (credit > this.tsliceCredits) {
          // Not consuming its share: stop earning, keep half so it restarts "a little ahead".
          this.active[v] = 0;
          credit /= 2;
        }
      }
      this.credit[v] = credit;
    }
    for (const p of pcpusInPool) this.runq[p].sort((a, b) => this.pri[b] - this.pri[a]); // stable: FIFO kept
    for (const v of toPark) {
      this.parked[v] = 1;
      const q = this.runq[cpus.vPcpu[v]];
      const i = q.indexOf(v);
      if (i >= 0) q.splice(i, 1);
      cpus.forceOff(v);
    }
    for (const v of toUnpark) {
      this.parked[v] = 0;
      if (cpus.hasWork(v) && !cpus.isRunning(v)) {
        this.insert(v);
        cpus.tickle(cpus.vPcpu[v], v);
      }
    }
    cpus.sim.schedule(this.acctUs, this.hAcct, pool);
  }
}
